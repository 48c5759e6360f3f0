"""Flow `factcheck`: what `factledger run` reads, through the stages every fact-check flow shares.

Its inputs are files, folders, JSON Lines files and http(s) URLs in any mix, plus a sources
file when one is named; `flows.inputs.check_sources` reads them and takes each batch through
ingest -> extract -> validate -> commit (with reconcile and route) -> verify. Each batch is
committed in one transaction, so a run killed at any moment leaves whole batches only and
the next run picks up where it stopped.
"""

from __future__ import annotations

from prefect import flow

from factledger.pipeline import RunSummary
from factledger.settings import load_settings
from factledger.sources.http import FetchPolicy
from flows.inputs import check_sources
from tasks.fetch import fetch_page, plan_inputs


@flow(name="factcheck")
def factcheck(
    paths: list[str] | None = None,
    db: str | None = None,
    batch_size: int | None = None,
    sources: str | None = None,
) -> RunSummary:
    """Fact-check `paths` (files, folders, JSON Lines files, URLs; default seeds/) and `sources`."""
    settings = load_settings(db=db, batch_size=batch_size)
    listed = plan_inputs(paths or ([] if sources else ["seeds"]), sources)
    return check_sources(settings, listed, FetchPolicy(max_bytes=settings.max_document_bytes), fetch_page)
