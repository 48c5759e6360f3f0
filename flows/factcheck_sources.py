"""Flow `factcheck-sources`: the scheduled run over a sources file (feeds, pages, folders, JSON Lines).

fetch feeds -> fetch pages -> ingest new documents -> extract (on the flow's task runner:
threads by default, a Dask cluster with `with_dask`) -> validate -> reconcile -> route ->
publish tables, events and the summary in the Prefect UI.
"""

from __future__ import annotations

from typing import Any

from prefect import Flow, flow, unmapped

from factledger.core.models import ValidationFailure
from factledger.pipeline import RunSummary, batched, now
from factledger.settings import load_settings
from factledger.sources.files import LoadedDocument
from factledger.sources.http import FetchPolicy, FetchResult, failed_result
from flows.finish import finish_run
from tasks.extract import extract_documents
from tasks.fetch import (
    fetch_page,
    ingest_jsonl,
    ingest_new_files,
    ingest_pages,
    lookup_validators,
    publish_fetches,
    read_feeds,
    read_sources,
)
from tasks.ingest import list_documents
from tasks.monitor import known_conflict_ids, report_progress, start_progress
from tasks.report import count_rows
from tasks.validate import validate_extracted


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
    url, suites, size = settings.db_url, str(settings.expectations_dir), batch_size or settings.batch_size
    policy = FetchPolicy(timeout_seconds, max_bytes, host_interval)
    fetch = fetch_page if retry_delays is None else fetch_page.with_options(retry_delay_seconds=retry_delays)
    listed = read_sources(sources)
    before, known = count_rows(url), known_conflict_ids(url)
    links = read_feeds(fetch_all(fetch, list(listed.feeds), url, policy), url)
    ingested = ingest_pages(fetch_all(fetch, list(dict.fromkeys([*listed.urls, *links])), url, policy), url)
    publish_fetches(ingested)
    loaded = ingested.loaded + ingest_jsonl(list(listed.jsonl), url)
    files = list_documents(list(listed.paths)) if listed.paths else []
    loaded += [item for chunk in batched(files, size) for item in ingest_new_files(chunk, url)]
    failures = extract_and_validate(loaded, url, suites, size)
    return finish_run(settings, loaded, failures, before, known)


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


def extract_and_validate(
    loaded: list[LoadedDocument], db_url: str, suites: str, size: int
) -> list[ValidationFailure]:
    """Extract batches concurrently on the task runner, validate each; return every failure."""
    chunks = list(batched(loaded, size))
    progress = start_progress(len(chunks)) if len(chunks) > 1 else None
    failures: list[ValidationFailure] = []
    for done, future in enumerate(extract_documents.map(chunks, unmapped(db_url)), start=1):
        failures += validate_extracted(future.result(), db_url, suites).failures
        if progress is not None:
            report_progress(progress, done, len(chunks))
    return failures


def with_dask(address: str | None = None, workers: int = 2) -> Flow[..., RunSummary]:
    """The same flow with its concurrent stages on Dask: a cluster's scheduler, or a local one."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address:
        return factcheck_sources.with_options(task_runner=DaskTaskRunner(address=address))  # type: ignore[arg-type]
    local = {"n_workers": workers, "processes": False, "threads_per_worker": 1}
    return factcheck_sources.with_options(task_runner=DaskTaskRunner(cluster_kwargs=local))  # type: ignore[arg-type]
