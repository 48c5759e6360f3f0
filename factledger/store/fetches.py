"""The fetch log: every web request's outcome, and the validators for the next conditional GET.

Rows are append-only; the newest row of a URL that carries an ETag or Last-Modified is
what the next request sends back to the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, or_, select

from factledger.core.models import SourceDocument
from factledger.store import rows
from factledger.store.bulk import chunked, existing_ids
from factledger.store.lineage import documents_read_by, every_input_of, indexed_activities
from factledger.store.records import FetchRow
from factledger.store.rows import to_document
from factledger.store.store import Store
from factledger.store.tables import documents, fetches
from factledger.store.writes import append_fetches

FETCH_COLUMNS = [fetches.c[name] for name in FetchRow.__dataclass_fields__]


def record_fetches(store: Store, logged: Sequence[FetchRow]) -> int:
    """Append rows to the fetch log in one transaction; return how many."""
    with store.engine.begin() as connection:
        return append_fetches(connection, logged)


def fetch_log(store: Store, url: str | None = None) -> list[FetchRow]:
    """Logged fetches (optionally of one URL), oldest first."""
    query = select(*FETCH_COLUMNS).order_by(fetches.c.id)
    if url is not None:
        query = query.where(fetches.c.url == url)
    return [FetchRow(**row) for row in store.fetch_rows(query)]


def newest_validated_fetches(store: Store, urls: Iterable[str]) -> dict[str, FetchRow]:
    """For each URL fetched before with an ETag or Last-Modified, its newest such logged fetch."""
    wanted = sorted(set(urls))
    if not wanted:
        return {}
    has_validator = or_(fetches.c.etag.is_not(None), fetches.c.last_modified.is_not(None))
    newest = (
        select(func.max(fetches.c.id))
        .where(fetches.c.url.in_(wanted), has_validator, fetches.c.outcome != "failed")
        .group_by(fetches.c.url)
    )
    query = select(*FETCH_COLUMNS).where(fetches.c.id.in_(newest))
    return {row["url"]: FetchRow(**row) for row in store.fetch_rows(query)}


def stored_document_ids(store: Store, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` that are stored, whatever their state."""
    with store.engine.connect() as connection:
        return existing_ids(connection, documents, ids)


def known_documents(store: Store, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` whose processing is complete: quarantined, or already extracted.

    A document stored by a run that died before extracting it is not "known": the next run
    must extract it, or its figures would be lost for good.
    """
    wanted = sorted(set(ids))
    return quarantined_documents(store, wanted) | extracted_documents(store, wanted)


def quarantined_documents(store: Store, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` stored as quarantined: nothing is to be extracted from them."""
    found: set[str] = set()
    for chunk in chunked(sorted(set(ids))):
        query = select(documents.c.id).where(documents.c.id.in_(chunk), documents.c.status == "quarantined")
        found.update(row["id"] for row in store.fetch_rows(query))
    return found


def extracted_documents(store: Store, ids: Iterable[str], rules_version: str | None = None) -> set[str]:
    """The ids among `ids` that an extract activity has read (with these rules, when given)."""
    with store.engine.connect() as connection:
        return documents_read_by(connection, ids, "extract", rules_version)


def unextracted_documents(store: Store) -> list[tuple[SourceDocument, bytes | None]]:
    """Usable documents that no extraction has read, with their bytes, by location.

    A run stores a fetched page with its fetch log before extracting it; one killed in
    between leaves such documents, and a later fetch of the page may say 304, not the bytes.
    """
    with store.engine.connect() as connection:
        read = every_input_of(connection, "extract")
        usable = connection.execute(select(documents.c.id).where(documents.c.status == "ok")).scalars()
        missing = sorted(set(usable) - read)
        found: list[rows.Row] = []
        for chunk in chunked(missing):
            found += connection.execute(select(documents).where(documents.c.id.in_(chunk))).mappings()
    found.sort(key=lambda row: (row["location"], row["id"]))
    return [(to_document(row), rows.document_bytes(row)) for row in found]


def stored_producers(store: Store, ids: Iterable[str], step: str) -> list[str]:
    """Content ids of the stored activities of `step` that output any of these ids."""
    found: set[str] = set()
    with store.engine.connect() as connection:
        for record_id in sorted(set(ids)):
            found.update(row["id"] for row in indexed_activities(connection, record_id, "output", step))
    return sorted(found)
