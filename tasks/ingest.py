"""Tasks: sort a run's local inputs into JSON Lines files and text files, and read a batch of files."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from factledger import pipeline, reading
from factledger.sources.catalog import SourceList
from tasks.runtime import current_step, log_stage


@task(name="list-documents", cache_policy=NO_CACHE)
def list_local_files(listed: SourceList) -> tuple[list[str], list[str]]:
    """The JSON Lines files and the text files a run will read, named directly or found under folders."""
    records, texts = reading.local_files(listed)
    return [str(p) for p in records], [str(p) for p in texts]


# Reading local files is not transient: a failure is a quarantine record, not a retry.
@task(name="ingest", cache_policy=NO_CACHE)
def read_documents(paths: list[str], max_bytes: int) -> pipeline.Read:
    """Read one batch of files; unreadable or oversized ones become quarantined documents. Stores nothing."""
    read = pipeline.read_documents([Path(p) for p in paths], current_step(), max_bytes)
    bad = sum(1 for d in read.loaded if d.document.status != "ok")
    log_stage(f"ingest: read {len(read.loaded)} documents, {bad} quarantined")
    return read
