"""Tasks: run the Great Expectations suites on one batch, and over the whole store (the audit)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from prefect import task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from factledger import monitoring, pipeline
from factledger.errors import DataDocsError
from factledger.quality.datadocs import build_batch_docs, build_run_index
from tasks.runtime import current_step, log_stage


@task(name="validate", cache_policy=NO_CACHE)
def validate_extracted(
    extracted: pipeline.Extracted, suites_dir: str, docs_folder: str, number: int
) -> pipeline.Validated:
    """Failures of one batch, with the claims to quarantine; its Data Docs go to `docs_folder`."""
    validated = pipeline.validate_extracted(extracted, Path(suites_dir), current_step())
    failures, quarantined = len(validated.report.failures), len(validated.batch.quarantine_claims)
    log_stage(f"validate: {failures} quality failures, {quarantined} claims quarantined")
    if validated.report.results:
        try:
            build_batch_docs(validated.report, Path(docs_folder), number)
        except DataDocsError as error:  # the batch goes on without its pages; the summary says why
            return replace(validated, docs_problem=str(error))
    return validated


@task(name="data-docs", cache_policy=NO_CACHE)
def publish_data_docs(docs_folder: str, failures: int, review_url: str) -> tuple[str | None, str | None]:
    """Index the run's Data Docs and link the review app's page of them from the flow run.

    A browser will not open a file:// link from the Prefect UI; the review app serves every
    run's Data Docs to logged-in reviewers, so the artifact links there. Returns the link, or
    None and the reason when the disk refused the index.
    """
    try:
        index = build_run_index(Path(docs_folder), pipeline.data_docs_title())
    except DataDocsError as error:
        return None, str(error)
    link = monitoring.data_docs_link(review_url, index.parent)
    log_stage(f"data docs: {link}")
    create_link_artifact(
        key="data-docs",
        link=link,
        link_text="Data Docs of this run's validation",
        description=f"{failures} quality failures in this run",
    )
    return link, None


@task(name="revalidate-stored", cache_policy=NO_CACHE)
def revalidate_stored(db_url: str, suites_dir: str, home: str, review_url: str) -> int:
    """Run every suite over the whole store and publish its Data Docs; count failures."""
    store, step = pipeline.open_store(db_url), current_step()
    checked = pipeline.revalidate_stored(store, Path(suites_dir), step)
    index = pipeline.write_data_docs(checked.report, Path(home), step)
    failures, quarantined = len(checked.report.failures), len(checked.quarantine_claims)
    create_link_artifact(
        key="data-docs",
        link=monitoring.data_docs_link(review_url, index.parent),
        link_text="Data Docs of the whole store's validation",
        description=f"{failures} failures; {quarantined} claims quarantined",
    )
    return failures
