"""The stages every fact-check flow shares, wired from tasks in one place.

Per batch: validate (with the batch's Data Docs) -> commit the batch and its reconciliation
in one transaction -> verify what the batch wrote. Closing: publish the run's new conflicts
and quality failures to the Prefect UI, index its Data Docs, summarise. Both flows use
these, so a scheduled web run and a run over files leave the same record and monitoring.
"""

from __future__ import annotations

from prefect.utilities.annotations import quote

from factledger import pipeline
from factledger.settings import Settings
from factledger.store import Batch
from tasks.commit import commit_batch, verify_batch
from tasks.monitor import publish_conflicts, publish_failures
from tasks.report import summarise_run
from tasks.runtime import current_step
from tasks.validate import publish_data_docs, validate_extracted


def docs_folder(settings: Settings) -> str:
    """Where this flow run's Data Docs go: one folder per run, never overwritten."""
    return str(pipeline.data_docs_folder(settings.home, current_step()))


def finish_batch(
    settings: Settings,
    read: pipeline.Read,
    extracted: pipeline.Extracted,
    tally: pipeline.RunTally,
    docs: str,
    number: int,
) -> None:
    """Validate, commit and verify one extracted batch, folding what it stored into `tally`.

    A batch's records go to the tasks `quote`d: Prefect would otherwise walk every claim and
    byte string of them to look for upstream futures, which cost more than the work itself.
    """
    url, suites = settings.db_url, str(settings.expectations_dir)
    validated = validate_extracted(quote(extracted), suites, docs, number)  # type: ignore[call-overload]
    parts: list[Batch] = [extracted.batch, validated.batch]
    committed = commit_batch(quote(parts), url, suites)  # type: ignore[call-overload]
    tally.add(read, parts, committed)
    problems = verify_batch(quote(extracted), quote(parts), quote(committed), url)  # type: ignore[call-overload]
    tally.problems += problems


def finish_run(settings: Settings, tally: pipeline.RunTally, docs: str) -> pipeline.RunSummary:
    """Publish the run's new conflicts, failures and Data Docs; summarise it."""
    publish_conflicts(tally.fresh, settings.db_url, settings.review_url)
    link = publish_data_docs(docs, len(tally.failures))
    publish_failures(tally.failures, link)
    return summarise_run(tally, settings.db_url)
