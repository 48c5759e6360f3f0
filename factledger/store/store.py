"""The store: the pipeline's records in SQLite or PostgreSQL, content-addressed.

`Store.open` migrates the database to the newest schema; `save` writes one stage's
batch in one transaction; the readers rebuild the core records; `verify` re-derives
every id and checks every link.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, Select, func, select
from sqlalchemy.exc import SQLAlchemyError

from factledger.core.models import (
    Activity,
    Article,
    Claim,
    Conflict,
    SourceDocument,
    ValidationFailure,
)
from factledger.store import rows
from factledger.store.bulk import chunked
from factledger.store.engine import create_store_engine, describe, migrate
from factledger.store.faults import first_line
from factledger.store.lineage import activities_touching
from factledger.store.records import (
    Batch,
    QueueEvent,
    QueueItem,
    RecordNotFound,
    RunRow,
    StoreError,
)
from factledger.store.tables import (
    activities,
    articles,
    claims,
    conflict_versions,
    conflicts,
    documents,
    failures,
    metadata,
    queue_events,
    queue_items,
    runs,
)
from factledger.store.writes import write_batch

if TYPE_CHECKING:
    from factledger.core.relations import Relation
    from factledger.store.reconciliation import ReconcileWrite

T = TypeVar("T")
# What a commit derives, inside its transaction, from the database holding its first batch.
FollowUp = Callable[[Connection], "tuple[Batch, ReconcileWrite | None]"]


def _add(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    return {key: first.get(key, 0) + second.get(key, 0) for key in first.keys() | second.keys()}


def utc_now() -> datetime:
    """The wall clock in UTC: the store stamps queue changes with it."""
    return datetime.now(UTC)


class Store:
    """A migrated database holding factledger's records."""

    def __init__(self, url: str, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.url = url
        self.engine = engine
        self.clock = clock

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect, migrate to the newest revision, and return the store."""
        engine = create_store_engine(url)
        try:
            migrate(engine)
        except StoreError:
            engine.dispose()
            raise
        return cls(url, engine)

    def save(self, batch: Batch) -> dict[str, int]:
        """Write a batch in one transaction; rows already present are skipped.

        Returns counts of new rows per kind (plus `quarantined` and
        `conflicts_replaced`). On any refusal nothing of the batch is stored.
        """
        return self.commit(batch)

    def commit(self, batch: Batch, then: FollowUp | None = None) -> dict[str, int]:
        """Write `batch`, then what `then` derives from the database holding it, atomically.

        `then` reads through the same connection, so it sees the batch before anyone else
        does; it returns a second batch and the reconciliation to write with it. Either
        everything is stored or, on any refusal or error, nothing is.
        """
        try:
            with self.engine.connect() as connection:
                # SQLite: take the write lock up front, so a read-then-write cannot hit a
                # stale snapshot; busy_timeout then queues concurrent writers.
                connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
                with connection.begin():
                    now = rows.to_utc(self.clock())
                    counts = write_batch(connection, batch, now)
                    if then is not None:
                        counts = _add(counts, self._follow(connection, then, now))
                    return counts
        except SQLAlchemyError as error:
            raise StoreError(f"batch refused, nothing saved: {first_line(error)}") from error

    @staticmethod
    def _follow(connection: Connection, then: FollowUp, now: datetime) -> dict[str, int]:
        from factledger.store.reconciliation import write_reconciliation

        batch, work = then(connection)
        early = write_reconciliation(connection, work, now) if work is not None else {}
        return {**write_batch(connection, batch, now), **early}

    def relations(self, claim_ids: Collection[str] | None = None) -> list[Relation]:
        """Update and related links naming any of these claims (all when None), by kind then id."""
        from factledger.store.reconciliation import relations_of

        with self.engine.connect() as connection:
            return relations_of(connection, claim_ids)

    def documents(self) -> list[SourceDocument]:
        """All documents, by location then id."""
        query = select(documents).order_by(documents.c.location, documents.c.id)
        return self.fetch(query, rows.to_document)

    def document_bytes(self, id: str) -> bytes | None:
        """The raw bytes of a document (None when it was quarantined unread)."""
        query = select(documents.c.content, documents.c.status, documents.c.text).where(documents.c.id == id)
        found = self.fetch_rows(query)
        if not found:
            raise RecordNotFound(documents.name, id)
        return rows.document_bytes(found[0])

    def document_text(self, id: str) -> str:
        """The decoded text of a document, the text all offsets point into."""
        text: str = self.fetch_one(documents, id, documents.c.text)
        return text

    def articles(self) -> list[Article]:
        """All articles, in document order."""
        query = select(articles).order_by(articles.c.document_id, articles.c.start, articles.c.id)
        return self.fetch(query, rows.to_article)

    def claims(self, include_quarantined: bool = True) -> list[Claim]:
        """All claims in document order; their status shows any quarantine."""
        query = select(claims).order_by(claims.c.document_id, claims.c.start, claims.c.id)
        if not include_quarantined:
            query = query.where(claims.c.status != "quarantined")
        return self.fetch(query, rows.to_claim)

    def claims_named(self, ids: Collection[str]) -> list[Claim]:
        """The stored claims among these ids, by id."""
        found: list[Claim] = []
        for chunk in chunked(sorted(set(ids))):
            found += self.fetch(select(claims).where(claims.c.id.in_(chunk)), rows.to_claim)
        return sorted(found, key=lambda c: c.id)

    def stored_articles(self) -> list[tuple[str, Article]]:
        """Every article with the id it is stored under, which an edited row no longer hashes to."""
        query = select(articles).order_by(articles.c.document_id, articles.c.start, articles.c.id)
        return [(row["id"], rows.to_article(row)) for row in self.fetch_rows(query)]

    def stored_claims(self) -> list[tuple[str, Claim]]:
        """Every claim with the id it is stored under, so revalidation names the row that changed."""
        query = select(claims).order_by(claims.c.document_id, claims.c.start, claims.c.id)
        return [(row["id"], rows.to_claim(row)) for row in self.fetch_rows(query)]

    def document_contents(self) -> dict[str, bytes | None]:
        """Document id -> raw bytes, all documents in one query (for revalidation)."""
        query = select(documents.c.id, documents.c.content, documents.c.status, documents.c.text)
        return {row["id"]: rows.document_bytes(row) for row in self.fetch_rows(query)}

    def quarantine_reasons(self, claim_id: str) -> list[str]:
        """The expectation ids that quarantined a claim (empty if none)."""
        reasons: list[str] = self.fetch_one(claims, claim_id, claims.c.quarantined_by)
        return reasons

    def failures(self) -> list[ValidationFailure]:
        """All validation failures, by table, row and expectation."""
        order = (failures.c.table, failures.c.row_id, failures.c.expectation_id, failures.c.id)
        return self.fetch(select(failures).order_by(*order), rows.to_failure)

    def conflicts(self) -> list[Conflict]:
        """The current version of each conflict, highest priority first."""
        query = select(conflicts).order_by(conflicts.c.priority.desc(), conflicts.c.key)
        return self.fetch(query, rows.to_conflict)

    def conflict_history(self, key: str) -> list[tuple[int, Conflict]]:
        """Every version of one conflict, oldest first, the current one last."""
        old = select(conflict_versions).where(conflict_versions.c.key == key)
        history = [(row["version"], rows.to_conflict(row)) for row in self.fetch_rows(old)]
        current = self.fetch_rows(select(conflicts).where(conflicts.c.key == key))
        history += [(row["version"], rows.to_conflict(row)) for row in current]
        return sorted(history, key=lambda pair: pair[0])

    def queue_items(self, state: str | None = None) -> list[QueueItem]:
        """Queue items (optionally in one state), highest priority first."""
        query = select(queue_items).order_by(queue_items.c.priority.desc(), queue_items.c.key)
        if state is not None:
            query = query.where(queue_items.c.state == state)
        return self.fetch(query, rows.to_queue_item)

    def queue_events(self, key: str | None = None) -> list[QueueEvent]:
        """The history of queue items (optionally one), in the order it happened."""
        query = select(queue_events).order_by(queue_events.c.id)
        if key is not None:
            query = query.where(queue_events.c.item_key == key)
        return self.fetch(query, rows.to_queue_event)

    def activities(self) -> list[Activity]:
        """All activities, by step then id."""
        query = select(activities).order_by(activities.c.step, activities.c.id)
        return self.fetch(query, rows.to_activity)

    def runs(self) -> list[RunRow]:
        """All executions, in the order they started."""
        query = select(runs, activities.c.id.label("activity_id")).join(
            activities, activities.c.key == runs.c.activity
        )
        found = self.fetch_rows(query.order_by(runs.c.started_at, runs.c.id))
        return [rows.to_run(row, row["activity_id"]) for row in found]

    def producers(self, entity_id: str) -> list[Activity]:
        """The activities that output an entity: "which step made claim X"."""
        with self.engine.connect() as connection:
            found = activities_touching(connection, entity_id, "output")
        return sorted((rows.to_activity(row) for row in found), key=lambda a: a.id)

    def counts(self, names: Collection[str] | None = None) -> dict[str, int]:
        """Rows per table (only the named tables, when given: counting a big table costs a scan)."""
        chosen = [t for t in metadata.tables.values() if names is None or t.name in names]
        with self.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in sorted(chosen, key=lambda t: t.name)
            }

    def backlog(self) -> dict[str, int]:
        """What awaits people: quarantined claims, and queue items not yet settled."""
        waiting = ("open", "claimed", "reopened")
        with self.engine.connect() as connection:
            quarantined = select(func.count()).where(claims.c.status == "quarantined")
            queued = select(func.count()).where(queue_items.c.state.in_(waiting))
            return {
                "claims_quarantined": connection.execute(quarantined).scalar_one(),
                "queue_waiting": connection.execute(queued).scalar_one(),
            }

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({describe(self.engine.url)!r})"

    def fetch(self, query: Select[Any], build: Callable[[rows.Row], T]) -> list[T]:
        """Run a query and rebuild each row."""
        return [build(row) for row in self.fetch_rows(query)]

    def fetch_rows(self, query: Select[Any]) -> list[rows.Row]:
        """Run a query and return its rows as mappings."""
        with self.engine.connect() as connection:
            return list(connection.execute(query).mappings())

    def fetch_one(self, table: Any, id: str, column: Any) -> Any:
        """One column of the row with this id; RecordNotFound if there is none."""
        with self.engine.connect() as connection:
            found = connection.execute(select(column).where(table.c.id == id)).first()
        if found is None:
            raise RecordNotFound(table.name, id)
        return found[0]
