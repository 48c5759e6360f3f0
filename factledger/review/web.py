"""The review app's plumbing shared by its pages: templates, the session, the checked form.

The cookie is signed with itsdangerous (Starlette's SessionMiddleware) and carries a session
token checked against the database on every request, so log-out ends it for every copy;
every form carries the session's CSRF token. Article text is untrusted: templates
autoescape everything and never mark it safe.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData

from factledger.review.auth import session_reviewer
from factledger.review.forms import MAX_SHOWN
from factledger.review.queue import ReviewQueue
from factledger.review.words import number
from factledger.store import Store

SHORT_HASH = 12


class NotLoggedIn(Exception):
    """A request without a logged-in reviewer."""


class BadCsrf(Exception):
    """A form posted without the session's CSRF token."""


def make_templates() -> Environment:
    """Jinja2 with autoescaping on for every template."""
    env = Environment(
        loader=PackageLoader("factledger.review", "templates"), autoescape=select_autoescape(default=True)
    )
    env.filters["short"] = shorten_ids
    env.filters["num"] = number
    return env


def shorten_ids(value: str | None) -> str:
    """Content hashes cut to their first hex digits, so long ids and rule lists stay on a line.

    A list of more than two hashes (a validation's suites) shows the first and how many more.
    """
    if not value:
        return ""
    parts = [shorten_id(part) for part in value.split("+")]
    if len(parts) > 2 and all(part.startswith("sha256:") for part in parts):
        return f"{parts[0]}+{len(parts) - 1} more"
    return "+".join(parts)


def shorten_id(value: str) -> str:
    """One `sha256:<hex>` id cut short; anything else unchanged."""
    prefix, _, digest = value.partition(":")
    if prefix == "sha256" and len(digest) > SHORT_HASH:
        return f"sha256:{digest[:SHORT_HASH]}…"
    return value


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a template with the reviewer (if this request checked one), the CSRF token and
    the message left by the reviewer's last action (shown once)."""
    template = request.app.state.templates.get_template(name)
    reviewer = getattr(request.state, "reviewer", None)
    flash = request.session.pop("flash", None) if reviewer else None
    values = {"reviewer": reviewer, "csrf": csrf_token(request), "flash": flash, **context}
    return HTMLResponse(template.render(**values), status_code=status, headers=headers)


def leave_message(request: Request, text: str, key: str = "", decision: int | None = None) -> None:
    """A message for the next page; with a decision, it offers to undo it."""
    request.session["flash"] = {"text": text, "key": key, "decision": decision, "undo": decision is not None}


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def queue_of(request: Request) -> ReviewQueue:
    """The app's review queue."""
    queue: ReviewQueue = request.app.state.queue
    return queue


def store_of(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def now_of(request: Request) -> datetime:
    """The app's current time (the queue's clock), in UTC."""
    return queue_of(request).now()


def current_reviewer(request: Request) -> str:
    """The reviewer of the request's live session, or NotLoggedIn (the cookie is then cleared)."""
    token = str(request.session.get("session") or "")
    name = session_reviewer(store_of(request), token, now_of(request)) if token else None
    if not name:
        request.session.clear()
        raise NotLoggedIn()
    request.state.reviewer = name
    return name


async def checked_form(request: Request) -> FormData:
    """The posted form, refused unless it carries the session's CSRF token."""
    form = await request.form(max_files=0, max_fields=MAX_SHOWN + 20)
    sent = form.get("csrf", "")
    expected = str(request.session.get("csrf", ""))
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise BadCsrf()
    return form


# A plain function: FastAPI runs it in the thread pool, as it reads the database.
Reviewer = Annotated[str, Depends(current_reviewer)]
# Parsing the body is async; it touches no database.
Form = Annotated[FormData, Depends(checked_form)]
