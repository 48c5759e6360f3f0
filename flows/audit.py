"""Flow `factcheck-audit`: revalidate the whole store and re-derive every hash, on a schedule.

A fact-check run validates and verifies what it writes, batch by batch, so its cost follows
what is new. Rows edited by hand afterwards (a quote changed in the database, bytes
replaced) are caught here: every suite over every stored row, with the store's Data Docs,
then `verify` over every record. It reads the whole store, so it runs nightly, not hourly.
"""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from factledger.settings import load_settings
from factledger.store import Problem
from tasks.validate import revalidate_stored
from tasks.verify import verify_store


@flow(name="factcheck-audit")
def factcheck_audit(db: str | None = None) -> list[Problem]:
    """Revalidate every stored row and verify every record; returns the records that fail verify."""
    settings = load_settings(db=db)
    home, suites = str(settings.home), str(settings.expectations_dir)
    failures = revalidate_stored(settings.db_url, suites, home, settings.review_url)
    problems = verify_store(settings.db_url)
    lines = [f"- quality failures over the whole store: {failures}", f"- verify: {len(problems)} problems"]
    lines += [f"  - {p.table} {p.row_id}: {p.message}" for p in problems[:50]]
    create_markdown_artifact("\n".join(lines), key="audit-summary", description="factcheck audit")
    return problems
