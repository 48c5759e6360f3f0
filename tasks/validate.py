"""Tasks: run the Great Expectations suites on one batch, and over the whole store."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.quality import ValidationReport
from tasks.runtime import current_step


@task(name="validate", cache_policy=NO_CACHE)
def validate_extracted(extracted: pipeline.Extracted, db_url: str, suites_dir: str) -> ValidationReport:
    """Failures of one batch; critical rows are quarantined in the store."""
    store = pipeline.open_store(db_url)
    return pipeline.validate_extracted(extracted, store, Path(suites_dir), current_step())


@task(name="revalidate-stored", cache_policy=NO_CACHE)
def revalidate_stored(db_url: str, suites_dir: str, home: str) -> int:
    """Run every suite over the whole store and publish the run's Data Docs; count failures."""
    store, step = pipeline.open_store(db_url), current_step()
    checked = pipeline.revalidate_stored(store, Path(suites_dir), step)
    index = pipeline.write_data_docs(checked.report, Path(home), step)
    failures, quarantined = len(checked.report.failures), len(checked.quarantine_claims)
    create_link_artifact(
        key="data-docs",
        link=index.resolve().as_uri(),
        link_text="Data Docs of this run's validation",
        description=f"{failures} failures; {quarantined} claims quarantined",
    )
    return failures
