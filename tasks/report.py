"""Task: summarise a run for the operator, as a return value and a Prefect artifact."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.report import summary_markdown
from factledger.sources.files import LoadedDocument


@task(name="summarise", cache_policy=NO_CACHE)
def summarise_run(
    loaded: list[LoadedDocument], db_url: str, new_docs: int, new_claims: int, problems: int | None = None
) -> pipeline.RunSummary:
    """Counts from the database after the run, published as the run's summary artifact."""
    store = pipeline.open_store(db_url)
    summary = pipeline.summarise(store, loaded, new_docs, new_claims, problems)
    create_markdown_artifact(
        summary_markdown(summary), key="factcheck-summary", description="factcheck run summary"
    )
    return summary


@task(name="count-rows", cache_policy=NO_CACHE)
def count_rows(db_url: str) -> dict[str, int]:
    """Rows per table, to measure what a run added."""
    return pipeline.open_store(db_url).counts()
