"""Flow `factcheck-sources`: the scheduled run over a sources file (feeds, pages, folders, JSON Lines).

fetch feeds -> fetch pages -> extract the new pages (on the flow's task runner: threads by
default, a Dask cluster with `with_dask`) -> per batch validate -> commit (pages, their fetch
log rows and provenance, claims, reconciliation and routing in one transaction) -> verify ->
publish tables, events and the summary in the Prefect UI. JSON Lines records and the files
the sources list are read and committed batch by batch like `factcheck`'s.
"""

from __future__ import annotations

from typing import Any

from prefect import Flow, flow, unmapped

from factledger.pipeline import Read, RunSummary, RunTally, batched, now
from factledger.settings import Settings, load_settings
from factledger.sources.http import FetchPolicy, FetchResult, failed_result
from factledger.store import Batch
from flows.finish import docs_folder, finish_batch, finish_run
from tasks.extract import extract_documents
from tasks.fetch import (
    fetch_page,
    ingest_pages,
    lookup_validators,
    pending_documents,
    publish_fetches,
    read_feeds,
    read_jsonl_files,
    read_sources,
)
from tasks.ingest import list_documents, read_documents
from tasks.monitor import report_progress, start_progress


@flow(name="factcheck-sources")
def factcheck_sources(
    sources: str = "deployments/sources.yaml",
    db: str | None = None,
    batch_size: int | None = None,
    timeout_seconds: float = 15.0,
    max_bytes: int = 5_000_000,
    host_interval: float = 1.0,
    retry_delays: list[float] | None = None,
) -> RunSummary:
    """Fetch and fact-check everything the sources file lists; publish what changed."""
    settings = load_settings(db=db)
    url, size = settings.db_url, batch_size or settings.batch_size
    policy = FetchPolicy(timeout_seconds, max_bytes, host_interval)
    fetch = fetch_page if retry_delays is None else fetch_page.with_options(retry_delay_seconds=retry_delays)
    listed = read_sources(sources)
    links = read_feeds(fetch_all(fetch, list(listed.feeds), url, policy), url)
    ingested = ingest_pages(fetch_all(fetch, list(dict.fromkeys([*listed.urls, *links])), url, policy), url)
    publish_fetches(ingested)
    tally, docs = RunTally(), docs_folder(settings)
    # Each new page commits with its fetch provenance and log rows in its batch. Pending
    # documents (stored unextracted by an earlier version's run) are read from their bytes,
    # unless fetched again this run: then the page, which brings those rows, stands for them.
    pending = pending_documents(url)
    leftover = [item for item in pending if item.document.id not in ingested.provenance]
    reads = [Read(chunk, Batch()) for chunk in batched(leftover, size)]
    reads += ingested.reads(size) + read_jsonl_files(list(listed.jsonl), size)
    files = list_documents(list(listed.paths)) if listed.paths else []
    reads += [read_documents(chunk) for chunk in batched(files, size)]
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


def with_dask(address: str | None = None, workers: int = 2) -> Flow[..., RunSummary]:
    """The same flow with its concurrent stages on Dask: a cluster's scheduler, or a local one."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address:
        return factcheck_sources.with_options(task_runner=DaskTaskRunner(address=address))  # type: ignore[arg-type]
    local = {"n_workers": workers, "processes": False, "threads_per_worker": 1}
    return factcheck_sources.with_options(task_runner=DaskTaskRunner(cluster_kwargs=local))  # type: ignore[arg-type]
