"""Task: read one batch of files into stored documents."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.sources.files import LoadedDocument, expand_paths
from tasks.runtime import current_step


@task(name="list-documents", cache_policy=NO_CACHE)
def list_documents(paths: list[str]) -> list[str]:
    """The files a run will read, named directly or found under folders."""
    return [str(p) for p in expand_paths(paths)]


# Reading local files is not transient: a failure is a quarantine record, not a retry.
@task(name="ingest", cache_policy=NO_CACHE)
def ingest_documents(paths: list[str], db_url: str) -> list[LoadedDocument]:
    """Read and store one batch of documents; bad ones are quarantined, not raised."""
    store = pipeline.open_store(db_url)
    return pipeline.ingest_documents([Path(p) for p in paths], store, current_step())
