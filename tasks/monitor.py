"""Tasks: publish a run's monitoring to Prefect: conflict and failure tables, events, progress."""

from __future__ import annotations

from uuid import UUID

from prefect import task
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.events import emit_event

from factledger import monitoring, pipeline
from factledger.core.models import Conflict, ValidationFailure


@task(name="publish-conflicts", cache_policy=NO_CACHE)
def publish_conflicts(fresh: list[Conflict], db_url: str, review_url: str) -> int:
    """A table of the run's new conflicts with review links, and one event each; returns how many."""
    named = {claim_id for conflict in fresh for claim_id in conflict.claim_ids}
    claims = {c.id: c for c in pipeline.open_store(db_url).claims_named(named)}
    rows = monitoring.conflict_rows(fresh, claims, review_url)
    create_table_artifact(
        rows or [{"severity": "", "kind": "no new conflicts", "review": review_url}],
        key="new-conflicts",
        description=f"{len(fresh)} new conflicts; open a row's review link to decide it",
    )
    for conflict in fresh:
        found = monitoring.conflict_event(conflict, claims, review_url)
        emit_event(event=found.event, resource=found.resource, payload=found.payload)
    return len(fresh)


@task(name="publish-failures", cache_policy=NO_CACHE)
def publish_failures(failures: list[ValidationFailure], docs_link: str | None = None) -> int:
    """A table of the run's quality failures; returns how many."""
    rows = monitoring.failure_rows(failures)
    where = f" Data Docs: {docs_link}" if docs_link else ""
    create_table_artifact(
        rows or [{"severity": "", "suite": "no quality failures"}],
        key="quality-failures",
        description=f"{len(rows)} rows failed an expectation.{where}",
    )
    return len(rows)


def start_progress(total: int) -> UUID:
    """A progress artifact at 0 %, for runs of more than one batch."""
    created = create_progress_artifact(0.0, key="factcheck-progress", description=f"0 of {total} batches")
    assert isinstance(created, UUID)  # called from a sync flow, so never a coroutine
    return created


def report_progress(artifact: UUID, done: int, total: int) -> None:
    """Move the progress artifact to `done` of `total` batches."""
    update_progress_artifact(artifact, 100.0 * done / max(total, 1), description=f"{done} of {total} batches")
