"""The web side of ingest: fetched pages become documents with their fetch provenance.

Like `pipeline`, these stages work on a Store without Prefect; `tasks/fetch.py` wraps them.
A page whose bytes are stored already (same sha256) is logged as `unchanged` and not
extracted again; every fetch, whatever its outcome, is one row of the fetch log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import httpx

from factledger.core.models import Activity, SourceDocument
from factledger.errors import FetchError, SourceError
from factledger.pipeline import CODE_VERSION, Read, StepRun, batched, ingest_activity, now, ran, run_info
from factledger.sources.feeds import FeedEntry, parse_feed
from factledger.sources.files import LoadedDocument, decode_document
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
from factledger.store import Batch, FetchRow, RunInfo, Store
from factledger.store.fetches import (
    known_documents,
    newest_validated_fetches,
    record_fetches,
    unextracted_documents,
)

FETCH_RULES = "fetch-1"


@dataclass
class Ingested:
    """What a batch of fetches gave: the new pages to extract, and the log of every fetch.

    Nothing of a new page is stored yet: `reads` hands each page to a batch together with
    its fetch provenance and fetch-log rows, so the batch commit stores them with its claims.
    """

    loaded: list[LoadedDocument] = field(default_factory=list)
    log: list[FetchRow] = field(default_factory=list)
    provenance: dict[str, list[tuple[Activity, RunInfo]]] = field(default_factory=dict)
    ingest_run: RunInfo | None = None  # the run of the ingest activity each batch of pages gets

    def outcomes(self) -> dict[str, int]:
        """How many fetches ended each way (fetched, unchanged, not_modified, refused, failed)."""
        counts: dict[str, int] = {}
        for row in self.log:
            counts[row.outcome] = counts.get(row.outcome, 0) + 1
        return counts

    def reads(self, size: int) -> list[Read]:
        """The new pages in batches, each with the provenance and log rows its commit stores."""
        return [self.read(chunk) for chunk in batched(self.loaded, size)]

    def read(self, pages: list[LoadedDocument]) -> Read:
        ids = {page.document.id for page in pages}
        fetched = [pair for page in pages for pair in self.provenance[page.document.id]]
        ingested = [(ingest_activity(ids), self.ingest_run)] if ids and self.ingest_run else []
        batch = Batch(
            documents=[(page.document, page.raw) for page in pages],
            activities=fetched + ingested,
            fetches=[row for row in self.log if row.document_id in ids],
        )
        return Read(pages, batch)

    def unbound_log(self) -> list[FetchRow]:
        """Log rows that point at no page of this run (failures, 304s, bytes stored before)."""
        return [row for row in self.log if row.document_id not in self.provenance]


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
    """Sort fetched pages into new ones (to extract, then commit) and ones seen before; log each.

    Only the log rows that point at no new page are stored here: a new page's row commits
    with the page, so a run killed before that commit leaves no validator behind and the
    next run fetches the page in full again.
    """
    started = now()
    pages = [(result, page_document(result)) for result in results]
    seen = known_documents(store, [page.document.id for _, page in pages if page is not None])
    out = Ingested()
    out.ingest_run = run_info(step, started)
    for result, page in pages:
        if page is None:
            out.log.append(fetch_row(result, result.outcome, None))
            continue
        doc = page.document
        if doc.id in seen:
            out.log.append(fetch_row(result, "unchanged", doc.id))
            continue
        seen.add(doc.id)
        out.provenance[doc.id] = ran([fetch_activity(result, doc.id)], step, started)
        out.log.append(fetch_row(result, "fetched", doc.id))
        out.loaded.append(page)
    record_fetches(store, out.unbound_log())
    return out


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
