"""Flow `factcheck`: ingest -> extract -> validate -> reconcile -> route -> verify, one task per stage.

The first three stages run once per batch of documents; the closing stages are `flows.finish`.
"""

from __future__ import annotations

from prefect import flow

from factledger.pipeline import RunSummary, batched
from factledger.settings import load_settings
from flows.finish import finish_run
from tasks.extract import extract_documents
from tasks.ingest import ingest_documents, list_documents
from tasks.monitor import known_conflict_ids, report_progress, start_progress
from tasks.report import count_rows
from tasks.validate import validate_extracted


@flow(name="factcheck")
def factcheck(
    paths: list[str] | None = None, db: str | None = None, batch_size: int | None = None
) -> RunSummary:
    """Fact-check the files and folders in `paths` (default: seeds/) into the database `db`."""
    settings = load_settings(db=db)
    url, suites = settings.db_url, str(settings.expectations_dir)
    before, known = count_rows(url), known_conflict_ids(url)
    chunks = list(batched(list_documents(paths or ["seeds"]), batch_size or settings.batch_size))
    progress = start_progress(len(chunks)) if len(chunks) > 1 else None
    loaded_all, failures = [], []
    for done, chunk in enumerate(chunks, start=1):
        loaded = ingest_documents(chunk, url)
        failures += validate_extracted(extract_documents(loaded, url), url, suites).failures
        loaded_all += loaded
        if progress is not None:
            report_progress(progress, done, len(chunks))
    return finish_run(settings, loaded_all, failures, before, known)
