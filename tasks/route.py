"""Task: enqueue conflicts and quality warnings for reviewers."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.core.models import Conflict, ValidationFailure
from tasks.runtime import current_step


@task(name="route", cache_policy=NO_CACHE)
def route_findings(conflicts: list[Conflict], failures: list[ValidationFailure], db_url: str) -> int:
    """Number of new queue items (enqueueing is idempotent on the item key)."""
    store = pipeline.open_store(db_url)
    return pipeline.route_findings(conflicts, failures, store, current_step())
