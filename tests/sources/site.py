"""A small news site on 127.0.0.1, served from a thread, for the fetching tests.

Routes: /feed.xml (RSS), /news/aleppo-monitor and /news/aleppo-state (HTML with ETag and
Last-Modified, 304 on a matching conditional GET), /old/aleppo-state (301 to the state
page), /news/flaky (500 for the first `flaky_failures` requests, then a page), /news/missing
(404), /news/slow (answers after `slow_seconds`), /news/huge (a body of `huge_bytes`, sent
without Content-Length), /news/huge-declared (the same with Content-Length), /news/trickle
(a body one byte every `trickle_seconds`, each byte well within a read timeout, for
`trickle_bytes` bytes), /news/trickle-headers (its headers sent the same way) and
/news/busy, /news/busy-date (429 with Retry-After in seconds, or as an HTTP date with the
server's Date, for the first request; then a page).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "site"
LAST_MODIFIED = "Fri, 28 Oct 2016 18:30:00 GMT"
FLAKY_PAGE = (
    b"<html><head><title>Aid convoy reaches Aleppo | Levant Wire</title></head><body><article>"
    b"<h1>Aid convoy reaches Aleppo</h1><p>A convoy of 40 trucks reached the city on Friday, "
    b"the Syrian Arab Red Crescent said.</p></article></body></html>"
)


@dataclass
class Site:
    """The site's knobs and what it saw: requests per path and the conditional headers sent."""

    flaky_failures: int = 2
    slow_seconds: float = 2.0
    huge_bytes: int = 300_000
    trickle_seconds: float = 0.1
    trickle_bytes: int = 3_000
    hits: Counter[str] = field(default_factory=Counter)
    conditional: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    base_url: str = ""

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to one Site."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
            return

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            site.hits[self.path] += 1
            route = ROUTES.get(self.path)
            if route is None:
                self.send_body(404, b"not found", "text/plain")
                return
            route(self, site)

        def send_body(
            self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve_cached(handler: BaseHTTPRequestHandler, site: Site, name: str) -> None:
    body = page(name)
    tag = etag_of(body)
    sent_tag = handler.headers.get("If-None-Match")
    site.conditional.append((handler.path, sent_tag, handler.headers.get("If-Modified-Since")))
    if sent_tag == tag:
        handler.send_response(304)
        handler.send_header("ETag", tag)
        handler.end_headers()
        return
    headers = {"ETag": tag, "Last-Modified": LAST_MODIFIED}
    handler.send_body(200, body, "text/html; charset=utf-8", headers)  # type: ignore[attr-defined]


def serve_flaky(handler: BaseHTTPRequestHandler, site: Site) -> None:
    if site.hits[handler.path] <= site.flaky_failures:
        handler.send_body(500, b"upstream error", "text/plain")  # type: ignore[attr-defined]
        return
    handler.send_body(200, FLAKY_PAGE, "text/html; charset=utf-8")  # type: ignore[attr-defined]


def serve_slow(handler: BaseHTTPRequestHandler, site: Site) -> None:
    time.sleep(site.slow_seconds)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
        handler.send_body(200, b"<html><body><p>late</p></body></html>", "text/html")  # type: ignore[attr-defined]


def serve_huge(handler: BaseHTTPRequestHandler, site: Site, declared: bool) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if declared:
        handler.send_header("Content-Length", str(site.huge_bytes))
    handler.end_headers()
    try:
        for _ in range(site.huge_bytes // 10_000):
            handler.wfile.write(b"<p>" + b"x" * 9_993 + b"</p>")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading at its limit
    handler.close_connection = True


def trickle(handler: BaseHTTPRequestHandler, site: Site, data: bytes) -> None:
    """Send `data` a byte at a time, each just in time to keep the client's read alive."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
        for index in range(len(data)):
            handler.wfile.write(data[index : index + 1])
            handler.wfile.flush()
            time.sleep(site.trickle_seconds)
    handler.close_connection = True


def serve_trickle(handler: BaseHTTPRequestHandler, site: Site) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(site.trickle_bytes))
    handler.end_headers()
    handler.wfile.flush()
    trickle(handler, site, b"x" * site.trickle_bytes)


def serve_trickle_headers(handler: BaseHTTPRequestHandler, site: Site) -> None:
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: "
    trickle(handler, site, headers + b"x" * site.trickle_bytes + b"\r\nContent-Length: 2\r\n\r\nok")


def serve_busy(handler: BaseHTTPRequestHandler, site: Site, retry_after: str) -> None:
    if site.hits[handler.path] == 1:
        handler.send_response_only(429)  # no Date of its own: the server's clock is the one below
        handler.send_header("Date", "Fri, 28 Oct 2016 18:30:00 GMT")
        handler.send_header("Retry-After", retry_after)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    handler.send_body(200, FLAKY_PAGE, "text/html; charset=utf-8")  # type: ignore[attr-defined]


def serve_redirect(handler: BaseHTTPRequestHandler, site: Site) -> None:
    handler.send_response(301)
    handler.send_header("Location", "/news/aleppo-state")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


ROUTES = {
    "/feed.xml": lambda h, s: h.send_body(200, page("feed.xml"), "application/rss+xml"),
    "/news/aleppo-monitor": lambda h, s: serve_cached(h, s, "aleppo-monitor.html"),
    "/news/aleppo-state": lambda h, s: serve_cached(h, s, "aleppo-state.html"),
    "/old/aleppo-state": serve_redirect,
    "/news/flaky": serve_flaky,
    "/news/slow": serve_slow,
    "/news/huge": lambda h, s: serve_huge(h, s, declared=False),
    "/news/huge-declared": lambda h, s: serve_huge(h, s, declared=True),
    "/news/trickle": serve_trickle,
    "/news/trickle-headers": serve_trickle_headers,
    "/news/busy": lambda h, s: serve_busy(h, s, "20"),
    "/news/busy-date": lambda h, s: serve_busy(h, s, "Fri, 28 Oct 2016 18:31:30 GMT"),
}


@contextmanager
def serve_site(site: Site | None = None) -> Iterator[Site]:
    """Serve the site on a free port of 127.0.0.1 until the block ends."""
    site = site or Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
