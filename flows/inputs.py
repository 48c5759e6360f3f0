"""The run both fact-check flows make over what they read: one reading path, one set of stages.

fetch feeds -> fetch pages -> extract the new pages (on the flow's task runner: threads by
default, a Dask cluster with `with_dask`) -> per batch validate -> commit (pages, their fetch
log rows and provenance, claims, reconciliation and routing in one transaction) -> verify ->
publish tables, events and the summary in the Prefect UI. Documents an earlier run stored but
never extracted, JSON Lines records (one document each) and files are read and committed
batch by batch the same way. `factcheck` reads the inputs of `factledger run`, and
`factcheck-sources` a sources file; both hand a `SourceList` here.
"""

from __future__ import annotations

from typing import Any

from prefect import unmapped

from factledger.pipeline import Read, RunSummary, RunTally, batched, now
from factledger.settings import Settings
from factledger.sources.catalog import SourceList
from factledger.sources.http import FetchPolicy, FetchResult, failed_result
from flows.finish import docs_folder, finish_batch, finish_run
from tasks.extract import extract_documents
from tasks.fetch import (
    ingest_pages,
    leftover_documents,
    lookup_validators,
    publish_fetches,
    read_feeds,
    read_jsonl_files,
)
from tasks.ingest import list_local_files, read_documents
from tasks.monitor import report_progress, start_progress


def check_sources(settings: Settings, listed: SourceList, policy: FetchPolicy, fetch: Any) -> RunSummary:
    """Read everything `listed` names, fact-check it batch by batch, publish what changed."""
    url, size = settings.db_url, settings.batch_size
    reads: list[Read] = []
    if listed.feeds or listed.urls:
        links = read_feeds(fetch_all(fetch, list(listed.feeds), url, policy), url)
        pages = fetch_all(fetch, list(dict.fromkeys([*listed.urls, *links])), url, policy)
        ingested = ingest_pages(pages, url)
        publish_fetches(ingested)
        # Each new page commits with its fetch provenance and log rows in its batch.
        reads += leftover_documents(url, list(ingested.provenance), size) + ingested.reads(size)
    else:
        reads += leftover_documents(url, [], size)
    records, texts = list_local_files(listed)
    reads += read_jsonl_files(records, size, settings.max_document_bytes)
    reads += [read_documents(chunk, settings.max_document_bytes) for chunk in batched(texts, size)]
    tally, docs = RunTally(), docs_folder(settings)
    extract_and_commit(settings, reads, tally, docs)
    return finish_run(settings, tally, docs)


def fetch_all(fetch: Any, urls: list[str], db_url: str, policy: FetchPolicy) -> list[FetchResult]:
    """Fetch URLs concurrently on the task runner; one whose retries ran out becomes a failed result."""
    if not urls:
        return []
    validators = lookup_validators(urls, db_url)
    futures = fetch.map(urls, [validators.get(u) for u in urls], unmapped(policy))
    results = []
    for link, future in zip(urls, futures, strict=True):
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, BaseException):
            outcome = failed_result(link, now().isoformat(), outcome)
        results.append(outcome)
    return results


def extract_and_commit(settings: Settings, reads: list[Read], tally: RunTally, docs: str) -> None:
    """Extract batches concurrently on the task runner; validate, commit and verify each in turn."""
    progress = start_progress(len(reads)) if len(reads) > 1 else None
    # Mapped inputs cannot be quoted (map must split them), so Prefect walks these reads.
    futures = extract_documents.map(reads, unmapped(settings.db_url))
    for number, (read, future) in enumerate(zip(reads, futures, strict=True), start=1):
        finish_batch(settings, read, future.result(), tally, docs, number)
        if progress is not None:
            report_progress(progress, number, len(reads))
