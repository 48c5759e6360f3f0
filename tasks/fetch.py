"""Tasks: fetch pages and feeds from the web, and store what they bring.

Transient failures (no connection, a timeout, 429, 5xx) raise and the decorator retries them
with exponential backoff; a 404, an oversized body or an unreadable media type is a final
answer, returned as a refused result and logged, never retried.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Task, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import exponential_backoff

from factledger import fetching, pipeline, reading
from factledger.errors import TransientFetchError
from factledger.sources.catalog import SourceList, classify_inputs, load_sources
from factledger.sources.http import (
    FetchPolicy,
    FetchResult,
    HostRateLimiter,
    Validators,
    fetch_url,
    make_client,
)
from tasks.runtime import current_step

# One pace per process, shared by the task runs of every flow run in it.
LIMITERS: dict[float, HostRateLimiter] = {}


def is_transient(task: Task[Any, Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only what a later attempt may cure."""
    return isinstance(state.data, TransientFetchError)


def limiter_for(policy: FetchPolicy) -> HostRateLimiter:
    return LIMITERS.setdefault(policy.min_host_interval, HostRateLimiter(policy.min_host_interval))


@task(
    name="fetch",
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    retry_condition_fn=is_transient,
    cache_policy=NO_CACHE,
)
def fetch_page(url: str, validators: Validators | None, policy: FetchPolicy) -> FetchResult:
    """GET one URL (conditionally when validators are known), politely paced per host."""
    with make_client(policy) as client:
        return fetch_url(client, url, pipeline.now().isoformat(), validators, policy, limiter_for(policy))


@task(name="load-sources", cache_policy=NO_CACHE)
def read_sources(path: str) -> SourceList:
    """The feeds, pages, folders and JSON Lines files a run reads."""
    return load_sources(Path(path))


@task(name="plan-inputs", cache_policy=NO_CACHE)
def plan_inputs(inputs: list[str], sources: str | None = None) -> SourceList:
    """Command-line inputs sorted by kind (pages, JSON Lines, files and folders), plus a sources file."""
    listed = classify_inputs(inputs)
    return listed.merge(load_sources(Path(sources))) if sources else listed


@task(name="validators", cache_policy=NO_CACHE)
def lookup_validators(urls: list[str], db_url: str) -> dict[str, Validators]:
    """ETag / Last-Modified remembered from earlier fetches, for conditional GETs."""
    return fetching.latest_validators(pipeline.open_store(db_url), urls)


@task(name="read-feeds", cache_policy=NO_CACHE)
def read_feeds(results: list[FetchResult], db_url: str) -> list[str]:
    """Log the feed fetches; return the article links of the feeds that changed."""
    return fetching.log_feeds(results, pipeline.open_store(db_url))


@task(name="ingest-pages", cache_policy=NO_CACHE)
def ingest_pages(results: list[FetchResult], db_url: str) -> fetching.Ingested:
    """Sort the fetched pages into new ones and ones seen before; log the fetches no new page owns."""
    return fetching.ingest_fetched(results, pipeline.open_store(db_url), current_step())


@task(name="read-jsonl", cache_policy=NO_CACHE)
def read_jsonl_files(paths: list[str], batch_size: int, max_bytes: int) -> list[pipeline.Read]:
    """The records of JSON Lines files in batches, each with the ingest provenance its commit stores."""
    return list(reading.record_reads([Path(p) for p in paths], current_step(), batch_size, max_bytes))


@task(name="pending-documents", cache_policy=NO_CACHE)
def leftover_documents(db_url: str, fetched: list[str], batch_size: int) -> list[pipeline.Read]:
    """Documents an earlier run stored but died before extracting, unless fetched again this run."""
    pending = fetching.pending_documents(pipeline.open_store(db_url))
    return reading.leftover_reads(pending, set(fetched), batch_size)


@task(name="publish-fetches", cache_policy=NO_CACHE)
def publish_fetches(ingested: fetching.Ingested) -> dict[str, int]:
    """A table of every page fetch of the run and how it ended; returns counts per outcome."""
    rows = [
        {
            "outcome": row.outcome,
            "status": row.status,
            "url": row.url,
            "final_url": row.final_url,
            "reason": row.reason or "",
        }
        for row in ingested.log
    ]
    outcomes = ingested.outcomes()
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "no pages"
    create_table_artifact(rows or [{"outcome": "no pages fetched"}], key="fetches", description=summary)
    return outcomes
