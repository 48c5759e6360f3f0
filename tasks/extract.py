"""Task: split one batch of documents into articles and extract their claims."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from tasks.runtime import current_step, log_stage


@task(name="extract", cache_policy=NO_CACHE)
def extract_documents(read: pipeline.Read, db_url: str) -> pipeline.Extracted:
    """Articles and claims of the batch's documents not yet read by these rules. Stores nothing."""
    extracted = pipeline.extract_documents(read, pipeline.open_store(db_url), current_step())
    done, articles, claims = len(extracted.activity_ids), len(extracted.articles), len(extracted.claims)
    log_stage(f"extract: {done} documents to read, {articles} articles, {claims} claims")
    return extracted
