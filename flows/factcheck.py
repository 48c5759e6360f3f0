"""Flow `factcheck`: per batch ingest -> extract -> validate -> commit (with reconcile and route) -> verify.

Each batch is committed in one transaction, so a run killed at any moment leaves whole
batches only and the next run picks up where it stopped; the closing stages are `flows.finish`.
"""

from __future__ import annotations

from prefect import flow
from prefect.utilities.annotations import quote

from factledger.pipeline import RunSummary, RunTally, batched
from factledger.settings import load_settings
from flows.finish import docs_folder, finish_batch, finish_run
from tasks.extract import extract_documents
from tasks.ingest import list_documents, read_documents
from tasks.monitor import report_progress, start_progress


@flow(name="factcheck")
def factcheck(
    paths: list[str] | None = None, db: str | None = None, batch_size: int | None = None
) -> RunSummary:
    """Fact-check the files and folders in `paths` (default: seeds/) into the database `db`."""
    settings = load_settings(db=db)
    chunks = list(batched(list_documents(paths or ["seeds"]), batch_size or settings.batch_size))
    progress = start_progress(len(chunks)) if len(chunks) > 1 else None
    tally, docs = RunTally(), docs_folder(settings)
    for number, chunk in enumerate(chunks, start=1):
        read = read_documents(chunk)
        extracted = extract_documents(quote(read), settings.db_url)  # type: ignore[call-overload]
        finish_batch(settings, read, extracted, tally, docs, number)
        if progress is not None:
            report_progress(progress, number, len(chunks))
    return finish_run(settings, tally, docs)
