"""The review side of the queue in SQL: claiming with leases, the decision log, reviewers.

Every function takes a connection inside the caller's transaction. Claiming picks the
highest-priority workable item: PostgreSQL skips rows other transactions hold locked
(`FOR UPDATE SKIP LOCKED`), SQLite relies on the caller's `BEGIN IMMEDIATE` write lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    func,
    or_,
    select,
    text,
    update,
)

from factledger.core.models import ValidationFailure
from factledger.store.queue import event_row
from factledger.store.records import WORKABLE_STATES, QueueItem
from factledger.store.rows import to_failure, to_queue_item, to_utc, to_utc_or_none
from factledger.store.tables import (
    conflicts,
    decisions,
    digest_failures,
    failures,
    quality_digests,
    queue_events,
    queue_items,
    reviewers,
)

WORKABLE = ("open", "reopened", "claimed")


@dataclass(frozen=True)
class ItemFilter:
    """Which queue items a list, a claim or a bulk dismissal looks at; None means any."""

    state: str | None = None
    kind: str | None = None
    severity: str | None = None
    event: str | None = None  # a part of the conflict's event key
    reviewer: str | None = None  # holds the lease, or decided the item before


@dataclass(frozen=True)
class Decision:
    """One row of the append-only decision log."""

    id: int
    queue_key: str
    item_version: int
    reviewer: str
    action: str
    payload: dict[str, Any]
    note: str | None
    created_at: datetime
    reverts: int | None
    content_hash: str


@dataclass(frozen=True)
class QualityDigest:
    """One rule's failures found by one run, as reviewers see them: how many, and examples."""

    key: str
    id: str
    run: str
    suite: str
    expectation_id: str
    expectation_type: str
    severity: str
    table: str  # the table whose rows failed: documents, articles, claims or conflicts
    count: int  # failing rows
    rows: int  # distinct rows (documents, articles, claims) named
    examples: tuple[ValidationFailure, ...]  # the first few, by row id
    created_at: datetime
    updated_at: datetime
    title: str = ""  # the rule in plain words ("" for digests stored before titles)


@dataclass(frozen=True)
class ListedItem:
    """A queue item with what lists show and filter on besides its own row."""

    item: QueueItem
    severity: str | None
    event_key: str | None


def severity_of() -> ColumnElement[Any]:
    """The severity of the conflict, quality digest or quality failure an item points at."""
    conflict = select(conflicts.c.severity).where(conflicts.c.id == queue_items.c.ref_id)
    digest = select(quality_digests.c.severity).where(quality_digests.c.key == queue_items.c.key)
    failure = select(failures.c.severity).where(failures.c.id == queue_items.c.ref_id)
    return func.coalesce(conflict.scalar_subquery(), digest.scalar_subquery(), failure.scalar_subquery())


def event_of() -> ColumnElement[Any]:
    """The event key of the conflict an item points at (None for quality items)."""
    query = select(conflicts.c.event_key).where(conflicts.c.id == queue_items.c.ref_id)
    return query.scalar_subquery()


def filter_terms(wanted: ItemFilter) -> list[ColumnElement[bool]]:
    """WHERE terms for a filter."""
    terms: list[ColumnElement[bool]] = []
    if wanted.state is not None:
        terms.append(queue_items.c.state == wanted.state)
    if wanted.kind is not None:
        terms.append(queue_items.c.kind == wanted.kind)
    if wanted.severity is not None:
        terms.append(severity_of() == wanted.severity)
    if wanted.event is not None:
        matching = select(conflicts.c.id).where(conflicts.c.event_key.contains(wanted.event))
        terms.append(queue_items.c.ref_id.in_(matching))
    if wanted.reviewer is not None:
        decided = select(decisions.c.queue_key).where(decisions.c.reviewer == wanted.reviewer)
        terms.append(or_(queue_items.c.lease_owner == wanted.reviewer, queue_items.c.key.in_(decided)))
    return terms


def list_items(connection: Connection, wanted: ItemFilter, limit: int | None = None) -> list[ListedItem]:
    """Items matching a filter, highest priority first."""
    query = (
        select(queue_items, severity_of().label("severity"), event_of().label("event_key"))
        .where(*filter_terms(wanted))
        .order_by(queue_items.c.priority.desc(), queue_items.c.key.desc())
        .limit(limit)
    )
    return [
        ListedItem(to_queue_item(row), row["severity"], row["event_key"])
        for row in connection.execute(query).mappings()
    ]


def workable(now: datetime) -> list[ColumnElement[bool]]:
    """Open or reopened, or claimed with a lease that has run out."""
    # The literal term matches the partial index's predicate, so SQLite can use that index.
    states: ColumnElement[bool] = text(WORKABLE_STATES)  # type: ignore[assignment]
    expired = or_(queue_items.c.state != "claimed", queue_items.c.lease_expires_at < to_utc(now))
    return [states, expired]


def next_key_query(now: datetime, wanted: ItemFilter, skip: Sequence[str]) -> Select[tuple[str]]:
    """The key of the best workable item, locked on PostgreSQL."""
    query = select(queue_items.c.key).where(*workable(now), *filter_terms(wanted))
    if skip:
        query = query.where(queue_items.c.key.not_in(list(skip)))
    return query.order_by(queue_items.c.priority.desc(), queue_items.c.key.desc()).limit(1)


def held_by(connection: Connection, reviewer: str, now: datetime) -> QueueItem | None:
    """The item whose live lease the reviewer holds, if any."""
    query = select(queue_items).where(
        queue_items.c.state == "claimed",
        queue_items.c.lease_owner == reviewer,
        queue_items.c.lease_expires_at >= to_utc(now),
    )
    row = connection.execute(query.order_by(queue_items.c.priority.desc()).limit(1)).mappings().first()
    return None if row is None else to_queue_item(row)


def claim_next(
    connection: Connection,
    reviewer: str,
    now: datetime,
    expires: datetime,
    wanted: ItemFilter = ItemFilter(),
    skip: Sequence[str] = (),
) -> QueueItem | None:
    """Lease the best workable item to the reviewer; None when nothing is left."""
    query = next_key_query(now, wanted, skip)
    if connection.dialect.name == "postgresql":
        chosen = query.with_for_update(skip_locked=True).cte("chosen")
        statement = (
            update(queue_items)
            .where(queue_items.c.key == chosen.c.key)
            .values(lease_values(reviewer, now, expires))
            .returning(*queue_items.c)
        )
        before = None
        row = connection.execute(statement).mappings().first()
    else:
        key = connection.execute(query).scalar()
        if key is None:
            return None
        before = load_item(connection, key)
        row = lease(connection, key, reviewer, now, expires)
    if row is None:
        return None
    item = to_queue_item(row)
    log_event(connection, item, "claimed", before.state if before else None, reviewer, now)
    return item


def lease_values(reviewer: str, now: datetime, expires: datetime) -> dict[str, Any]:
    """The column values of a fresh lease."""
    return {
        "state": "claimed",
        "lease_owner": reviewer,
        "lease_expires_at": to_utc(expires),
        "updated_at": to_utc(now),
    }


def lease(connection: Connection, key: str, reviewer: str, now: datetime, expires: datetime) -> Any:
    """Give the item's lease to the reviewer and return the new row."""
    statement = (
        update(queue_items)
        .where(queue_items.c.key == key)
        .values(lease_values(reviewer, now, expires))
        .returning(*queue_items.c)
    )
    return connection.execute(statement).mappings().first()


def load_item(connection: Connection, key: str, lock: bool = False) -> QueueItem | None:
    """One queue item by key; on PostgreSQL optionally locked until the transaction ends."""
    query = select(queue_items).where(queue_items.c.key == key)
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    return None if row is None else to_queue_item(row)


def set_state(
    connection: Connection, item: QueueItem, state: str, now: datetime, bump: bool = True
) -> QueueItem:
    """Move an item to a state, drop its lease, and raise its version when asked."""
    values: dict[str, Any] = {
        "state": state,
        "lease_owner": None,
        "lease_expires_at": None,
        "updated_at": to_utc(now),
        "version": item.version + 1 if bump else item.version,
    }
    statement = (
        update(queue_items).where(queue_items.c.key == item.key).values(values).returning(*queue_items.c)
    )
    return to_queue_item(connection.execute(statement).mappings().one())


def log_event(
    connection: Connection,
    item: QueueItem,
    event: str,
    from_state: str | None,
    actor: str,
    now: datetime,
) -> None:
    """Append a queue_events row for a reviewer's change of an item."""
    row = event_row(item.key, item.version, event, from_state, item.state, item.ref_id, to_utc(now))
    row["actor"] = actor
    connection.execute(queue_events.insert().values(row))


def insert_decision(connection: Connection, values: dict[str, Any]) -> Decision:
    """Append one decision row and return it with its id."""
    statement = decisions.insert().values(values).returning(*decisions.c)
    return to_decision(connection.execute(statement).mappings().one())


def item_decisions(connection: Connection, key: str) -> list[Decision]:
    """An item's decisions, oldest first."""
    query = select(decisions).where(decisions.c.queue_key == key).order_by(decisions.c.id)
    return [to_decision(row) for row in connection.execute(query).mappings()]


def decided_items(connection: Connection) -> list[tuple[QueueItem, Decision]]:
    """Every settled item with its latest decision, in decision order."""
    latest = (
        select(decisions.c.queue_key, func.max(decisions.c.id).label("last"))
        .group_by(decisions.c.queue_key)
        .subquery()
    )
    item_columns = [c.label(f"q_{c.name}") for c in queue_items.c]
    decision_columns = [c.label(f"d_{c.name}") for c in decisions.c]
    query = (
        select(*item_columns, *decision_columns)
        .join_from(queue_items, latest, latest.c.queue_key == queue_items.c.key)
        .join(decisions, decisions.c.id == latest.c.last)
        .where(queue_items.c.state.in_(("decided", "escalated", "dismissed")))
        .order_by(decisions.c.id)
    )
    return [
        (to_queue_item(unprefixed(row, "q_")), to_decision(unprefixed(row, "d_")))
        for row in connection.execute(query).mappings()
    ]


def unprefixed(row: Any, prefix: str) -> Any:
    """The columns of a joined row that carry a prefix, with the prefix dropped."""
    return {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}


def to_decision(row: Any) -> Decision:
    """Rebuild a Decision from its row."""
    return Decision(
        id=row["id"],
        queue_key=row["queue_key"],
        item_version=row["item_version"],
        reviewer=row["reviewer"],
        action=row["action"],
        payload=dict(row["payload"]),
        note=row["note"],
        created_at=to_utc(row["created_at"]),
        reverts=row["reverts"],
        content_hash=row["content_hash"],
    )


def add_reviewer(connection: Connection, name: str, secret_hash: str, now: datetime) -> None:
    """Insert a reviewer."""
    connection.execute(reviewers.insert().values(name=name, secret_hash=secret_hash, created_at=to_utc(now)))


def set_reviewer_secret(connection: Connection, name: str, secret_hash: str) -> int:
    """Replace a reviewer's secret hash; returns rows changed (0 if unknown)."""
    statement = update(reviewers).where(reviewers.c.name == name).values(secret_hash=secret_hash)
    return connection.execute(statement).rowcount


def reviewer_secret(connection: Connection, name: str) -> str | None:
    """A reviewer's stored secret hash, None when there is no such reviewer."""
    query = select(reviewers.c.secret_hash).where(reviewers.c.name == name)
    found: str | None = connection.execute(query).scalar()
    return found


def reviewer_names(connection: Connection) -> list[str]:
    """All reviewer names, sorted."""
    return list(connection.execute(select(reviewers.c.name).order_by(reviewers.c.name)).scalars())


def expired_lease(item: QueueItem, now: datetime) -> bool:
    """Whether a claimed item's lease has run out."""
    expires = to_utc_or_none(item.lease_expires_at)
    return expires is None or expires < to_utc(now)


def unsettled(item: QueueItem) -> bool:
    """Whether the item still waits for a decision."""
    return item.state in WORKABLE


DIGEST_EXAMPLES = 5


def load_digest(connection: Connection, key: str, examples: int = DIGEST_EXAMPLES) -> QualityDigest | None:
    """A quality digest with its count and first examples; None when the key names none."""
    row = connection.execute(select(quality_digests).where(quality_digests.c.key == key)).mappings().first()
    if row is None:
        return None
    members = digest_failure_query(key)
    count = connection.execute(select(func.count()).select_from(members.subquery())).scalar_one()
    distinct = select(func.count(func.distinct(failures.c.row_id))).select_from(
        failures.join(digest_failures, digest_failures.c.failure_id == failures.c.id)
    )
    rows = connection.execute(distinct.where(digest_failures.c.digest_key == key)).scalar_one()
    shown = members.order_by(failures.c.row_id, failures.c.id).limit(examples)
    found = tuple(to_failure(r) for r in connection.execute(shown).mappings())
    values = {name: row[name] for name in ("key", "id", "run", "suite", "expectation_id", "expectation_type")}
    return QualityDigest(
        **values,
        severity=row["severity"],
        table=row["table"],
        count=count,
        rows=rows,
        examples=found,
        created_at=to_utc(row["created_at"]),
        updated_at=to_utc(row["updated_at"]),
        title=row["title"] or "",
    )


def digest_failure_query(key: str) -> Select[Any]:
    """The failures of one digest."""
    joined = failures.join(digest_failures, digest_failures.c.failure_id == failures.c.id)
    return select(failures).select_from(joined).where(digest_failures.c.digest_key == key)


def digest_failures_of(connection: Connection, key: str) -> list[ValidationFailure]:
    """Every failure of one digest, by row id."""
    query = digest_failure_query(key).order_by(failures.c.row_id, failures.c.id)
    return [to_failure(r) for r in connection.execute(query).mappings()]
