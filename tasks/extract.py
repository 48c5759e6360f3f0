"""Task: split one batch of documents into articles and extract their claims."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.sources.files import LoadedDocument
from tasks.runtime import current_step


@task(name="extract", cache_policy=NO_CACHE)
def extract_documents(loaded: list[LoadedDocument], db_url: str) -> pipeline.Extracted:
    """Articles and claims of one batch, stored with their provenance."""
    return pipeline.extract_documents(loaded, pipeline.open_store(db_url), current_step())
