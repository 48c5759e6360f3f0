"""Fetch one URL politely: timeouts, a size limit, a per-host pace and conditional GET.

The caller injects the `httpx.Client` (tests hand it a local server or a mock transport).
Outcomes a retry cannot change (404, an oversized body, a media type we cannot read) come
back as a refused `FetchResult`; failures a later attempt may cure (no connection, a
timeout, 429, 5xx) raise `TransientFetchError`, so the Prefect task's retries handle them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
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

    timeout_seconds: float = 15.0
    max_bytes: int = 5_000_000
    min_host_interval: float = 1.0  # seconds between two requests to one host
    user_agent: str = f"factledger/{factledger.__version__} (fact-check pipeline)"


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
        with client.stream("GET", url, headers=sent.headers(), timeout=policy.timeout_seconds) as response:
            result = read_response(response, url, fetched_at, policy)
    except httpx.TimeoutException as error:
        raise TransientFetchError(url, f"timed out after {policy.timeout_seconds:g} s") from error
    except httpx.TransportError as error:
        raise TransientFetchError(url, f"connection failed: {error}") from error
    if result.outcome == "not_modified":
        # A 304 need not repeat its validators; the ones we sent still hold.
        etag, modified = result.etag or sent.etag, result.last_modified or sent.last_modified
        return replace(result, etag=etag, last_modified=modified)
    return result


def read_response(response: httpx.Response, url: str, fetched_at: str, policy: FetchPolicy) -> FetchResult:
    """Turn a streamed response into a result, reading at most `max_bytes` of its body."""
    status, final_url = response.status_code, str(response.url)
    if status == 429 or status >= 500:
        raise TransientFetchError(url, f"HTTP {status}", status)
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


def failed_result(url: str, fetched_at: str, error: BaseException) -> FetchResult:
    """The record of a fetch whose every attempt failed, for the log and the report."""
    status = getattr(error, "status", None)
    reason = getattr(error, "reason", None) or str(error) or type(error).__name__
    return FetchResult(url, url, status, fetched_at, "failed", reason=reason)
