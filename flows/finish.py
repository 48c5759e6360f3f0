"""The stages every fact-check flow shares, wired from tasks in one place.

Per batch: validate (with the batch's Data Docs) -> commit the batch and its reconciliation
in one transaction -> verify what the batch wrote. Closing: publish the run's new conflicts
and quality failures to the Prefect UI, index its Data Docs, summarise. Both flows use
these, so a scheduled web run and a run over files leave the same record and monitoring.
"""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.objects import State
from prefect.utilities.annotations import quote

from factledger import pipeline
from factledger.settings import Settings
from factledger.store import Batch
from tasks.commit import commit_batch, verify_batch
from tasks.extract import extract_documents
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

    A batch refused whole is retried document by document, and the one at fault quarantined
    (`pipeline.store_or_quarantine`); each retried document is extracted again by its task.
    """

    def attempt(piece: pipeline.Read) -> BaseException | None:
        done = extracted if piece is read else extract_documents(quote(piece), settings.db_url)  # type: ignore[call-overload]
        return store_batch(settings, piece, done, tally, docs, number)

    pipeline.store_or_quarantine(read, attempt)


def store_batch(
    settings: Settings,
    read: pipeline.Read,
    extracted: pipeline.Extracted,
    tally: pipeline.RunTally,
    docs: str,
    number: int,
) -> BaseException | None:
    """Validate, commit and verify one batch; the error that stopped it, or None once stored.

    A batch's records go to the tasks `quote`d: Prefect would otherwise walk every claim and
    byte string of them to look for upstream futures, which cost more than the work itself.
    """
    url, suites = settings.db_url, str(settings.expectations_dir)
    checked = validate_extracted(quote(extracted), suites, docs, number, return_state=True)  # type: ignore[call-overload]
    if checked.is_failed():
        return failure_of(checked)
    validated = checked.result()
    tally.docs_problem = validated.docs_problem or tally.docs_problem
    parts: list[Batch] = [extracted.batch, validated.batch]
    stored = commit_batch(quote(parts), url, suites, return_state=True)  # type: ignore[call-overload]
    if stored.is_failed():
        return failure_of(stored)
    committed = stored.result()
    tally.add(read, parts, committed, extracted)
    problems = verify_batch(quote(extracted), quote(parts), quote(committed), url)  # type: ignore[call-overload]
    tally.problems += problems
    return None


def failure_of(state: State[Any]) -> BaseException:
    """The exception a failed task run ended with."""
    error = state.result(raise_on_failure=False)
    return error if isinstance(error, BaseException) else RuntimeError(state.message or "task failed")


def finish_run(settings: Settings, tally: pipeline.RunTally, docs: str) -> pipeline.RunSummary:
    """Publish the run's new conflicts, failures and Data Docs; summarise it."""
    publish_conflicts(tally.fresh, settings.db_url, settings.review_url)
    link, problem = publish_data_docs(docs, len(tally.failures), settings.review_url)
    tally.docs_problem = tally.docs_problem or problem
    publish_failures(tally.failures, link)
    return summarise_run(tally, settings.db_url)
