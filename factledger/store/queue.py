"""Putting conflicts and quality failures in front of reviewers, idempotently.

An item is unique on its key. When the thing it points at changes (a conflict gets a
new version), the item's version goes up, so a decision made on the old version is
stale; an item already decided or dismissed goes back to "reopened". Every change is
kept in `queue_events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from factledger.core.models import Conflict
from factledger.store.bulk import insert_new_keys
from factledger.store.records import DigestRequest, QueueRequest, digest_id, rows_of
from factledger.store.tables import digest_failures, failures, quality_digests, queue_events, queue_items

REOPENABLE = ("decided", "dismissed", "superseded")
PIPELINE_ACTOR = "pipeline"
SUMMARY_LIMIT = 300


def enqueue(connection: Connection, requests: Sequence[QueueRequest], now: datetime) -> int:
    """Create items for new keys; follow changed refs of known ones. Returns items created."""
    latest = {request.key: request for request in requests}
    if not latest:
        return 0
    query = select(queue_items).where(queue_items.c.key.in_(sorted(latest)))
    known = {row["key"]: row for row in connection.execute(query).mappings()}
    fresh = [request for key, request in latest.items() if key not in known]
    for key, row in known.items():
        refresh_item(connection, row, latest[key], now)
    return create_items(connection, fresh, now)


def create_items(connection: Connection, requests: Sequence[QueueRequest], now: datetime) -> int:
    """Insert open items and their "created" events; return how many were created."""
    values = [item_row(request, now) for request in requests]
    created = {key for (key,) in insert_new_keys(connection, queue_items, values, ("key",))}
    events = [
        event_row(r.key, 1, "created", None, "open", r.ref_id, now) for r in requests if r.key in created
    ]
    if events:
        connection.execute(queue_events.insert(), events)
    return len(created)


def item_row(request: QueueRequest, now: datetime) -> dict[str, Any]:
    """A new, open queue item at version 1."""
    return {
        "key": request.key,
        "kind": request.kind,
        "ref_id": request.ref_id,
        "priority": request.priority,
        "summary": request.summary,
        "state": "open",
        "version": 1,
        "lease_owner": None,
        "lease_expires_at": None,
        "created_at": now,
        "updated_at": now,
    }


def refresh_item(connection: Connection, row: Any, request: QueueRequest, now: datetime) -> None:
    """A new ref bumps the version; a new priority or summary alone is updated quietly."""
    if row["ref_id"] != request.ref_id:
        bump_item(connection, row, request.ref_id, now, request.priority, request.summary)
    elif (row["priority"], row["summary"]) != (request.priority, request.summary):
        change = {"priority": request.priority, "summary": request.summary, "updated_at": now}
        where = queue_items.c.key == row["key"]
        connection.execute(update(queue_items).where(where).values(change))


def follow_conflict(connection: Connection, conflict: Conflict, now: datetime) -> None:
    """Point the conflict's queue item (if any) at its new version."""
    query = select(queue_items).where(queue_items.c.key == conflict.key)
    row = connection.execute(query).mappings().first()
    if row is not None and row["ref_id"] != conflict.id:
        bump_item(connection, row, conflict.id, now, conflict.priority, row["summary"])


def bump_item(
    connection: Connection, row: Any, ref_id: str, now: datetime, priority: float, summary: str
) -> None:
    """Raise the item's version, reopen it if it was settled, and log the event."""
    state = "reopened" if row["state"] in REOPENABLE else row["state"]
    version = row["version"] + 1
    change = {
        "ref_id": ref_id,
        "priority": priority,
        "summary": summary,
        "state": state,
        "version": version,
        "updated_at": now,
    }
    connection.execute(update(queue_items).where(queue_items.c.key == row["key"]).values(change))
    kind = "reopened" if state != row["state"] else "updated"
    event = event_row(row["key"], version, kind, row["state"], state, ref_id, now)
    connection.execute(queue_events.insert().values(event))


def event_row(
    key: str,
    version: int,
    event: str,
    from_state: str | None,
    to_state: str,
    ref_id: str,
    now: datetime,
) -> dict[str, Any]:
    """A queue_events row."""
    return {
        "item_key": key,
        "version": version,
        "event": event,
        "from_state": from_state,
        "to_state": to_state,
        "ref_id": ref_id,
        "actor": PIPELINE_ACTOR,
        "at": now,
    }


def enqueue_digests(connection: Connection, requests: Sequence[DigestRequest], now: datetime) -> int:
    """Add each rule's failures to its run's digest and put the digest in the queue.

    A digest is created on its first failures; later batches of the same run add theirs,
    which gives the digest a new id and its queue item a new version. Returns items created.
    """
    created = 0
    for request in merge_digest_requests(requests):
        if connection.execute(
            select(quality_digests.c.key).where(quality_digests.c.key == request.key)
        ).first():
            connection.execute(
                update(quality_digests).where(quality_digests.c.key == request.key).values(updated_at=now)
            )
        else:
            connection.execute(quality_digests.insert().values(digest_row(request, now)))
        members = [{"digest_key": request.key, "failure_id": f} for f in request.failure_ids]
        insert_new_keys(connection, digest_failures, members, ("digest_key", "failure_id"))
        current = digest_id(request.key, digest_members(connection, request.key))
        connection.execute(
            update(quality_digests).where(quality_digests.c.key == request.key).values(id=current)
        )
        item = QueueRequest(
            request.key, "quality", current, request.priority, digest_summary(connection, request)
        )
        created += enqueue(connection, [item], now)
    return created


def merge_digest_requests(requests: Sequence[DigestRequest]) -> list[DigestRequest]:
    """One request per digest key, holding every failure the batch brings it."""
    merged: dict[str, DigestRequest] = {}
    for request in requests:
        known = merged.get(request.key)
        failure_ids = tuple(sorted({*(known.failure_ids if known else ()), *request.failure_ids}))
        merged[request.key] = replace(request, failure_ids=failure_ids)
    return list(merged.values())


def digest_row(request: DigestRequest, now: datetime) -> dict[str, Any]:
    """A new quality_digests row (its id is set once its failures are in)."""
    return {
        "key": request.key,
        "id": request.key,
        "run": request.run,
        "suite": request.suite,
        "expectation_id": request.expectation_id,
        "expectation_type": request.expectation_type,
        "severity": request.severity,
        "table": request.table,
        "title": request.title or None,
        "created_at": now,
        "updated_at": now,
    }


def digest_members(connection: Connection, key: str) -> list[str]:
    """The failure ids of a digest, sorted."""
    query = select(digest_failures.c.failure_id).where(digest_failures.c.digest_key == key)
    return sorted(connection.execute(query).scalars())


def digest_summary(connection: Connection, request: DigestRequest) -> str:
    """The digest's line in lists: how many rows fail which rule, and what the first one says."""
    count = len(digest_members(connection, request.key))
    query = (
        select(failures.c.details)
        .join(digest_failures, digest_failures.c.failure_id == failures.c.id)
        .where(digest_failures.c.digest_key == request.key)
        .order_by(failures.c.row_id)
        .limit(1)
    )
    example = connection.execute(query).scalar() or ""
    rows = rows_of(count, request.table)
    if not request.title:
        return f"{rows}: {request.expectation_id} ({request.severity}), e.g. {example}"[:SUMMARY_LIMIT]
    what = request.title[0].upper() + request.title[1:]
    return f"{what}: {rows} ({request.severity}), e.g. {example}"[:SUMMARY_LIMIT]
