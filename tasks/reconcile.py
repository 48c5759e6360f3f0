"""Task: find conflicting figures across everything stored."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.core.models import Conflict
from tasks.runtime import current_step


@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_claims(db_url: str) -> list[Conflict]:
    """Conflicts among all sound stored claims, stored and returned."""
    return pipeline.reconcile_claims(pipeline.open_store(db_url), current_step())
