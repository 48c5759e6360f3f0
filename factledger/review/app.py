"""The reviewers' web app: log in, work the queue, decide items, read their trail.

Everything but the log-in page and static files needs a logged-in reviewer. The cookie is
signed with itsdangerous (Starlette's SessionMiddleware) and carries a session token that is
checked against the database on every request, so log-out ends it for every copy; every form
carries the session's CSRF token. Article text is untrusted: templates autoescape everything
and never mark it safe, and every response carries a strict Content-Security-Policy.

Handlers are plain functions: FastAPI runs them in its thread pool, so a request waiting on
the database never holds up the others.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.datastructures import FormData
from starlette.middleware.sessions import SessionMiddleware

from factledger.core.models import Claim
from factledger.provenance.trace import number, trace
from factledger.quality.datadocs import find_run, list_runs
from factledger.review.auth import (
    SESSION_LIFETIME,
    LoginLimit,
    LoginRefused,
    check_login_allowed,
    end_session,
    record_failed_login,
    session_reviewer,
    start_session,
    verify_reviewer,
)
from factledger.review.forms import MAX_SHOWN, BadInput, decision_form, queue_filter, shown_items, text
from factledger.review.headers import SecurityHeaders, headers_for
from factledger.review.queue import (
    ACTIONS,
    InvalidDecision,
    ItemDetail,
    ItemNotFound,
    ReviewQueue,
    StaleDecision,
)
from factledger.store import Store
from factledger.store.faults import first_line

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger(__name__)
RETRY_AFTER = 5  # seconds a reviewer is asked to wait when the database is busy
CONTEXT_CHARS = 240
FILTERS = ("state", "kind", "severity", "event", "reviewer")
SHORT_HASH = 12


class NotLoggedIn(Exception):
    """A request without a logged-in reviewer."""


class BadCsrf(Exception):
    """A form posted without the session's CSRF token."""


@dataclass(frozen=True)
class Highlight:
    """A claim's quote in its article context, cut into pieces the template escapes."""

    before: str
    quote_before: str
    figure: str
    quote_after: str
    after: str


def make_templates() -> Environment:
    """Jinja2 with autoescaping on for every template."""
    env = Environment(
        loader=PackageLoader("factledger.review", "templates"), autoescape=select_autoescape(default=True)
    )
    env.globals["ACTIONS"] = ACTIONS
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


def create_app(
    store: Store,
    secret_key: str | None = None,
    queue: ReviewQueue | None = None,
    home: Path | None = None,
    session_lifetime: timedelta = SESSION_LIFETIME,
    secure_cookie: bool = False,
    login_limit: LoginLimit | None = None,
) -> FastAPI:
    """The web app over a store; a random session key unless one is given.

    `home` is the FACTLEDGER_HOME folder whose Data Docs are served at /data-docs/. Sessions
    last `session_lifetime`; `secure_cookie` sends the cookie over HTTPS only (behind TLS).
    """
    app = FastAPI(title="factledger review", docs_url=None, redoc_url=None, openapi_url=None)
    # Lax, not Strict: links from the sandboxed Data Docs (an opaque origin) must keep the
    # reviewer logged in. Forms are guarded by the CSRF token, and no GET changes anything.
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or secrets.token_urlsafe(32),
        session_cookie="factledger_session",
        max_age=int(session_lifetime.total_seconds()),
        same_site="lax",
        https_only=secure_cookie,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.store = store
    app.state.queue = queue or ReviewQueue(store)
    app.state.templates = make_templates()
    app.state.home = home
    app.state.session_lifetime = session_lifetime
    app.state.login_limit = login_limit or LoginLimit()
    add_error_handlers(app)
    add_routes(app)
    return app


def add_error_handlers(app: FastAPI) -> None:
    """Map review errors to pages and status codes."""

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, _: NotLoggedIn) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return HTMLResponse("log in first", status_code=401)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, _: BadCsrf) -> Response:
        return page(request, "error.html", {"message": "the form's CSRF token is missing or wrong"}, 403)

    @app.exception_handler(StaleDecision)
    async def stale(request: Request, error: StaleDecision) -> Response:
        return page(request, "error.html", {"message": f"stale: {error}"}, 409)

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput) -> Response:
        return page(request, "error.html", {"message": str(error)}, 400)

    @app.exception_handler(InvalidDecision)
    async def invalid(request: Request, error: InvalidDecision) -> Response:
        return page(request, "error.html", {"message": str(error)}, 400)

    @app.exception_handler(ItemNotFound)
    async def missing(request: Request, error: ItemNotFound) -> Response:
        return page(request, "error.html", {"message": str(error)}, 404)

    @app.exception_handler(SQLAlchemyError)
    async def database_fault(request: Request, error: SQLAlchemyError) -> Response:
        LOG.warning("database fault on %s %s: %s", request.method, request.url.path, first_line(error))
        if is_busy(error):
            message = "The database is busy with other work; nothing was changed. Try again in a few seconds."
            return page(request, "error.html", {"message": message}, 503, {"Retry-After": str(RETRY_AFTER)})
        return page(request, "error.html", {"message": database_message(error)}, 503)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # The traceback goes to the server's log (uvicorn logs it), never to the page.
        message = (
            "Something went wrong on the server; nothing more was changed. The error is in the server's log."
        )
        # This answer is sent from outside the middleware stack, so it sets its own headers.
        return page(request, "error.html", {"message": message}, 500, headers_for(request.url.path))


def is_busy(error: SQLAlchemyError) -> bool:
    """Whether the database refused because another writer holds its lock (SQLite) or a row lock."""
    text = first_line(error).lower()
    return isinstance(error, OperationalError) and ("locked" in text or "busy" in text or "lock" in text)


def database_message(error: SQLAlchemyError) -> str:
    """What the reviewer is told of a database fault: what happened, not how."""
    if "readonly" in first_line(error).lower().replace("-", ""):
        return "The review database is read-only, so nothing can be saved; ask the operator to check it."
    return "The review database could not answer; nothing was changed. Try again, or ask the operator."


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a template with the logged-in reviewer (if this request checked one) and the CSRF token."""
    template = request.app.state.templates.get_template(name)
    reviewer = getattr(request.state, "reviewer", None)
    values = {"reviewer": reviewer, "csrf": csrf_token(request), **context}
    return HTMLResponse(template.render(**values), status_code=status, headers=headers)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def now_of(request: Request) -> datetime:
    """The app's current time (the queue's clock), in UTC."""
    return queue_of(request).now()


def current_reviewer(request: Request) -> str:
    """The reviewer of the request's live session, or NotLoggedIn (the cookie is then cleared)."""
    token = str(request.session.get("session") or "")
    name = session_reviewer(request.app.state.store, token, now_of(request)) if token else None
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


def queue_of(request: Request) -> ReviewQueue:
    """The app's review queue."""
    queue: ReviewQueue = request.app.state.queue
    return queue


def goto_next(request: Request, reviewer: str, skip: list[str]) -> RedirectResponse:
    """Claim the reviewer's next item and go to it; the queue page when none is left."""
    item = queue_of(request).claim_next(reviewer, skip=skip)
    return RedirectResponse(f"/items/{item.key}" if item else "/", status_code=303)


def add_routes(app: FastAPI) -> None:
    """Every page and form handler."""
    app.get("/login", response_class=HTMLResponse)(login_page)
    app.post("/login")(login)
    app.post("/logout")(logout)
    app.get("/", response_class=HTMLResponse)(queue_page)
    app.post("/next")(next_item)
    app.post("/dismiss")(bulk_dismiss)
    app.get("/items/{key}", response_class=HTMLResponse)(item_page)
    app.post("/items/{key}/decide")(decide)
    app.post("/items/{key}/claim")(claim)
    app.post("/items/{key}/release")(release)
    app.get("/data-docs/", response_class=HTMLResponse)(data_docs_index)
    app.get("/data-docs/{run}")(data_docs_run)
    app.get("/data-docs/{run}/{path:path}")(data_docs)


def data_docs_index(request: Request, _: Reviewer) -> HTMLResponse:
    """Every validation run's Data Docs, newest first; runs that validated nothing are left out."""
    home: Path | None = request.app.state.home
    return page(request, "data_docs.html", {"runs": list_runs(home) if home else []})


def data_docs_run(run: str, _: Reviewer) -> Response:
    """A run's folder without its slash: its index, so relative links resolve inside it."""
    return RedirectResponse(f"/data-docs/{quote(run)}/", status_code=303)


def data_docs(request: Request, run: str, path: str, _: Reviewer) -> Response:
    """One page of a run's Data Docs (offline HTML, served sandboxed), to reviewers only."""
    home: Path | None = request.app.state.home
    folder = find_run(home, run) if home else None
    target = (folder / (path or "index.html")).resolve() if folder else None
    # Never serve anything outside the run's folder, whatever the path says.
    if (
        folder is None
        or target is None
        or not target.is_file()
        or not target.is_relative_to(folder.resolve())
    ):
        return page(request, "error.html", {"message": f"no such Data Docs page: {run}/{path}"}, 404)
    return FileResponse(target)


def login_page(request: Request) -> HTMLResponse:
    """The log-in form."""
    return page(request, "login.html", {"failed": False})


def client_address(request: Request) -> str:
    """The client's address (behind a proxy, uvicorn's --proxy-headers makes it the real one)."""
    return request.client.host if request.client else "unknown"


def login(request: Request, form: Form) -> Response:
    """Check name and secret, unless they failed too often lately; on success start a session."""
    store, now, limit = request.app.state.store, now_of(request), request.app.state.login_limit
    name, address = text(form, "name", 64), client_address(request)
    try:
        check_login_allowed(store, name, address, now, limit)
    except LoginRefused as refused:
        wait = {"Retry-After": str(int(refused.retry_after.total_seconds()) + 1)}
        return page(request, "login.html", {"refused": str(refused), "name": name}, 429, wait)
    if not verify_reviewer(store, name, text(form, "secret", 1024)):
        record_failed_login(store, name, address, now, limit)
        return page(request, "login.html", {"failed": True, "name": name}, 401)
    token = start_session(store, name, now, request.app.state.session_lifetime)
    request.session.clear()
    request.session["session"] = token
    csrf_token(request)
    return RedirectResponse("/", status_code=303)


def logout(request: Request, _: Reviewer, form: Form) -> Response:
    """End the session in the database, so no copy of the cookie works any more."""
    end_session(request.app.state.store, str(request.session.get("session")), now_of(request))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def queue_page(request: Request, _: Reviewer) -> HTMLResponse:
    """The queue with filters, highest priority first."""
    wanted = queue_filter(request.query_params)
    listed = queue_of(request).items(wanted, limit=500)
    query = urlencode({k: v for k, v in request.query_params.items() if k in FILTERS and v})
    return page(request, "queue.html", {"items": listed, "wanted": wanted, "query": query})


def next_item(request: Request, reviewer: Reviewer, form: Form) -> Response:
    """Release the current item (if any) and claim the next one."""
    current = text(form, "current")
    if current:
        queue_of(request).release(current, reviewer)
    return goto_next(request, reviewer, [current] if current else [])


def bulk_dismiss(request: Request, reviewer: Reviewer, form: Form) -> Response:
    """Dismiss exactly the items the queue page showed (sent with the form), at their versions."""
    shown = shown_items([str(value) for value in form.getlist("item")])
    count = queue_of(request).dismiss_shown(shown, reviewer, text(form, "note", 2000))
    return page(request, "error.html", {"message": f"dismissed {count} item(s)", "ok": True})


def item_page(request: Request, key: str, _: Reviewer) -> HTMLResponse:
    """One item: figures side by side, quotes in context, sources, the provenance trail, history."""
    detail = queue_of(request).detail(key)
    trail = trace(request.app.state.store, key)
    shown = {claim.id for claim in detail.claims}
    context = {
        "detail": detail,
        "item": detail.item,
        "highlights": {c.id: highlight(detail, c) for c in detail.claims},
        "trail": trail,
        "claim_trails": {t.id: t for t in trail.claims},
        "other_trails": [t for t in trail.claims if t.id not in shown],
        "about": {d.id: d.about for d in trail.decisions},
        "default_claim": default_claim(detail),
    }
    return page(request, "item.html", context)


def decide(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Record a decision from the item page, then go to the reviewer's next item."""
    posted = decision_form(form)
    queue_of(request).decide(key, posted.version, reviewer, posted.action, posted.payload, posted.note)
    return goto_next(request, reviewer, [key])


def claim(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Take the lease on an item."""
    queue_of(request).claim(key, reviewer)
    return RedirectResponse(f"/items/{key}", status_code=303)


def release(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Give back the lease on an item."""
    queue_of(request).release(key, reviewer)
    return RedirectResponse("/", status_code=303)


def highlight(detail: ItemDetail, claim: Claim) -> Highlight:
    """The claim's quote within its surrounding text, the figure marked inside it.

    The context is cut at whole words, and an ellipsis shows where the text goes on.
    """
    text = detail.texts.get(claim.document_id, "")
    start, end = claim.quote_start - CONTEXT_CHARS, claim.quote_end + CONTEXT_CHARS
    before, after = text[max(0, start) : claim.quote_start], text[claim.quote_end : end]
    return Highlight(
        before=f"…{clip_start(before)}" if start > 0 else before,
        quote_before=text[claim.quote_start : claim.start],
        figure=text[claim.start : claim.end],
        quote_after=text[claim.end : claim.quote_end],
        after=f"{clip_end(after)}…" if end < len(text) else after,
    )


def clip_start(context: str) -> str:
    """Leading context from its first whole word (unchanged when it has no break)."""
    parts = context.split(None, 1)
    return parts[1] if len(parts) == 2 and not context[:1].isspace() else context.lstrip()


def clip_end(context: str) -> str:
    """Trailing context up to its last whole word (unchanged when it has no break)."""
    parts = context.rsplit(None, 1)
    return parts[0] if len(parts) == 2 and not context[-1:].isspace() else context.rstrip()


def default_claim(detail: ItemDetail) -> str | None:
    """The claim the accept shortcut picks: the one giving the conservative headline."""
    if detail.conflict is None or not detail.claims:
        return detail.claims[0].id if detail.claims else None
    headline = detail.conflict.reconciled.headline
    for claim in detail.claims:
        floor = claim.value_low if claim.value_low is not None else claim.value_high
        if floor is not None and headline is not None and float(floor) == float(headline):
            return claim.id
    return detail.claims[0].id
