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
from factledger.core.extract import EXTRACTOR_VERSION, extract_claims
from factledger.core.models import Activity, Article, Claim, Conflict, ValidationFailure
from factledger.core.reconcile import RULES_VERSION, find_conflicts
from factledger.core.segment import SEGMENTER_VERSION, segment_document
from factledger.quality import ValidationReport, validate_batch
from factledger.sources.files import LoadedDocument, expand_paths, read_document
from factledger.store import Batch, QueueRequest, RunInfo, Store

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
    store: Store, batch: Batch, activities: list[Activity], step: StepRun, started: datetime
) -> dict[str, int]:
    run = RunInfo(
        started, now(), "completed", step.flow_run_id, step.task_run_id, step.deployment_id, step.actor
    )
    batch.activities.extend((a, run) for a in activities)
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


def extract_documents(loaded: Sequence[LoadedDocument], store: Store, step: StepRun) -> Extracted:
    """Split documents into articles, extract their claims, store both with provenance."""
    started = now()
    out = Extracted([], [], {}, {})
    activities = []
    for item in loaded:
        doc = item.document
        if doc.status != "ok":
            continue
        articles = segment_document(doc.id, doc.text)
        claims = extract_claims(doc.text, articles)
        activity = Activity(
            "extract",
            CODE_VERSION,
            f"{SEGMENTER_VERSION}+{EXTRACTOR_VERSION}",
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
    _save(store, Batch(articles=out.articles, claims=out.claims), activities, step, started)
    return out


def validate_extracted(
    extracted: Extracted, store: Store, suites_dir: Path, step: StepRun
) -> ValidationReport:
    """Run the GX suites on a batch; quarantine critical rows, keep every failure."""
    started = now()
    report = validate_batch(extracted.articles, extracted.claims, extracted.texts, suites_dir)
    activity = Activity(
        "validate",
        CODE_VERSION,
        "+".join(r.suite_hash for r in report.results),
        {
            "suites": {r.suite: r.suite_hash for r in report.results},
            "gx_version": report.results[0].gx_version if report.results else None,
        },
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


def reconcile_claims(store: Store, step: StepRun) -> list[Conflict]:
    """Compare every sound stored claim by event and scope; store the conflicts found."""
    started = now()
    conflicts = find_conflicts(store.claims(include_quarantined=False))
    activities = [
        Activity("reconcile", CODE_VERSION, RULES_VERSION, {}, c.claim_ids, (c.id,)) for c in conflicts
    ]
    _save(store, Batch(conflicts=conflicts), activities, step, started)
    return conflicts


def route_findings(
    conflicts: Sequence[Conflict], failures: Sequence[ValidationFailure], store: Store, step: StepRun
) -> int:
    """Put conflicts and quality warnings in front of reviewers; idempotent on the item key."""
    started = now()
    requests = [conflict_request(c) for c in conflicts]
    requests += [quality_request(f) for f in failures if f.severity == "warning"]
    activities = [
        Activity("route", CODE_VERSION, "route-1", {"kind": r.kind}, (r.ref_id,), (r.key,)) for r in requests
    ]
    return _save(store, Batch(queue=requests), activities, step, started).get("queue", 0)


def conflict_request(conflict: Conflict) -> QueueRequest:
    reasons = ", ".join(conflict.reasons)
    summary = f"{conflict.kind} ({conflict.severity}): {len(conflict.claim_ids)} figures; {reasons}"
    return QueueRequest(conflict.key, "conflict", conflict.id, conflict.priority, summary)


def quality_request(failure: ValidationFailure) -> QueueRequest:
    summary = f"{failure.table} row fails {failure.expectation_id}: {failure.details}"[:300]
    return QueueRequest(failure.id, "quality", failure.id, PRIORITY_BY_SEVERITY[failure.severity], summary)


def summarise(store: Store, loaded: Sequence[LoadedDocument], new_docs: int, new_claims: int) -> RunSummary:
    """Counts for the operator, from what the database holds after the run."""
    quarantined = [
        (d.document.location, d.document.reason or "") for d in loaded if d.document.status != "ok"
    ]
    return RunSummary(
        store.url, len(loaded), new_docs, quarantined, new_claims, store.counts(), len(store.verify())
    )


def run_pipeline(
    paths: Sequence[str | Path],
    db_url: str,
    suites_dir: Path,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Run every stage without Prefect: the baseline the flow must match."""
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
    after = store.counts()
    return summarise(store, loaded_all, _growth(before, after, "documents"), _growth(before, after, "claims"))


def _growth(before: dict[str, int], after: dict[str, int], table: str) -> int:
    return after.get(table, 0) - before.get(table, 0)
