"""Writing a batch: insert what is new, skip what is present, all inside one transaction.

Each function takes the caller's connection and never commits; `Store.save` owns the
transaction, so any refusal here leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from factledger.core.models import Conflict, SourceDocument
from factledger.core.provenance import bytes_id
from factledger.store import lineage, queue, rows
from factledger.store.bulk import insert_new
from factledger.store.records import Batch, FetchRow, StoreError
from factledger.store.tables import (
    articles,
    claims,
    conflict_versions,
    conflicts,
    documents,
    failures,
    fetches,
)

# Any constant works; this one spells "factledg" so it is recognisable in pg_locks.
SAVE_LOCK_KEY = 0x666163746C656467


def write_batch(connection: Connection, batch: Batch, now: datetime) -> dict[str, int]:
    """Write every part of a batch in dependency order; return counts of new rows."""
    check_document_bytes(batch.documents)
    serialise_writers(connection)
    counts = {
        "documents": insert_new(connection, documents, document_rows(batch)),
        "articles": insert_new(connection, articles, [rows.article_row(a) for a in batch.articles]),
        "claims": insert_new(connection, claims, [rows.claim_row(c) for c in batch.claims]),
        "quarantined": quarantine_claims(connection, batch.quarantine_claims),
        "failures": insert_new(connection, failures, [rows.failure_row(f) for f in batch.failures]),
    }
    counts["conflicts"], counts["conflicts_replaced"] = save_conflicts(connection, batch.conflicts, now)
    counts["queue"] = queue.enqueue(connection, batch.queue, now)
    counts["queue"] += queue.enqueue_digests(connection, batch.digests, now)
    counts.update(save_activities(connection, batch))
    counts["fetches"] = append_fetches(connection, batch.fetches)
    return counts


def append_fetches(connection: Connection, logged: Sequence[FetchRow]) -> int:
    """Append rows to the fetch log (a log: every row is new); return how many."""
    if logged:
        connection.execute(insert(fetches), [row.__dict__ for row in logged])
    return len(logged)


def serialise_writers(connection: Connection) -> None:
    """One saving transaction at a time, so "skip if present" and the counts are exact.

    SQLite already holds its write lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock. Readers are never blocked.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SAVE_LOCK_KEY})


def document_rows(batch: Batch) -> list[dict[str, Any]]:
    """Rows for the batch's documents, bytes included."""
    return [rows.document_row(document, content) for document, content in batch.documents]


def check_document_bytes(pairs: Sequence[tuple[SourceDocument, bytes | None]]) -> None:
    """Refuse a document whose bytes do not hash to its id or do not match its size."""
    for document, content in pairs:
        if content is None:
            continue
        if bytes_id(content) != document.id:
            raise StoreError(f"document {document.id}: its bytes hash to {bytes_id(content)}")
        if len(content) != document.size:
            stated = f"size {document.size} but {len(content)} bytes"
            raise StoreError(f"document {document.id}: {stated}")


def quarantine_claims(connection: Connection, requests: dict[str, list[str]]) -> int:
    """Mark claims quarantined with the failing expectation ids; count newly quarantined."""
    newly = 0
    for claim_id, expectation_ids in sorted(requests.items()):
        query = select(claims.c.status, claims.c.quarantined_by).where(claims.c.id == claim_id)
        current = connection.execute(query).first()
        if current is None:
            raise StoreError(f"cannot quarantine claim {claim_id}: it is not stored")
        merged = sorted(set(current.quarantined_by) | set(expectation_ids))
        if current.status == "quarantined" and merged == sorted(current.quarantined_by):
            continue
        change = {"status": "quarantined", "quarantined_by": merged}
        connection.execute(update(claims).where(claims.c.id == claim_id).values(change))
        newly += current.status != "quarantined"
    return newly


def save_conflicts(connection: Connection, batch: Sequence[Conflict], now: datetime) -> tuple[int, int]:
    """Insert conflicts with a new key; replace the current version of a known key.

    Returns (new, replaced). A replaced conflict's old row moves to `conflict_versions`
    and its queue item's version is bumped so stale decisions are refused.
    """
    new = replaced = 0
    for conflict in batch:
        if insert_new(connection, conflicts, [current_row(conflict, 1, now)], ("key",)):
            new += 1
            continue
        query = select(conflicts).where(conflicts.c.key == conflict.key)
        current = connection.execute(query).mappings().one()
        if current["id"] != conflict.id:
            replace_conflict(connection, current, conflict, now)
            replaced += 1
    return new, replaced


def current_row(conflict: Conflict, version: int, now: datetime) -> dict[str, Any]:
    """A `conflicts` row for a conflict at a version."""
    return {
        "id": conflict.id,
        "key": conflict.key,
        "version": version,
        **rows.conflict_values(conflict),
        "updated_at": now,
    }


def replace_conflict(connection: Connection, current: rows.Row, conflict: Conflict, now: datetime) -> None:
    """Keep the current version as history, then make the new content current."""
    names = [column.name for column in conflict_versions.columns if column.name in current]
    old = {name: current[name] for name in names}
    connection.execute(conflict_versions.insert().values({**old, "replaced_at": now}))
    new = current_row(conflict, current["version"] + 1, now)
    connection.execute(update(conflicts).where(conflicts.c.key == conflict.key).values(new))
    queue.follow_conflict(connection, conflict, now)


def save_activities(connection: Connection, batch: Batch) -> dict[str, int]:
    """The batch's activities, their runs and index rows (`store.lineage`).

    The batch's own articles and claims are known to be reached through their rows, and its
    documents known not to be, so only other members are looked up.
    """
    unindexed = {a.id for a in batch.articles} | {c.id for c in batch.claims}
    indexed = {document.id for document, _ in batch.documents}
    return lineage.save_activities(connection, batch.activities, unindexed, indexed)
