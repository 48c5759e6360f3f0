"""The reviewers' web app: log in, work the queue, decide items, read their trail.

Everything but the log-in page and static files needs a logged-in reviewer (`web.py`), and
every response carries a strict Content-Security-Policy (`headers.py`). The pages and form
handlers are in `pages.py`; this module wires them, with the pages that errors turn into.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.middleware.sessions import SessionMiddleware

from factledger.review import pages
from factledger.review.auth import SESSION_LIFETIME, LoginLimit
from factledger.review.forms import BadInput
from factledger.review.headers import SecurityHeaders, headers_for
from factledger.review.queue import InvalidDecision, ItemNotFound, ReviewQueue, StaleDecision
from factledger.review.web import BadCsrf, NotLoggedIn, make_templates, page
from factledger.store import Store
from factledger.store.faults import first_line

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger(__name__)
RETRY_AFTER = 5  # seconds a reviewer is asked to wait when the database is busy


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


def add_routes(app: FastAPI) -> None:
    """Every page and form handler."""
    app.get("/login", response_class=HTMLResponse)(pages.login_page)
    app.post("/login")(pages.login)
    app.post("/logout")(pages.logout)
    app.get("/", response_class=HTMLResponse)(pages.queue_page)
    app.post("/next")(pages.next_item)
    app.get("/done", response_class=HTMLResponse)(pages.done_page)
    app.get("/reasons", response_class=HTMLResponse)(pages.reasons_page)
    app.post("/dismiss")(pages.bulk_dismiss)
    app.get("/items/{key}", response_class=HTMLResponse)(pages.item_page)
    app.post("/items/{key}/decide")(pages.decide)
    app.get("/items/{key}/revert/{decision_id}", response_class=HTMLResponse)(pages.revert_page)
    app.post("/items/{key}/undo")(pages.undo)
    app.post("/items/{key}/claim")(pages.claim)
    app.post("/items/{key}/release")(pages.release)
    app.get("/data-docs/", response_class=HTMLResponse)(pages.data_docs_index)
    app.get("/data-docs/{run}")(pages.data_docs_run)
    app.get("/data-docs/{run}/{path:path}")(pages.data_docs)


def add_error_handlers(app: FastAPI) -> None:
    """Map review errors to pages and status codes."""

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, _: NotLoggedIn) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        # A form sent after the session ended: nothing was done; the log-in form says so.
        return page(request, "login.html", {"expired": True}, 401)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, _: BadCsrf) -> Response:
        message = "The form's CSRF token is missing or wrong: reload the page and try again."
        return page(request, "error.html", {"message": message}, 403)

    @app.exception_handler(StaleDecision)
    async def stale(request: Request, error: StaleDecision) -> Response:
        return page(request, "error.html", {"message": f"Not saved: {error}"}, 409)

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
