"""What the store takes in and hands back, besides the core records.

A `Batch` is everything one pipeline stage produced; the store writes it in one
transaction so a stage either leaves all of its rows or none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from factledger.core.models import (
    Activity,
    Article,
    Claim,
    Conflict,
    SourceDocument,
    ValidationFailure,
)
from factledger.core.provenance import content_id
from factledger.errors import FactledgerError

RUN_STATUSES = ("completed", "failed", "cached")
QUEUE_KINDS = ("conflict", "quality")
QUEUE_STATES = ("open", "claimed", "decided", "escalated", "dismissed", "reopened", "superseded")
DECISION_ACTIONS = ("accept", "range", "split", "extraction_error", "escalate", "dismiss", "revert")
# The queue states a reviewer can claim from (claimed only once its lease has run out).
WORKABLE_STATES = "state NOT IN ('decided', 'escalated', 'dismissed', 'superseded')"


class StoreError(FactledgerError):
    """The database cannot be opened, or a write was refused and rolled back."""


class RecordNotFound(StoreError):
    """A lookup by id found no row."""

    def __init__(self, table: str, record_id: str) -> None:
        super().__init__(f"no row {record_id!r} in {table}")
        self.table = table
        self.record_id = record_id


@dataclass(frozen=True)
class RunInfo:
    """One execution of a step; the caller fills it from `prefect.runtime` (None outside)."""

    started_at: datetime
    finished_at: datetime
    status: str  # completed | failed | cached
    flow_run_id: str | None = None
    task_run_id: str | None = None
    deployment_id: str | None = None
    actor: str = "pipeline"


@dataclass(frozen=True)
class QueueRequest:
    """A request to put a conflict or a quality failure in front of reviewers."""

    key: str  # Conflict.key, or a ValidationFailure.id for quality items
    kind: str  # conflict | quality
    ref_id: str  # the Conflict.id / ValidationFailure.id
    priority: float
    summary: str  # one line shown in lists


def rows_of(count: int, table: str) -> str:
    """How many rows of a table a rule caught, as queue lines and item pages say it."""
    return f"{count} row of {table}" if count == 1 else f"{count} rows of {table}"


@dataclass(frozen=True)
class DigestRequest:
    """Quality failures of one rule found by one run, put in front of reviewers as one item.

    Reviewers see a count and examples instead of one queue item per failing row; every
    batch of the run adds its failures to the same digest (its key), and a digest whose
    failures grow gets a new version (`digest_id`), so a decision on the old one is stale.
    """

    run: str  # the flow run id, or a bare run's own id
    suite: str
    expectation_id: str
    expectation_type: str
    severity: str
    table: str
    failure_ids: tuple[str, ...]
    priority: float
    title: str = ""  # what a failing row is, in plain words (the expectation's title)

    @property
    def key(self) -> str:
        """The digest's queue key: one per run and rule."""
        return digest_key(self.run, self.suite, self.expectation_id)


def digest_key(run: str, suite: str, expectation_id: str) -> str:
    """The content id naming the digest of one rule's failures in one run."""
    return content_id({"digest": {"run": run, "suite": suite, "expectation_id": expectation_id}})


def digest_id(key: str, failure_ids: Iterable[str]) -> str:
    """The content id of a digest as it stands: its key and every failure in it."""
    return content_id({"digest": key, "failures": sorted(set(failure_ids))})


@dataclass(frozen=True)
class FetchRow:
    """One logged fetch, as stored: appended, never updated."""

    url: str
    final_url: str
    status: int | None
    outcome: str
    document_id: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str
    reason: str | None


@dataclass
class Batch:
    """Everything one stage produced; saved in one transaction, all or nothing."""

    documents: list[tuple[SourceDocument, bytes | None]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[ValidationFailure] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    queue: list[QueueRequest] = field(default_factory=list)
    digests: list[DigestRequest] = field(default_factory=list)
    quarantine_claims: dict[str, list[str]] = field(default_factory=dict)
    activities: list[tuple[Activity, RunInfo]] = field(default_factory=list)
    fetches: list[FetchRow] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One stored row that `verify` found inconsistent, and why."""

    table: str
    row_id: str
    message: str


@dataclass(frozen=True)
class QueueItem:
    """A row of the review queue."""

    key: str
    kind: str
    ref_id: str
    priority: float
    summary: str
    state: str
    version: int
    lease_owner: str | None
    lease_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class QueueEvent:
    """One change of a queue item (created, updated, reopened), kept as history."""

    item_key: str
    version: int
    event: str
    from_state: str | None
    to_state: str
    ref_id: str
    actor: str
    at: datetime


@dataclass(frozen=True)
class RunRow:
    """One execution of an activity, as stored in `runs`."""

    id: str
    activity_id: str
    started_at: datetime
    finished_at: datetime
    status: str
    flow_run_id: str | None
    task_run_id: str | None
    deployment_id: str | None
    actor: str
