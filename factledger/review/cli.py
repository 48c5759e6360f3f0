"""`factledger review ...`, `reviewer add`, `serve` and the decided-item exports.

Registered on the main command by `factledger.cli`; kept here so the review commands
live beside the library they drive.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from factledger import exports
from factledger.clitools import FORMATS, choice_of, db_option, one_line_errors, printable, short_id, table
from factledger.review import views, words
from factledger.review.auth import add_reviewer
from factledger.review.exports import CSV_FIELDS, Publishing, claim_reviews, decided_rows
from factledger.review.listing import overviews
from factledger.review.queue import ACTIONS, ItemDetail, ReviewQueue
from factledger.settings import load_publishing_settings, load_settings, load_web_settings
from factledger.store import Store
from factledger.store.records import QUEUE_KINDS, QUEUE_STATES, QueueItem
from factledger.store.review import Decision, ItemFilter, ListedItem

LIST_FIELDS = ("key", "kind", "state", "version", "priority", "severity", "lease_owner", "summary")
LIST_COLUMNS = (
    ("id", "id"),
    ("kind", "kind"),
    ("state", "state"),
    ("version", "version"),
    ("priority", "priority"),
    ("severity", "severity"),
    ("lease", "lease_owner"),
    ("summary", "summary"),
)
SEVERITIES = ("critical", "high", "medium", "warning", "low", "info")
reviewer_option = click.option("--reviewer", required=True, metavar="NAME", help="Who decides.")
FILTER_CHOICES: dict[str, click.Choice[str]] = {
    "state": choice_of(QUEUE_STATES),
    "kind": choice_of(QUEUE_KINDS),
    "severity": choice_of(SEVERITIES),
}


def open_queue(db: str | None) -> ReviewQueue:
    """The review queue of the configured database."""
    return ReviewQueue(Store.open(load_settings(db=db).db_url))


def filter_options(func: Any) -> Any:
    """The queue filters, shared by `review list` and `review dismiss`."""
    for name in ("reviewer", "event", "severity", "kind", "state"):
        kind: click.ParamType[Any] = FILTER_CHOICES.get(name, click.STRING)
        func = click.option(f"--{name}", type=kind, default=None, help=f"Only items with this {name}.")(func)
    return func


def known_reviewer(queue: ReviewQueue, name: str | None) -> None:
    """Refuse a reviewer name that is not registered, listing those that are (exit 2)."""
    if name is None:
        return
    with queue.reading() as connection:
        queue.check_reviewer(connection, name)


@click.group()
def review() -> None:
    """Work the review queue: list, claim the next item, show, decide, read history."""


@review.command("list")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
@one_line_errors
def list_items(fmt: str, limit: int | None, db: str | None, **filters: str | None) -> None:
    """Queue items matching the filters, highest priority first."""
    queue = open_queue(db)
    known_reviewer(queue, filters.get("reviewer"))
    listed = queue.items(ItemFilter(**filters), limit)
    records = [item_record(entry.item) | {"severity": entry.severity} for entry in listed]
    if fmt == "table":
        sentences = conflict_sentences(queue, listed)
        rows = [
            r
            | {"id": short_id(r["key"]), "priority": f"{r['priority']:.2f}"}
            | {"summary": sentences.get(r["key"], r["summary"])}
            for r in records
        ]
        click.echo(table(rows, LIST_COLUMNS) if rows else "no items match")
        return
    click.echo(
        exports.to_jsonl(records) if fmt == "jsonl" else exports.to_csv(records, LIST_FIELDS), nl=False
    )


def conflict_sentences(queue: ReviewQueue, listed: Sequence[ListedItem]) -> dict[str, str]:
    """Conflict item key -> the sentence its web page shows: a person reads the table, not codes."""
    found = overviews(queue, listed)
    return {
        key: words.conflict_sentence(o.conflict, words.by_floor(o.claims))
        for key, o in found.items()
        if o.conflict is not None
    }


@review.command("next")
@reviewer_option
@db_option
@one_line_errors
def next_item(reviewer: str, db: str | None) -> None:
    """Claim the top open item (a lease) and show it."""
    queue = open_queue(db)
    item = queue.claim_next(reviewer)
    if item is None:
        click.echo("the queue is empty")
        return
    click.echo(render_detail(queue.detail(item.key)))


@review.command("show")
@click.argument("key", metavar="ID")
@db_option
@one_line_errors
def show(key: str, db: str | None) -> None:
    """One item: its figures and quotes, sources, and decisions (ID: any unique start of its key)."""
    queue = open_queue(db)
    click.echo(render_detail(queue.detail(queue.resolve(key))))


@review.command("decide")
@click.argument("key", metavar="ID")
@click.argument("action", type=click.Choice(ACTIONS))
@click.option("--version", "version", type=int, required=True, help="The item version you reviewed.")
@reviewer_option
@click.option("--claim", "claim_id", default=None, help="accept / extraction_error: the claim id.")
@click.option("--low", type=float, default=None, help="range: the floor.")
@click.option("--high", type=float, default=None, help="range: the ceiling.")
@click.option("--split-claim", "split", multiple=True, help="split: claims about another event.")
@click.option("--decision", "decision_id", type=int, default=None, help="revert: the decision to undo.")
@click.option("--note", default=None, help="Why (required where the headline changes).")
@db_option
@one_line_errors
def decide(
    key: str,
    action: str,
    version: int,
    reviewer: str,
    claim_id: str | None,
    low: float | None,
    high: float | None,
    split: tuple[str, ...],
    decision_id: int | None,
    note: str | None,
    db: str | None,
) -> None:
    """Decide an item at the version you saw; a stale decision is refused."""
    payload: dict[str, Any] = {
        "claim_id": claim_id,
        "low": low,
        "high": high,
        "claim_ids": list(split),
        "decision_id": decision_id,
    }
    payload = {k: v for k, v in payload.items() if v not in (None, [])}
    queue = open_queue(db)
    key = queue.resolve(key)
    decision = queue.decide(key, version, reviewer, action, payload, note)
    click.echo(f"decision {decision.id}: {decision.action} on {key} v{version} ({decision.content_hash})")


@review.command("release")
@click.argument("key", metavar="ID")
@reviewer_option
@db_option
@one_line_errors
def release(key: str, reviewer: str, db: str | None) -> None:
    """Give back your lease on an item; an error if you do not hold it."""
    queue = open_queue(db)
    item = queue.release(queue.resolve(key), reviewer)
    click.echo(f"{item.key}: released, now {item.state}")


@review.command("dismiss")
@filter_options
@click.option("--as", "reviewer", required=True, metavar="NAME", help="Who dismisses.")
@click.option("--note", required=True, help="Why the whole set is dismissed.")
@db_option
@one_line_errors
def dismiss(reviewer: str, note: str, db: str | None, **filters: str | None) -> None:
    """Dismiss every open item matching the filters (bulk)."""
    filters.pop("reviewer", None)
    queue = open_queue(db)
    known_reviewer(queue, reviewer)
    count = queue.bulk_dismiss(ItemFilter(**filters), reviewer, note)
    click.echo(f"dismissed {count} item(s)")


@review.command("history")
@click.argument("key", metavar="ID")
@db_option
@one_line_errors
def history(key: str, db: str | None) -> None:
    """Every decision on an item, oldest first, with its content hash."""
    queue = open_queue(db)
    for d in queue.history(queue.resolve(key)):
        click.echo(render_decision(d))


@click.group()
def reviewer() -> None:
    """Manage reviewer accounts."""


@reviewer.command("add")
@click.argument("name")
@click.option("--secret-stdin", is_flag=True, help="Read the secret from standard input.")
@db_option
@one_line_errors
def reviewer_add(name: str, secret_stdin: bool, db: str | None) -> None:
    """Register a reviewer; the secret is stored only as an argon2 hash."""
    if secret_stdin:
        secret = sys.stdin.readline().rstrip("\n")
    else:
        secret = click.prompt("secret", hide_input=True, confirmation_prompt=True)
    add_reviewer(Store.open(load_settings(db=db).db_url), name, secret)
    click.echo(f"reviewer {name} added")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Proxies whose X-Forwarded-For/-Proto headers are trusted (default: 127.0.0.1, "
    "or uvicorn's FORWARDED_ALLOW_IPS).",
)
@db_option
@one_line_errors
def serve(host: str, port: int, forwarded_allow_ips: str | None, db: str | None) -> None:
    """Serve the review web app (log in with a reviewer added by `reviewer add`).

    Sessions are signed with FACTLEDGER_SECRET_KEY when set, so a restart keeps reviewers logged in.
    """
    import uvicorn

    from factledger.review.app import create_app

    web, settings = load_web_settings(), load_settings(db=db)
    store = Store.open(settings.db_url)
    app = create_app(
        store,
        secret_key=web.secret_key,
        home=settings.home,
        session_lifetime=web.session_lifetime,
        secure_cookie=web.secure_cookie,
    )
    uvicorn.run(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips)


@click.command("csv")
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write (default: stdout).")
@db_option
@one_line_errors
def export_csv(output: str, db: str | None) -> None:
    """Decided items as CSV: one row per figure, what it says beside the decision that settled it."""
    text = exports.to_csv(decided_rows(open_queue(db)), CSV_FIELDS)
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(text)


@click.command("claimreview")
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write (default: stdout).")
@click.option(
    "--base-url", default=None, help="Public base URL of the review pages (default: FACTLEDGER_PUBLIC_URL)."
)
@click.option(
    "--publisher", default=None, help="The publishing organisation's name (default: FACTLEDGER_PUBLISHER)."
)
@db_option
@one_line_errors
def export_claimreview(output: str, base_url: str | None, publisher: str | None, db: str | None) -> None:
    """Decided conflicts as schema.org ClaimReview JSON-LD, one review per figure."""
    env = load_publishing_settings()
    publishing = Publishing.checked(publisher or env.publisher, base_url or env.public_url, env.publisher_url)
    text = json.dumps(claim_reviews(open_queue(db), publishing), indent=2, ensure_ascii=False)
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(text + "\n")


def item_record(item: QueueItem) -> dict[str, Any]:
    """A queue item as a flat record."""
    return {
        "key": item.key,
        "kind": item.kind,
        "state": item.state,
        "version": item.version,
        "priority": item.priority,
        "lease_owner": item.lease_owner,
        "summary": item.summary,
    }


def render_decision(d: Decision) -> str:
    """One decision as a line."""
    extra = json.dumps(d.payload, sort_keys=True) if d.payload else ""
    note = f"  note: {printable(d.note)}" if d.note else ""
    when = d.created_at.isoformat(timespec="seconds")
    return f"#{d.id} {when} {d.reviewer} {d.action} v{d.item_version} {extra}{note}  {d.content_hash}"


def render_detail(detail: ItemDetail) -> str:
    """An item as text: header, figures with their quotes, decisions."""
    item = detail.item
    lines = [
        f"{item.key}  {item.kind}  {item.state}  version {item.version}  severity {detail.severity}",
        # A conflict in the sentence its web page shows; a digest's summary names its first example.
        printable(views.title_of(detail) if detail.conflict is not None else item.summary),
    ]
    if detail.conflict is not None:
        r = detail.conflict.reconciled
        span = f"{figure_bound(r.low)} to {figure_bound(r.high)}"
        lines.append(
            f"reconciled: {span}, headline {figure_bound(r.headline)}; {', '.join(detail.conflict.reasons)}"
        )
    if detail.digest is not None:
        lines += render_digest(detail)
        lines += [render_decision(d) for d in detail.decisions]
        return "\n".join(lines)
    for claim in detail.claims:
        chain = printable(" -> ".join(claim.source_chain) or "unattributed")
        interval = f"{figure_bound(claim.value_low)} to {figure_bound(claim.value_high)}"
        lines.append(f"  [{short_id(claim.id)}] {printable(claim.number_text)} ({interval}) by {chain}")
        lines.append(f'      "{printable(claim.quote)}"')
    lines += [render_decision(d) for d in detail.decisions]
    return "\n".join(lines)


def render_digest(detail: ItemDetail) -> list[str]:
    """A quality digest as text: the rule, the run, how many rows fail, and the first examples."""
    digest = detail.digest
    assert digest is not None  # only called for digests
    quotes = {claim.id: claim.quote for claim in detail.claims}
    lines = [
        f"rule: {digest.suite} / {digest.expectation_id} ({digest.expectation_type})",
        f"run: {digest.run}, found {digest.created_at:%Y-%m-%d %H:%M} UTC",
        f"{digest.count} failing, in {digest.rows} {digest.table} row(s); first {len(digest.examples)}:",
    ]
    for failure in digest.examples:
        lines.append(f"  [{short_id(failure.row_id)}] {printable(failure.details)}")
        if failure.row_id in quotes:
            lines.append(f'      "{printable(quotes[failure.row_id])}"')
    lines.append("settle it with: dismiss (acknowledged), escalate, or extraction_error --claim ID")
    return lines


def figure_bound(value: float | None) -> str:
    """One end of a figure's interval: the number, or "open"."""
    return "open" if value is None else f"{value:g}"


def register(main: click.Group, export: click.Group) -> None:
    """Attach the review commands to the main command and the export group."""
    for command in (review, reviewer, serve):
        main.add_command(command)
    export.add_command(export_csv)
    export.add_command(export_claimreview)
