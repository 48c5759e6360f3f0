"""Flow `factcheck`: ingest -> extract -> validate -> reconcile -> route, one task per stage per batch."""

from __future__ import annotations

from prefect import flow

from factledger.pipeline import RunSummary, batched
from factledger.settings import load_settings
from tasks.extract import extract_documents
from tasks.ingest import ingest_documents, list_documents
from tasks.reconcile import reconcile_claims
from tasks.report import count_rows, summarise_run
from tasks.route import route_findings
from tasks.validate import validate_extracted


@flow(name="factcheck")
def factcheck(
    paths: list[str] | None = None, db: str | None = None, batch_size: int | None = None
) -> RunSummary:
    """Fact-check the files and folders in `paths` (default: seeds/) into the database `db`."""
    settings = load_settings(db=db)
    url, suites = settings.db_url, str(settings.expectations_dir)
    before = count_rows(url)
    files = list_documents(paths or ["seeds"])
    loaded_all, failures = [], []
    for chunk in batched(files, batch_size or settings.batch_size):
        loaded = ingest_documents(chunk, url)
        report = validate_extracted(extract_documents(loaded, url), url, suites)
        loaded_all += loaded
        failures += report.failures
    route_findings(reconcile_claims(url), failures, url)
    after = count_rows(url)
    grown = {k: after.get(k, 0) - before.get(k, 0) for k in ("documents", "claims")}
    return summarise_run(loaded_all, url, grown["documents"], grown["claims"])
