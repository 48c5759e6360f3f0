"""Task: re-derive every stored id and link (the audit's full check)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.provenance.verify import verify
from factledger.store import Problem
from tasks.runtime import log_stage


@task(name="verify-store", cache_policy=NO_CACHE)
def verify_store(db_url: str) -> list[Problem]:
    """Every stored record that does not match its hash or links (empty when all is well)."""
    problems = verify(pipeline.open_store(db_url))
    log_stage(f"verify: {len(problems)} problems over the whole store")
    return problems
