"""Fetching from a real local HTTP server: redirects, 304s, errors, timeouts, size limits."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest

from factledger.errors import TransientFetchError
from factledger.sources.http import (
    FetchPolicy,
    HostRateLimiter,
    Validators,
    fetch_url,
    make_client,
    retry_after,
)
from tests.sources.site import Site, etag_of, page, serve_site

AT = "2026-11-22T10:00:00+00:00"
POLICY = FetchPolicy(timeout_seconds=0.5, max_bytes=100_000, min_host_interval=0.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve_site(Site(slow_seconds=1.5)) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(POLICY) as made:
        yield made


def test_fetch_url_returns_the_bytes_and_validators(site: Site, client: httpx.Client) -> None:
    result = fetch_url(client, site.url("/news/aleppo-monitor"), AT, policy=POLICY)
    body = page("aleppo-monitor.html")
    assert (result.outcome, result.status, result.media_type) == ("fetched", 200, "text/html")
    assert result.content == body
    assert result.etag == etag_of(body)
    assert result.last_modified == "Fri, 28 Oct 2016 18:30:00 GMT"
    assert result.final_url == site.url("/news/aleppo-monitor")
    assert hashlib.sha256(result.content).hexdigest() == hashlib.sha256(body).hexdigest()


def test_fetch_url_follows_a_redirect_and_keeps_both_urls(site: Site, client: httpx.Client) -> None:
    result = fetch_url(client, site.url("/old/aleppo-state"), AT, policy=POLICY)
    assert (result.url, result.final_url) == (site.url("/old/aleppo-state"), site.url("/news/aleppo-state"))
    assert (result.outcome, result.status) == ("fetched", 200)
    assert result.content == page("aleppo-state.html")


def test_fetch_url_sends_validators_and_reads_a_304(site: Site, client: httpx.Client) -> None:
    tag = etag_of(page("aleppo-state.html"))
    sent = Validators(tag, "Fri, 28 Oct 2016 18:30:00 GMT")
    result = fetch_url(client, site.url("/news/aleppo-state"), AT, validators=sent, policy=POLICY)
    assert (result.outcome, result.status, result.content) == ("not_modified", 304, None)
    assert (result.etag, result.last_modified) == (tag, "Fri, 28 Oct 2016 18:30:00 GMT")
    assert site.conditional[-1] == ("/news/aleppo-state", tag, "Fri, 28 Oct 2016 18:30:00 GMT")


def test_fetch_url_refuses_a_404_without_raising(site: Site, client: httpx.Client) -> None:
    result = fetch_url(client, site.url("/news/missing"), AT, policy=POLICY)
    assert (result.outcome, result.status, result.reason, result.content) == (
        "refused",
        404,
        "HTTP 404",
        None,
    )


def test_fetch_url_raises_transient_for_a_500(client: httpx.Client) -> None:
    with serve_site(Site(flaky_failures=1)) as fresh:
        with pytest.raises(TransientFetchError) as raised:
            fetch_url(client, fresh.url("/news/flaky"), AT, policy=POLICY)
        assert (raised.value.status, raised.value.reason) == (500, "HTTP 500")
        recovered = fetch_url(client, fresh.url("/news/flaky"), AT, policy=POLICY)
    assert (recovered.outcome, recovered.status) == ("fetched", 200)


def test_fetch_url_raises_transient_when_the_server_is_too_slow(site: Site, client: httpx.Client) -> None:
    with pytest.raises(TransientFetchError) as raised:
        fetch_url(client, site.url("/news/slow"), AT, policy=POLICY)
    assert (raised.value.status, raised.value.reason) == (None, "timed out after 0.5 s")


def test_fetch_url_raises_transient_when_nothing_listens(client: httpx.Client) -> None:
    with serve_site() as gone:
        url = gone.url("/news/aleppo-monitor")
    with pytest.raises(TransientFetchError) as raised:
        fetch_url(client, url, AT, policy=POLICY)
    assert raised.value.reason.startswith("connection failed")


def test_fetch_url_stops_reading_an_undeclared_oversized_body(site: Site, client: httpx.Client) -> None:
    result = fetch_url(client, site.url("/news/huge"), AT, policy=POLICY)
    assert (result.outcome, result.status, result.content) == ("refused", 200, None)
    assert result.reason == "body larger than 100000 bytes"


def test_fetch_url_refuses_a_declared_oversized_body(site: Site, client: httpx.Client) -> None:
    result = fetch_url(client, site.url("/news/huge-declared"), AT, policy=POLICY)
    assert (result.outcome, result.reason) == ("refused", "body larger than 100000 bytes")


def test_fetch_url_refuses_media_it_cannot_read() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"\x89PNG", headers={"Content-Type": "image/png"})

    with httpx.Client(transport=httpx.MockTransport(answer)) as mocked:
        result = fetch_url(mocked, "https://example.org/chart.png", AT, policy=POLICY)
    assert (result.outcome, result.reason) == ("refused", "unsupported media type image/png")


def test_fetch_url_raises_transient_for_429() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "30"})

    with (
        httpx.Client(transport=httpx.MockTransport(answer)) as mocked,
        pytest.raises(TransientFetchError) as raised,
    ):
        fetch_url(mocked, "https://example.org/busy", AT, policy=POLICY)
    assert raised.value.status == 429


def test_host_rate_limiter_spaces_requests_per_host() -> None:
    clock = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    limiter = HostRateLimiter(2.0, clock=lambda: clock[0], sleep=sleep)
    waits = [
        limiter.wait("https://a.example/1"),
        limiter.wait("https://a.example/2"),
        limiter.wait("https://b.example/1"),
        limiter.wait("https://A.example/3"),
    ]
    assert waits == [0.0, 2.0, 0.0, 2.0]
    assert slept == [2.0, 2.0]


TRICKLE_POLICY = FetchPolicy(
    timeout_seconds=0.5, max_bytes=100_000, min_host_interval=0.0, deadline_seconds=1.0
)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("path", ["/news/trickle", "/news/trickle-headers"])
def test_fetch_url_gives_up_at_its_deadline_on_a_trickling_server(site: Site, path: str) -> None:
    # A byte every 0.1 s never lets the 0.5 s read timeout fire; sent in full it takes 300 s.
    with make_client(TRICKLE_POLICY) as client, pytest.raises(TransientFetchError) as failed:
        fetch_url(client, site.url(path), AT, policy=TRICKLE_POLICY)
    assert failed.value.reason == "no complete answer within the 1 s deadline"


class FakeClock:
    """A clock that moves only when the limiter sleeps, so no test waits for real."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.mark.parametrize(("path", "asked"), [("/news/busy", 20.0), ("/news/busy-date", 90.0)])
def test_a_retry_after_429_waits_as_long_as_the_server_asked(
    site: Site, client: httpx.Client, path: str, asked: float
) -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(0.0, clock=clock, sleep=clock.sleep)
    with pytest.raises(TransientFetchError) as busy:
        fetch_url(client, site.url(path), AT, policy=POLICY, limiter=limiter)
    assert (busy.value.status, busy.value.retry_after) == (429, asked)
    result = fetch_url(client, site.url(path), AT, policy=POLICY, limiter=limiter)  # the retry
    assert result.outcome == "fetched"
    assert clock.slept == [asked]


def test_a_long_retry_after_is_honoured_only_up_to_the_cap() -> None:
    cap = FetchPolicy().max_retry_after
    assert retry_after({"retry-after": "86400"}, AT, cap) == 300.0
    assert retry_after({"retry-after": "Sun, 01 Jan 2040 00:00:00 GMT"}, AT, cap) == 300.0
    assert retry_after({"retry-after": "Sun, 22 Nov 2026 10:00:30 GMT"}, AT, cap) == 30.0
    assert retry_after({"retry-after": "soon"}, AT, cap) is None
    assert retry_after({}, AT, cap) is None
