"""The fact-check pipeline as plain functions over a Store: the same work without Prefect.

Each stage computes with the pure core, then writes its outputs together with their
provenance (one content-addressed activity per produced entity group, plus a run row) in a
single transaction. Prefect tasks in `tasks/` are thin wrappers over these functions, and
`run_pipeline` chains them directly, which is the baseline benchmarks compare with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

import factledger
from factledger.core.extract import Extractor
from factledger.core.models import Activity, Article, Claim, Conflict, ValidationFailure
from factledger.core.reconcile import RULES_VERSION
from factledger.core.segment import SEGMENTER_VERSION, segment_document
from factledger.extractors import configured_extractor
from factledger.incremental import plan_reconciliation
from factledger.quality import ValidationReport, validate_batch
from factledger.quality.datadocs import build_data_docs, run_folder
from factledger.quality.stored import StoredValidation, validate_stored
from factledger.revisions import revision_activities
from factledger.sources.files import LoadedDocument, expand_paths, read_document
from factledger.store import Batch, QueueRequest, RunInfo, Store
from factledger.store.fetches import extract_activities

T = TypeVar("T")
INGEST_RULES = "files-1"
CODE_VERSION = factledger.__version__
PRIORITY_BY_SEVERITY = {"critical": 0.9, "warning": 0.5, "info": 0.1}


@dataclass(frozen=True)
class StepRun:
    """Who runs a step: Prefect's run ids when inside a flow, None for a bare run."""

    flow_run_id: str | None = None
    task_run_id: str | None = None
    deployment_id: str | None = None
    actor: str = "pipeline"


@dataclass(frozen=True)
class Extracted:
    """One batch's articles and claims, with the document texts they point into."""

    articles: list[Article]
    claims: list[Claim]
    texts: dict[str, str]
    activity_ids: dict[str, str]  # document id -> extract activity id


@dataclass
class RunSummary:
    """What one run did and what the database holds after it."""

    db_url: str
    documents_seen: int = 0
    documents_new: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    claims_new: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    problems: int = 0


def now() -> datetime:
    return datetime.now(UTC)


@cache
def open_store(url: str) -> Store:
    """One migrated Store per database URL per process."""
    return Store.open(url)


def batched(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _save(
    store: Store,
    batch: Batch,
    activities: list[Activity],
    step: StepRun,
    started: datetime,
    cached: Sequence[Activity] = (),
) -> dict[str, int]:
    """Save a stage's batch with one run row per activity; `cached` ones were reused, not redone."""
    ids = (step.flow_run_id, step.task_run_id, step.deployment_id, step.actor)
    finished = now()
    batch.activities.extend((a, RunInfo(started, finished, "completed", *ids)) for a in activities)
    batch.activities.extend((a, RunInfo(started, finished, "cached", *ids)) for a in cached)
    return store.save(batch)


def ingest_activity(location: str, document_id: str) -> Activity:
    """The provenance of reading one file: recomputable from its location and bytes."""
    return Activity("ingest", CODE_VERSION, INGEST_RULES, {"location": location}, (), (document_id,))


def ingest_documents(paths: Sequence[Path], store: Store, step: StepRun) -> list[LoadedDocument]:
    """Read files, store them (quarantined ones too) and return the readable ones."""
    started = now()
    fetched_at = started.isoformat()
    loaded = [read_document(path, fetched_at) for path in paths]
    activities = [ingest_activity(d.document.location, d.document.id) for d in loaded]
    _save(store, Batch(documents=[(d.document, d.raw) for d in loaded]), activities, step, started)
    return loaded


def extract_documents(
    loaded: Sequence[LoadedDocument], store: Store, step: StepRun, extractor: Extractor | None = None
) -> Extracted:
    """Split documents into articles, extract their claims, store both with provenance.

    The extractor is the one FACTLEDGER_EXTRACTOR names unless one is passed in.
    """
    started = now()
    extractor = extractor or configured_extractor()
    rules = f"{SEGMENTER_VERSION}+{extractor.version}"
    # Documents these rules already read are done: their claims are stored with them.
    done = extract_activities(store, [item.document.id for item in loaded], rules)
    out = Extracted([], [], {}, {})
    activities = []
    for item in loaded:
        doc = item.document
        if doc.status != "ok" or doc.id in done:
            continue
        articles = list(item.articles) or segment_document(doc.id, doc.text)
        claims = extractor.extract(doc.text, articles)
        activity = Activity(
            "extract",
            CODE_VERSION,
            rules,
            {},
            (doc.id,),
            tuple(a.id for a in articles) + tuple(c.id for c in claims),
            (ingest_activity(doc.location, doc.id).id,),
        )
        activities.append(activity)
        out.articles.extend(articles)
        out.claims.extend(claims)
        out.texts[doc.id] = doc.text
        out.activity_ids[doc.id] = activity.id
    activities += revision_activities(store, out.claims, out.activity_ids, CODE_VERSION)
    batch = Batch(articles=out.articles, claims=out.claims)
    _save(store, batch, activities, step, started, cached=list(done.values()))
    return out


def validate_extracted(
    extracted: Extracted, store: Store, suites_dir: Path, step: StepRun
) -> ValidationReport:
    """Run the GX suites on a batch; quarantine critical rows, keep every failure."""
    if not extracted.activity_ids:
        return ValidationReport((), ())  # nothing new was extracted: nothing to validate or record
    started = now()
    report = validate_batch(extracted.articles, extracted.claims, extracted.texts, suites_dir)
    activity = Activity(
        "validate",
        CODE_VERSION,
        "+".join(r.suite_hash for r in report.results),
        {"scope": "batch", **report.provenance()},
        tuple(a.id for a in extracted.articles) + tuple(c.id for c in extracted.claims),
        tuple(f.id for f in report.failures),
        tuple(sorted(set(extracted.activity_ids.values()))),
    )
    batch = Batch(failures=list(report.failures), quarantine_claims=_quarantined_claims(extracted, report))
    _save(store, batch, [activity], step, started)
    return report


def _quarantined_claims(extracted: Extracted, report: ValidationReport) -> dict[str, list[str]]:
    # A critical failure of an article quarantines every claim drawn from it.
    flagged = report.quarantined
    result: dict[str, list[str]] = {}
    for claim in extracted.claims:
        reasons = flagged.get(claim.id, []) + flagged.get(claim.article_id, [])
        if reasons:
            result[claim.id] = sorted(set(reasons))
    return result


def reconcile_claims(store: Store, step: StepRun, full: bool = False) -> list[Conflict]:
    """Reconcile the event groups this run's new claims touch (every group when `full`).

    Stores the conflicts found, retires stored ones whose figures now agree, and stores
    the update and related links, each with its provenance; returns the conflicts to route.
    """
    started = now()
    plan = plan_reconciliation(store, full)
    activities = [
        Activity("reconcile", CODE_VERSION, RULES_VERSION, {}, c.claim_ids, (c.id,)) for c in plan.conflicts
    ]
    activities += [
        Activity("relate", CODE_VERSION, RULES_VERSION, {"kind": r.kind}, (r.from_claim, r.to_claim), (r.id,))
        for r in plan.work.relations
    ]
    run = RunInfo(
        started, now(), "completed", step.flow_run_id, step.task_run_id, step.deployment_id, step.actor
    )
    # Conflicts are enqueued in the same transaction: a run killed before routing must not
    # leave a stored conflict that no later run would put in front of reviewers.
    queue = [conflict_request(c) for c in plan.conflicts]
    activities += [route_activity(r) for r in queue]
    batch = Batch(conflicts=plan.conflicts, queue=queue, activities=[(a, run) for a in activities])
    store.save_reconciliation(batch, plan.work)
    return plan.conflicts


def route_findings(
    conflicts: Sequence[Conflict], failures: Sequence[ValidationFailure], store: Store, step: StepRun
) -> int:
    """Put conflicts and quality warnings in front of reviewers; idempotent on the item key."""
    started = now()
    requests = [conflict_request(c) for c in conflicts]
    requests += [quality_request(f) for f in failures if f.severity == "warning"]
    activities = [route_activity(r) for r in requests]
    return _save(store, Batch(queue=requests), activities, step, started).get("queue", 0)


def route_activity(request: QueueRequest) -> Activity:
    """The provenance of putting one finding in the queue: the same wherever it is enqueued."""
    kind = {"kind": request.kind}
    return Activity("route", CODE_VERSION, "route-1", kind, (request.ref_id,), (request.key,))


def conflict_request(conflict: Conflict) -> QueueRequest:
    reasons = ", ".join(conflict.reasons)
    summary = f"{conflict.kind} ({conflict.severity}): {len(conflict.claim_ids)} figures; {reasons}"
    return QueueRequest(conflict.key, "conflict", conflict.id, conflict.priority, summary)


def quality_request(failure: ValidationFailure) -> QueueRequest:
    summary = f"{failure.table} row fails {failure.expectation_id}: {failure.details}"[:300]
    return QueueRequest(failure.id, "quality", failure.id, PRIORITY_BY_SEVERITY[failure.severity], summary)


def revalidate_stored(store: Store, suites_dir: Path, step: StepRun) -> StoredValidation:
    """Run every suite over everything stored, so a row edited after the fact is caught.

    New failures are stored, claims hit by a critical one are quarantined, and warnings
    (plus critical failures of documents and conflicts, which cannot be quarantined) go
    to the review queue; the run is a "validate" activity over every id it checked.
    """
    started = now()
    checked = validate_stored(store, suites_dir)
    report = checked.report
    activity = Activity(
        "validate",
        CODE_VERSION,
        "+".join(r.suite_hash for r in report.results),
        {"scope": "stored", **report.provenance()},
        checked.checked_ids,
        tuple(f.id for f in report.failures),
    )
    unquarantinable = ("documents", "conflicts")
    reviewable = [f for f in report.failures if f.severity == "warning" or f.table in unquarantinable]
    queue = [quality_request(f) for f in reviewable if f.severity != "info"]
    batch = Batch(failures=list(report.failures), quarantine_claims=checked.quarantine_claims, queue=queue)
    _save(store, batch, [activity, *map(route_activity, queue)], step, started)
    return checked


def write_data_docs(report: ValidationReport, home: Path, step: StepRun) -> Path:
    """Render the run's Data Docs offline into `<home>/data_docs/<time>-<run>/`; return the index."""
    started = now()
    folder = run_folder(home, started.strftime("%Y%m%dT%H%M%SZ"), step.flow_run_id or step.actor)
    return build_data_docs(report, folder, f"factledger validation, {started:%Y-%m-%d %H:%M:%S} UTC")


def summarise(
    store: Store,
    loaded: Sequence[LoadedDocument],
    new_docs: int,
    new_claims: int,
    problems: int | None = None,
) -> RunSummary:
    """Counts for the operator, from what the database holds after the run.

    `problems` is what verify found when the caller already ran it; otherwise verify runs here.
    """
    quarantined = [
        (d.document.location, d.document.reason or "") for d in loaded if d.document.status != "ok"
    ]
    found = len(store.verify()) if problems is None else problems
    totals = {**store.counts(), **store.backlog()}
    return RunSummary(store.url, len(loaded), new_docs, quarantined, new_claims, totals, found)


def run_pipeline(
    paths: Sequence[str | Path],
    db_url: str,
    suites_dir: Path,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
    home: Path | None = None,
) -> RunSummary:
    """Run every stage without Prefect: the baseline the flow must match.

    With `home`, the closing revalidation's Data Docs are written under it.
    """
    store, step = open_store(db_url), StepRun(actor="pipeline")
    files = expand_paths(paths)
    before = store.counts()
    loaded_all: list[LoadedDocument] = []
    failures: list[ValidationFailure] = []
    for done, chunk in enumerate(batched(files, batch_size), start=1):
        loaded = ingest_documents(chunk, store, step)
        extracted = extract_documents(loaded, store, step)
        failures += validate_extracted(extracted, store, suites_dir, step).failures
        loaded_all += loaded
        if progress:
            progress(done * batch_size, len(files))
    route_findings(reconcile_claims(store, step), failures, store, step)
    revalidated = revalidate_stored(store, suites_dir, step)
    if home is not None:
        write_data_docs(revalidated.report, home, step)
    after = store.counts()
    return summarise(store, loaded_all, _growth(before, after, "documents"), _growth(before, after, "claims"))


def _growth(before: dict[str, int], after: dict[str, int], table: str) -> int:
    return after.get(table, 0) - before.get(table, 0)
