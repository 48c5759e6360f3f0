"""Task: run the Great Expectations suites on one batch."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.quality import ValidationReport
from tasks.runtime import current_step


@task(name="validate", cache_policy=NO_CACHE)
def validate_extracted(extracted: pipeline.Extracted, db_url: str, suites_dir: str) -> ValidationReport:
    """Failures of one batch; critical rows are quarantined in the store."""
    store = pipeline.open_store(db_url)
    return pipeline.validate_extracted(extracted, store, Path(suites_dir), current_step())
