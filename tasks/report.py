"""Task: summarise a run for the operator, as a return value and a Prefect artifact."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.report import summary_markdown


@task(name="summarise", cache_policy=NO_CACHE)
def summarise_run(tally: pipeline.RunTally, db_url: str) -> pipeline.RunSummary:
    """What the run stored and what the database holds now, published as the run's summary artifact."""
    summary = pipeline.summarise(pipeline.open_store(db_url), tally)
    create_markdown_artifact(
        summary_markdown(summary), key="factcheck-summary", description="factcheck run summary"
    )
    return summary
