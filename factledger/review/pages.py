"""The review app's pages and form handlers.

Plain functions: FastAPI runs them in its thread pool, so a request waiting on the database
never holds up the others. A decision that cannot be saved (a missing note, a lease another
reviewer holds, a version that moved on) brings the reviewer back to the item's own page
with what went wrong and what to do, never to a dead end.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from factledger.provenance.trace import trace
from factledger.quality.datadocs import find_run, list_runs
from factledger.review import views, words
from factledger.review.auth import (
    LoginRefused,
    check_login_allowed,
    end_session,
    record_failed_login,
    start_session,
    verify_reviewer,
)
from factledger.review.forms import (
    BadInput,
    DecisionForm,
    decision_form,
    queue_view,
    shown_items,
    text,
    whole_number,
)
from factledger.review.listing import items_to_do, overviews
from factledger.review.queue import InvalidDecision, ItemDetail, NotHeld, StaleDecision
from factledger.review.web import (
    Form,
    Reviewer,
    csrf_token,
    leave_message,
    now_of,
    page,
    queue_of,
    store_of,
)
from factledger.store.records import QUEUE_STATES
from factledger.store.review import ItemFilter

LISTED = 500  # items a queue page shows at most


def login_page(request: Request) -> HTMLResponse:
    """The log-in form."""
    return page(request, "login.html", {"failed": False})


def client_address(request: Request) -> str:
    """The client's address (behind a proxy, uvicorn's --proxy-headers makes it the real one)."""
    return request.client.host if request.client else "unknown"


def login(request: Request, form: Form) -> Response:
    """Check name and secret, unless they failed too often lately; on success start a session."""
    store, now, limit = store_of(request), now_of(request), request.app.state.login_limit
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
    end_session(store_of(request), str(request.session.get("session")), now_of(request))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def queue_page(request: Request, reviewer: Reviewer) -> HTMLResponse:
    """The items to do (or those the filters ask for), most urgent first, in words."""
    view = queue_view(request.query_params)
    queue, now = queue_of(request), now_of(request)
    listed = items_to_do(queue, view.filter, LISTED) if view.todo else queue.items(view.filter, LISTED)
    found = overviews(queue, listed)
    rows = []
    for entry in listed:
        overview = found.get(entry.item.key)
        conflict, claims = (overview.conflict, overview.claims) if overview else (None, ())
        rows.append(views.row_of(entry, conflict, claims, now, reviewer))
    return page(request, "queue.html", {"rows": rows, "view": view, "states": QUEUE_STATES})


def goto_next(request: Request, reviewer: str, skip: list[str]) -> RedirectResponse:
    """Claim the reviewer's next item and go to it; the empty-queue page when none is left."""
    item = queue_of(request).claim_next(reviewer, skip=skip)
    return RedirectResponse(f"/items/{item.key}" if item else "/done", status_code=303)


def next_item(request: Request, reviewer: Reviewer, form: Form) -> Response:
    """Release the current item (if the reviewer holds it) and claim the next one."""
    current = text(form, "current")
    if current:
        # Moving on from an item never claimed, or whose lease ended, gives nothing back.
        with suppress(NotHeld):
            queue_of(request).release(current, reviewer)
    return goto_next(request, reviewer, [current] if current else [])


def done_page(request: Request, _: Reviewer) -> HTMLResponse:
    """No item is free to take: say so, and how many are held by others."""
    held = len(items_to_do(queue_of(request), ItemFilter(), LISTED))
    return page(request, "done.html", {"held": held})


def reasons_page(request: Request, _: Reviewer) -> HTMLResponse:
    """Every reason code with its meaning, one click from each item."""
    return page(request, "reasons.html", {"reasons": list(words.REASONS.items())})


def bulk_dismiss(request: Request, reviewer: Reviewer, form: Form) -> Response:
    """Dismiss exactly the items the queue page showed (sent with the form), at their versions."""
    shown = shown_items([str(value) for value in form.getlist("item")])
    count = queue_of(request).dismiss_shown(shown, reviewer, text(form, "note", 2000))
    return page(request, "error.html", {"message": f"dismissed {count} item(s)", "ok": True})


def item_page(request: Request, key: str, reviewer: Reviewer) -> HTMLResponse:
    """One item: its sentence, the figures side by side with their quotes, history, trail."""
    return item_response(request, key, reviewer)


def item_response(
    request: Request,
    key: str,
    reviewer: str,
    error: str = "",
    status: int = 200,
    posted: dict[str, Any] | None = None,
) -> HTMLResponse:
    """An item's page, with a problem of the last try (if any) shown where it happened."""
    detail, now = queue_of(request).detail(key), now_of(request)
    context = item_context(detail, reviewer, now)
    clash = views.clash_words(detail.item, reviewer, now) if status == 409 else ""
    context.update(error="" if clash else error, clash=clash, posted=posted or {})
    if "note" in error:
        context["error_field"] = "note"
    if detail.item.kind == "quality":
        rule, table, count, findings = views.findings_of(detail)
        context.update(rule=rule, table=table, count=count, findings=findings)
        return page(request, "quality.html", context, status)
    trail = trace(store_of(request), key)
    shown = {claim.id for claim in detail.claims}
    context.update(
        trail=trail,
        claim_trails={t.id: t for t in trail.claims},
        other_trails=[t for t in trail.claims if t.id not in shown],
    )
    return page(request, "item.html", context, status)


def item_context(detail: ItemDetail, reviewer: str, now: datetime) -> dict[str, Any]:
    """What both item pages show: sentence, state in words, figures, decision, history."""
    conflict = detail.conflict
    headline = conflict.reconciled.headline if conflict else None
    return {
        "detail": detail,
        "item": detail.item,
        "title": views.title_of(detail),
        "lease": views.lease_words(detail.item, reviewer, now),
        "workable": detail.item.state in views.WORKABLE,
        "figures": views.figures_of(detail),
        "default_claim": views.default_claim(detail),
        "settled": views.settled_of(detail),
        "history": views.history_of(detail),
        "reasons": views.reasons_of(conflict.reasons) if conflict else [],
        "reconciled_range": words.range_words(conflict.reconciled.low, conflict.reconciled.high)
        if conflict
        else "",
        "headline_value": "" if headline is None else str(float(headline)),
        "headline_words": words.number(headline),
    }


def decide(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Record a decision; then the next item with a saved banner, or this item with what went wrong."""
    kept = {name: text(form, name, 2000) for name in ("low", "high", "note")}
    try:
        posted = decision_form(form)
        decision = save(request, key, reviewer, posted)
    except StaleDecision as error:
        return item_response(request, key, reviewer, stale_words(request, key, error), 409, kept)
    except BadInput as error:
        return item_response(request, key, reviewer, f"Not saved: {error}.", 400, kept)
    except InvalidDecision as error:
        return item_response(request, key, reviewer, sentence(str(error)), 400, kept)
    if posted.action == "revert":
        leave_message(request, "Undone: the decision is reversed and the item is open for review again.")
        return RedirectResponse(f"/items/{key}", status_code=303)
    detail = queue_of(request).detail(key)
    claims = {c.id: c for c in detail.claims}
    did = words.decision_words(decision.action, decision.payload, claims)
    about = views.title_of(detail).rstrip(".")
    leave_message(request, f"Saved: you {did} on “{about}”.", key, decision.id)
    return goto_next(request, reviewer, [key])


def save(request: Request, key: str, reviewer: str, posted: DecisionForm) -> Any:
    """Append the posted decision to the log."""
    queue = queue_of(request)
    return queue.decide(key, posted.version, reviewer, posted.action, posted.payload, posted.note)


def sentence(message: str) -> str:
    """An error message as a sentence: capitalised, ending in a full stop."""
    cleaned = message.strip()
    return (cleaned[:1].upper() + cleaned[1:]).rstrip(".") + "." if cleaned else cleaned


def stale_words(request: Request, key: str, error: StaleDecision) -> str:
    """Why a decision was refused as stale, in words, from the item as it now stands."""
    item = queue_of(request).item(key)
    if item.state in views.SETTLED:
        return f"Not saved: this item was {item.state} meanwhile; its decision is shown below."
    if "version" in str(error):
        return (
            f"Not saved: this item changed since you opened it (it is now at version {item.version}: "
            "new figures or another decision). Here it is as it stands; decide again."
        )
    return f"Not saved: {sentence(str(error))}"


def revert_page(request: Request, key: str, decision_id: str, reviewer: Reviewer) -> HTMLResponse:
    """Ask before undoing a decision: what it did, and that the item will reopen."""
    number = whole_number({"decision_id": decision_id}, "decision_id")
    detail = queue_of(request).detail(key)
    found = [d for d in detail.decisions if d.id == number and d.action != "revert"]
    if not found:
        raise BadInput(f"decision {number} is not a decision of this item")
    claims = {c.id: c for c in detail.claims}
    did = words.decision_words(found[0].action, found[0].payload, claims)
    context = {"item": detail.item, "decision": found[0], "words": did, "title": views.title_of(detail)}
    return page(request, "revert.html", context)


def undo(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Undo the decision just saved (from the saved banner), at the item's current version."""
    number = whole_number(form, "decision_id")
    queue = queue_of(request)
    try:
        queue.revert(key, queue.item(key).version, reviewer, number, "undone right after saving")
    except (StaleDecision, InvalidDecision) as error:
        return item_response(request, key, reviewer, f"Could not undo: {sentence(str(error))}", 409)
    leave_message(request, "Undone: the decision is reversed and the item is open for review again.")
    return RedirectResponse(f"/items/{key}", status_code=303)


def claim(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Take the lease on an item."""
    try:
        queue_of(request).claim(key, reviewer)
    except StaleDecision as error:
        return item_response(request, key, reviewer, stale_words(request, key, error), 409)
    return RedirectResponse(f"/items/{key}", status_code=303)


def release(request: Request, key: str, reviewer: Reviewer, form: Form) -> Response:
    """Give back the lease on an item; one the reviewer does not hold is explained on its page."""
    try:
        queue_of(request).release(key, reviewer)
    except NotHeld:
        state = queue_of(request).item(key).state
        return item_response(
            request, key, reviewer, f"Not released: you do not hold this item; it is {state}.", 409
        )
    return RedirectResponse("/", status_code=303)


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
