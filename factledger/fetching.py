"""The web side of ingest: fetched pages become stored documents with their fetch provenance.

Like `pipeline`, these stages work on a Store without Prefect; `tasks/fetch.py` wraps them.
A page whose bytes are stored already (same sha256) is logged as `unchanged` and not
extracted again; every fetch, whatever its outcome, is one row of the fetch log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from factledger.core.models import Activity, SourceDocument
from factledger.errors import FetchError, SourceError
from factledger.pipeline import CODE_VERSION, StepRun, ingest_activity, now
from factledger.sources.feeds import FeedEntry, parse_feed
from factledger.sources.files import LoadedDocument, decode_document, unique_documents
from factledger.sources.http import (
    FetchPolicy,
    FetchResult,
    HostRateLimiter,
    Validators,
    failed_result,
    fetch_url,
)
from factledger.sources.jsonl import MEDIA_TYPE as JSONL_MEDIA_TYPE
from factledger.sources.jsonl import read_record
from factledger.sources.web import HTML_TYPES, html_document, page_document
from factledger.store import Batch, RunInfo, Store
from factledger.store.fetches import (
    FetchRow,
    known_documents,
    newest_validated_fetches,
    record_fetches,
    unextracted_documents,
)

FETCH_RULES = "fetch-1"


@dataclass
class Ingested:
    """What a batch of fetches gave: the documents to extract, and the log of every fetch."""

    loaded: list[LoadedDocument] = field(default_factory=list)
    log: list[FetchRow] = field(default_factory=list)

    def outcomes(self) -> dict[str, int]:
        """How many fetches ended each way (fetched, unchanged, not_modified, refused, failed)."""
        counts: dict[str, int] = {}
        for row in self.log:
            counts[row.outcome] = counts.get(row.outcome, 0) + 1
        return counts


def fetch_pages(
    client: httpx.Client,
    urls: Sequence[str],
    validators: dict[str, Validators],
    policy: FetchPolicy,
    fetched_at: str,
) -> list[FetchResult]:
    """Fetch URLs one after another, once each: the bare path, without Prefect's retries."""
    limiter = HostRateLimiter(policy.min_host_interval)
    results = []
    for url in urls:
        try:
            results.append(fetch_url(client, url, fetched_at, validators.get(url), policy, limiter))
        except FetchError as error:
            results.append(failed_result(url, fetched_at, error))
    return results


def fetch_activity(result: FetchResult, document_id: str) -> Activity:
    """The provenance of one fetch: where, what came back, when, and the bytes' id."""
    parameters = {
        "url": result.url,
        "final_url": result.final_url,
        "status": result.status,
        "fetched_at": result.fetched_at,
        "media_type": result.media_type,
        "etag": result.etag,
        "last_modified": result.last_modified,
    }
    return Activity("fetch", CODE_VERSION, FETCH_RULES, parameters, (), (document_id,))


def ingest_fetched(results: Sequence[FetchResult], store: Store, step: StepRun) -> Ingested:
    """Store the new documents among fetched pages, log every fetch, return what to extract."""
    started = now()
    pages = [(result, page_document(result)) for result in results]
    seen = known_documents(store, [page.document.id for _, page in pages if page is not None])
    out, batch, activities = Ingested(), Batch(), []
    for result, page in pages:
        if page is None:
            out.log.append(fetch_row(result, result.outcome, None))
            continue
        doc = page.document
        if doc.id in seen:
            out.log.append(fetch_row(result, "unchanged", doc.id))
            continue
        seen.add(doc.id)
        batch.documents.append((doc, page.raw))
        activities += [fetch_activity(result, doc.id), ingest_activity(doc.location, doc.id)]
        out.log.append(fetch_row(result, "fetched", doc.id))
        out.loaded.append(page)
    save_with_run(store, batch, activities, step, started)
    record_fetches(store, out.log)
    return out


def ingest_loaded(loaded: Sequence[LoadedDocument], store: Store, step: StepRun) -> list[LoadedDocument]:
    """Store documents read from files (JSON Lines records); return the ones not seen before."""
    started = now()
    seen = known_documents(store, [item.document.id for item in loaded])
    fresh = unique_documents(item for item in loaded if item.document.id not in seen)
    activities = [ingest_activity(item.document.location, item.document.id) for item in fresh]
    batch = Batch(documents=[(item.document, item.raw) for item in fresh])
    save_with_run(store, batch, activities, step, started)
    return fresh


def pending_documents(store: Store) -> list[LoadedDocument]:
    """Stored documents no extraction has read (a run died in between), as their readers gave them.

    Each is rebuilt from its stored bytes by the reader of its media type, so an HTML page or
    a JSON Lines record comes back with the article its source described.
    """
    return [reload(document, raw) for document, raw in unextracted_documents(store)]


def reload(document: SourceDocument, raw: bytes | None) -> LoadedDocument:
    """A stored document rebuilt from its bytes: the same id, text and articles as when it was read."""
    if raw is None:
        return LoadedDocument(document, None)
    if document.media_type in HTML_TYPES:
        return html_document(document.location, raw, document.media_type, document.fetched_at)
    if document.media_type == JSONL_MEDIA_TYPE:
        return read_record(raw, document.location, document.fetched_at)
    decoded = decode_document(document.location, raw, document.media_type, document.fetched_at)
    return LoadedDocument(decoded, raw)


def fetch_row(result: FetchResult, outcome: str, document_id: str | None) -> FetchRow:
    """The log row of a fetch; `outcome` may differ from the result's (`unchanged`: seen bytes)."""
    return FetchRow(
        result.url,
        result.final_url,
        result.status,
        outcome,
        document_id,
        result.etag,
        result.last_modified,
        result.fetched_at,
        result.reason,
    )


def latest_validators(store: Store, urls: Iterable[str]) -> dict[str, Validators]:
    """For each URL fetched before with an ETag or Last-Modified, the newest such pair."""
    newest = newest_validated_fetches(store, urls)
    return {url: Validators(row.etag, row.last_modified) for url, row in newest.items()}


def log_feeds(results: Sequence[FetchResult], store: Store) -> list[str]:
    """Log the feed fetches and return the article links of the feeds that came back."""
    links: dict[str, None] = {}
    logged: list[FetchRow] = []
    for result in results:
        read = read_feed(result)
        links.update((entry.url, None) for entry in read.entries)
        logged.append(fetch_row(read.result, read.result.outcome, None))
    record_fetches(store, logged)
    return list(links)


@dataclass(frozen=True)
class FeedRead:
    """A feed fetch with the entries read from it; an unreadable feed is logged `refused`."""

    result: FetchResult
    entries: list[FeedEntry]


def read_feed(result: FetchResult) -> FeedRead:
    """The entries of a fetched feed; a feed the parser cannot read becomes a refused fetch."""
    if result.outcome != "fetched" or result.content is None:
        return FeedRead(result, [])
    try:
        return FeedRead(result, parse_feed(result.content, result.final_url))
    except SourceError as error:
        return FeedRead(replace(result, outcome="refused", reason=error.reason), [])


def save_with_run(
    store: Store, batch: Batch, activities: list[Activity], step: StepRun, started: datetime
) -> dict[str, int]:
    """Save a batch with one run row per activity."""
    run = RunInfo(
        started, now(), "completed", step.flow_run_id, step.task_run_id, step.deployment_id, step.actor
    )
    batch.activities.extend((activity, run) for activity in activities)
    return store.save(batch)
