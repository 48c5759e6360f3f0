"""The closing stages every fact-check flow shares, wired from tasks in one place.

reconcile -> route -> publish conflicts and failures to the Prefect UI -> revalidate the
whole store (Data Docs) -> verify every hash -> summarise. Both flows end with these, so a
scheduled web run and a run over files leave the same record and the same monitoring.
"""

from __future__ import annotations

from factledger.core.models import ValidationFailure
from factledger.pipeline import RunSummary
from factledger.settings import Settings
from factledger.sources.files import LoadedDocument
from tasks.monitor import publish_conflicts, publish_failures
from tasks.reconcile import reconcile_claims
from tasks.report import count_rows, summarise_run
from tasks.route import route_findings
from tasks.validate import revalidate_stored
from tasks.verify import verify_store


def finish_run(
    settings: Settings,
    loaded: list[LoadedDocument],
    failures: list[ValidationFailure],
    before: dict[str, int],
    known_conflicts: set[str],
) -> RunSummary:
    """Reconcile, route, publish, revalidate, verify and summarise one run."""
    url = settings.db_url
    conflicts = reconcile_claims(url)
    route_findings(conflicts, failures, url)
    publish_conflicts(conflicts, known_conflicts, url, settings.review_url)
    publish_failures(failures)
    revalidate_stored(url, str(settings.expectations_dir), str(settings.home))
    after = count_rows(url)
    grown = {k: after.get(k, 0) - before.get(k, 0) for k in ("documents", "claims")}
    problems = verify_store(url)
    return summarise_run(loaded, url, grown["documents"], grown["claims"], len(problems))
