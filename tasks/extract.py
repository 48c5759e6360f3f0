"""Task: split one batch of documents into articles and extract their claims."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from tasks.runtime import current_step


@task(name="extract", cache_policy=NO_CACHE)
def extract_documents(read: pipeline.Read, db_url: str) -> pipeline.Extracted:
    """Articles and claims of the batch's documents not yet read by these rules. Stores nothing."""
    return pipeline.extract_documents(read, pipeline.open_store(db_url), current_step())
