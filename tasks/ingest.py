"""Tasks: list the files a run reads, and read one batch of them."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline
from factledger.sources.files import expand_paths
from tasks.runtime import current_step


@task(name="list-documents", cache_policy=NO_CACHE)
def list_documents(paths: list[str]) -> list[str]:
    """The files a run will read, named directly or found under folders."""
    return [str(p) for p in expand_paths(paths)]


# Reading local files is not transient: a failure is a quarantine record, not a retry.
@task(name="ingest", cache_policy=NO_CACHE)
def read_documents(paths: list[str]) -> pipeline.Read:
    """Read one batch of files; unreadable ones become quarantined documents. Stores nothing."""
    return pipeline.read_documents([Path(p) for p in paths], current_step())
