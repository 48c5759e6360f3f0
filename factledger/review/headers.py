"""Security headers on every response of the review app.

Every page gets a strict Content-Security-Policy (scripts and styles from the app's own
files only, nothing inline), `nosniff`, a same-origin referrer policy and no framing.
Data Docs pages hold article text rendered by a validation run, so they are served as
sandboxed documents: no script at all, no forms, nothing loaded but their inline style.
Should a page ever carry markup from an article, it can neither run nor send anything.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DATA_DOCS_FILES = "/data-docs/"
APP_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SANDBOX_POLICY = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def policy_for(path: str) -> str:
    """The CSP of a path: sandboxed for a run's Data Docs files, strict for everything else."""
    inside = path.removeprefix(DATA_DOCS_FILES) if path.startswith(DATA_DOCS_FILES) else ""
    return SANDBOX_POLICY if inside.strip("/") else APP_POLICY


def headers_for(path: str) -> dict[str, str]:
    """Every security header a response to `path` carries."""
    headers = {**COMMON, "content-security-policy": policy_for(path)}
    if not path.startswith("/static/"):
        # Pages show who is logged in and what they may decide: never keep them in a cache.
        headers["cache-control"] = "no-store"
    return headers


class SecurityHeaders:
    """ASGI middleware that sets the security headers, replacing any a handler set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in extra
                ]
                added = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, send_with_headers)
