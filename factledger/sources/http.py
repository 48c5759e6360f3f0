"""Fetch one URL politely: timeouts, a size limit, a per-host pace and conditional GET.

A fetch has a total deadline as well as a per-read timeout: a server that sends a byte
just before each read would time out never holds a fetch past its deadline. A 429 or 503
with Retry-After holds its host in the pace keeper for that long (capped), so the retry,
and every other request to that host, waits as the server asked.

The caller injects the `httpx.Client` (tests hand it a local server or a mock transport).
Outcomes a retry cannot change (404, an oversized body, a media type we cannot read) come
back as a refused `FetchResult`; failures a later attempt may cure (no connection, a
timeout, 429, 5xx) raise `TransientFetchError`, so the Prefect task's retries handle them.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

import factledger
from factledger.errors import TransientFetchError

TEXT_MEDIA_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how polite a fetcher is."""

    timeout_seconds: float = 15.0  # longest wait for any one connect or read
    max_bytes: int = 5_000_000
    min_host_interval: float = 1.0  # seconds between two requests to one host
    user_agent: str = f"factledger/{factledger.__version__} (fact-check pipeline)"
    deadline_seconds: float = 60.0  # longest one fetch may take in all, however the bytes trickle
    max_retry_after: float = 300.0  # a longer Retry-After is honoured only this far


@dataclass(frozen=True)
class Validators:
    """What a server said about a page last time, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The If-None-Match / If-Modified-Since headers these validators allow."""
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class FetchResult:
    """What one request brought back.

    `outcome` is `fetched` (bytes in `content`), `not_modified` (304: the page we hold is
    current), `refused` (a final answer such as 404 or an oversized body, with `reason`)
    or `failed` (transient failures that outlived every retry).
    """

    url: str
    final_url: str
    status: int | None
    fetched_at: str
    outcome: str
    content: bytes | None = None
    media_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


class HostRateLimiter:
    """Keeps at least `min_interval` seconds between requests to the same host, across threads."""

    def __init__(
        self,
        min_interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def hold(self, url: str, seconds: float) -> None:
        """Ask this URL's host nothing for `seconds` from now (the server's Retry-After)."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            until = self.clock() + seconds
            self._next_slot[host] = max(self._next_slot.get(host, until), until)

    def wait(self, url: str) -> float:
        """Block until this URL's host may be asked again; return the seconds waited."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = self.clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.min_interval
        delay = slot - now
        if delay > 0:
            self.sleep(delay)
        return delay


class FetchDeadline:
    """Ends one fetch at its deadline by shutting its sockets down from a timer thread.

    httpx's timeouts bound each read, not the whole fetch; a blocked read returns at once
    when its socket is shut down, and the fetch fails as a transient error.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> FetchDeadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace hook: learn each socket the fetch connects."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        """Shut this network stream's socket down at the deadline (at once if it has passed)."""
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            late = self.expired.is_set()
        if late:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired.set()
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already
        sock.shutdown(socket.SHUT_RDWR)


def make_client(policy: FetchPolicy) -> httpx.Client:
    """A client that follows redirects, names itself and gives up after the policy's timeout."""
    headers = {"User-Agent": policy.user_agent}
    return httpx.Client(follow_redirects=True, timeout=policy.timeout_seconds, headers=headers)


def fetch_url(
    client: httpx.Client,
    url: str,
    fetched_at: str,
    validators: Validators | None = None,
    policy: FetchPolicy | None = None,
    limiter: HostRateLimiter | None = None,
) -> FetchResult:
    """GET one URL; raise TransientFetchError for what a retry may cure."""
    policy = policy or FetchPolicy()
    if limiter is not None:
        limiter.wait(url)
    sent = validators or Validators()
    try:
        result = _get(client, url, sent, fetched_at, policy)
    except TransientFetchError as error:
        if limiter is not None and error.retry_after:
            limiter.hold(url, error.retry_after)
        raise
    if result.outcome == "not_modified":
        # A 304 need not repeat its validators; the ones we sent still hold.
        etag, modified = result.etag or sent.etag, result.last_modified or sent.last_modified
        return replace(result, etag=etag, last_modified=modified)
    return result


def _get(
    client: httpx.Client, url: str, sent: Validators, fetched_at: str, policy: FetchPolicy
) -> FetchResult:
    """One GET within the policy's deadline; transport failures become TransientFetchError."""
    deadline = FetchDeadline(policy.deadline_seconds)
    options: dict[str, Any] = {"headers": sent.headers(), "timeout": policy.timeout_seconds}
    try:
        with deadline, client.stream("GET", url, extensions={"trace": deadline.trace}, **options) as response:
            deadline.watch(response.extensions.get("network_stream"))
            result = read_response(response, url, fetched_at, policy)
    except httpx.TransportError as error:
        raise _transport_failure(url, policy, deadline, error) from error
    if deadline.expired.is_set():  # a body that ends with the connection was cut short by us
        raise _transport_failure(url, policy, deadline, None)
    return result


def _transport_failure(
    url: str, policy: FetchPolicy, deadline: FetchDeadline, error: httpx.TransportError | None
) -> TransientFetchError:
    if deadline.expired.is_set():
        return TransientFetchError(
            url, f"no complete answer within the {policy.deadline_seconds:g} s deadline"
        )
    if isinstance(error, httpx.TimeoutException):
        return TransientFetchError(url, f"timed out after {policy.timeout_seconds:g} s")
    return TransientFetchError(url, f"connection failed: {error}")


def read_response(response: httpx.Response, url: str, fetched_at: str, policy: FetchPolicy) -> FetchResult:
    """Turn a streamed response into a result, reading at most `max_bytes` of its body."""
    status, final_url = response.status_code, str(response.url)
    if status == 429 or status >= 500:
        wait = retry_after(response.headers, fetched_at, policy.max_retry_after)
        raise TransientFetchError(url, f"HTTP {status}", status, wait)
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    done = FetchResult(url, final_url, status, fetched_at, "refused", etag=etag, last_modified=modified)
    if status == 304:
        return replace(done, outcome="not_modified", reason=None)
    if status >= 400 or status < 200:
        return replace(done, reason=f"HTTP {status}")
    media_type = response.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if media_type not in TEXT_MEDIA_TYPES:
        return replace(done, media_type=media_type, reason=f"unsupported media type {media_type}")
    body = read_limited(response, policy.max_bytes)
    if body is None:
        return replace(done, media_type=media_type, reason=f"body larger than {policy.max_bytes} bytes")
    return replace(done, outcome="fetched", content=body, media_type=media_type, reason=None)


def read_limited(response: httpx.Response, max_bytes: int) -> bytes | None:
    """The body, or None as soon as it grows past `max_bytes` (the rest is never read)."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        return None
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def retry_after(headers: Mapping[str, str], fetched_at: str, cap: float) -> float | None:
    """Seconds a server asked us to wait (Retry-After in seconds or as an HTTP date), at most `cap`.

    A date is measured from the server's own Date header when it sent one (clocks differ),
    else from the fetch time. None when there is no usable header.
    """
    raw = (headers.get("retry-after") or "").strip()
    if raw.isdigit():
        return min(float(raw), cap)
    when = _http_date(raw)
    if when is None:
        return None
    now = _http_date(headers.get("date") or "") or _iso_time(fetched_at)
    if now is None:
        return None
    return min(max((when - now).total_seconds(), 0.0), cap)


def _http_date(raw: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def _iso_time(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def failed_result(url: str, fetched_at: str, error: BaseException) -> FetchResult:
    """The record of a fetch whose every attempt failed, for the log and the report."""
    status = getattr(error, "status", None)
    reason = getattr(error, "reason", None) or str(error) or type(error).__name__
    return FetchResult(url, url, status, fetched_at, "failed", reason=reason)
