"""Tasks: commit one batch with its reconciliation atomically, then verify what it wrote."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.store import Batch
from tasks.runtime import current_step, log_stage


# No retries: a refused commit stored nothing, and the next run redoes the batch whole.
@task(name="commit", cache_policy=NO_CACHE)
def commit_batch(parts: list[Batch], db_url: str, suites_dir: str) -> pipeline.Committed:
    """Store the batch, reconcile the event groups it touched and enqueue what needs review."""
    store = pipeline.open_store(db_url)
    committed = pipeline.commit_batch(store, parts, Path(suites_dir), current_step())
    stored = ", ".join(f"{count} {kind}" for kind, count in sorted(committed.counts.items()) if count)
    log_stage(f"commit: stored {stored or 'nothing new'}; {len(committed.fresh)} conflicts raised or changed")
    return committed


@task(name="verify", cache_policy=NO_CACHE)
def verify_batch(
    extracted: pipeline.Extracted, parts: list[Batch], committed: pipeline.Committed, db_url: str
) -> int:
    """Re-derive every id and link the batch wrote; count the problems (0 when all is well)."""
    problems = pipeline.verify_batch(pipeline.open_store(db_url), extracted, parts, committed)
    log_stage(f"verify: {'ok' if problems == 0 else f'{problems} problems'}")
    return problems
