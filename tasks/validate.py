"""Tasks: run the Great Expectations suites on one batch, and over the whole store (the audit)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.quality.datadocs import build_batch_docs, build_run_index
from tasks.runtime import current_step


@task(name="validate", cache_policy=NO_CACHE)
def validate_extracted(
    extracted: pipeline.Extracted, suites_dir: str, docs_folder: str, number: int
) -> pipeline.Validated:
    """Failures of one batch, with the claims to quarantine; its Data Docs go to `docs_folder`."""
    validated = pipeline.validate_extracted(extracted, Path(suites_dir), current_step())
    if validated.report.results:
        build_batch_docs(validated.report, Path(docs_folder), number)
    return validated


@task(name="data-docs", cache_policy=NO_CACHE)
def publish_data_docs(docs_folder: str, failures: int) -> str:
    """Index the run's Data Docs and link them from the flow run; return the index's URI."""
    index = build_run_index(Path(docs_folder), pipeline.data_docs_title())
    link = index.resolve().as_uri()
    create_link_artifact(
        key="data-docs",
        link=link,
        link_text="Data Docs of this run's validation",
        description=f"{failures} quality failures in this run",
    )
    return link


@task(name="revalidate-stored", cache_policy=NO_CACHE)
def revalidate_stored(db_url: str, suites_dir: str, home: str) -> int:
    """Run every suite over the whole store and publish its Data Docs; count failures."""
    store, step = pipeline.open_store(db_url), current_step()
    checked = pipeline.revalidate_stored(store, Path(suites_dir), step)
    index = pipeline.write_data_docs(checked.report, Path(home), step)
    failures, quarantined = len(checked.report.failures), len(checked.quarantine_claims)
    create_link_artifact(
        key="data-docs",
        link=index.resolve().as_uri(),
        link_text="Data Docs of the whole store's validation",
        description=f"{failures} failures; {quarantined} claims quarantined",
    )
    return failures
