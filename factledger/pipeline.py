"""The fact-check pipeline as plain functions over a Store: the same work without Prefect.

Each stage computes with the pure core, then writes its outputs together with their
provenance (one content-addressed activity per stage per batch, listing its members, plus a
run row) in a single transaction. Prefect tasks in `tasks/` are thin wrappers over these functions, and
`run_pipeline` chains them directly, which is the baseline benchmarks compare with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache, partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

import httpx
from sqlalchemy import Connection

import factledger
from factledger.caps import over_cap, plausible_claims
from factledger.core.extract import Extractor
from factledger.core.models import Activity, Article, Claim, Conflict, SourceDocument, ValidationFailure
from factledger.core.reconcile import RULES_VERSION
from factledger.core.relations import Relation
from factledger.core.segment import SEGMENTER_VERSION, segment_document
from factledger.errors import ConfigError, DataDocsError, FactledgerError
from factledger.extractors import configured_extractor
from factledger.incremental import plan_reconciliation
from factledger.provenance.revisions import revision_activities
from factledger.provenance.verify import Written, verify_written
from factledger.quality import SuiteError, ValidationReport, validate_batch
from factledger.quality.datadocs import build_batch_docs, build_data_docs, build_run_index, run_folder
from factledger.quality.frames import build_conflicts_frame
from factledger.quality.stored import StoredValidation, claims_to_quarantine, validate_stored
from factledger.quality.validate import validate_frames
from factledger.settings import DEFAULT_BATCH_SIZE, DEFAULT_MAX_DOCUMENT_BYTES, Settings, load_settings
from factledger.sources.catalog import SourceList, classify_inputs
from factledger.sources.files import LoadedDocument, read_document, unique_documents
from factledger.store import Batch, DigestRequest, QueueRequest, RunInfo, Store
from factledger.store.fetches import (
    extracted_documents,
    quarantined_documents,
    stored_document_ids,
    stored_producers,
)
from factledger.store.reconciliation import ReconcileWrite, stored_ids

T = TypeVar("T")
INGEST_RULES = "files-1"
CODE_VERSION = factledger.__version__
PRIORITY_BY_SEVERITY = {"critical": 0.9, "warning": 0.5, "info": 0.1}
# Errors of the setup (settings, suites), not of an input: they stop the run instead of quarantining.
SETUP_ERRORS = (ConfigError, SuiteError)
SUMMARY_TABLES = ("documents", "articles", "claims", "failures", "conflicts", "queue")


@dataclass(frozen=True)
class StepRun:
    """Who runs a step: Prefect's run ids when inside a flow, None for a bare run."""

    flow_run_id: str | None = None
    task_run_id: str | None = None
    deployment_id: str | None = None
    actor: str = "pipeline"
    # A bare run names itself: one StepRun serves all its batches, so they share this id.
    own_id: str = field(default_factory=lambda: uuid4().hex)

    @property
    def run(self) -> str:
        """The run this step belongs to: its flow run, else the bare run's own id."""
        return self.flow_run_id or self.own_id


@dataclass(frozen=True)
class Read:
    """One batch of files as read: the documents (quarantined ones too) and what storing them writes."""

    loaded: list[LoadedDocument]
    batch: Batch


@dataclass(frozen=True)
class Extracted:
    """One batch's new documents, articles and claims, and what storing them writes."""

    documents: list[tuple[SourceDocument, bytes | None]]  # read now and not stored before
    articles: list[Article]
    claims: list[Claim]
    texts: dict[str, str]
    activity_ids: dict[str, str]  # document id -> extract activity id
    batch: Batch
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # location, reason

    def quarantine(self, doc: SourceDocument, reason: str) -> None:
        """Store `doc` as quarantined with `reason` instead of extracting it (its bytes are kept)."""
        held = replace(doc, text="", status="quarantined", reason=reason)
        self.documents[:] = [(held if d.id == doc.id else d, raw) for d, raw in self.documents]
        self.batch.documents[:] = [(held if d.id == doc.id else d, raw) for d, raw in self.batch.documents]
        self.quarantined.append((doc.location, reason))


@dataclass(frozen=True)
class Validated:
    """What the suites found in one batch, and what storing it writes (failures, quarantines, queue)."""

    report: ValidationReport
    batch: Batch
    docs_problem: str | None = None  # why its Data Docs could not be written


@dataclass(frozen=True)
class Committed:
    """What one batch's commit stored: counts of new rows and the conflicts it found."""

    counts: dict[str, int]
    fresh: list[Conflict]  # conflicts of the touched groups whose content was not stored before
    failures: list[ValidationFailure]  # the conflicts suite's


@dataclass(frozen=True)
class Processed:
    """One batch taken through every stage: what each stage gave, and what verify found."""

    extracted: Extracted
    validated: Validated
    committed: Committed
    problems: int

    @property
    def parts(self) -> list[Batch]:
        """What the stages gave the commit."""
        return [self.extracted.batch, self.validated.batch]


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
    stored: dict[str, int] = field(default_factory=dict)  # what this run wrote, by kind
    conflicts_updated: int = 0  # known conflicts this run changed (new ones are stored["conflicts"])
    data_docs_problem: str | None = None  # the run went on without (some of) its Data Docs


@dataclass
class RunTally:
    """What a run keeps while it streams batches: counts and findings, never the corpus."""

    documents_seen: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)
    failures: list[ValidationFailure] = field(default_factory=list)
    fresh_by_key: dict[str, Conflict] = field(default_factory=dict)
    problems: int = 0  # what verifying each batch's own records found
    docs_problem: str | None = None  # why the run's Data Docs stopped being written

    def add(
        self, read: Read, parts: Sequence[Batch], committed: Committed, extracted: Extracted | None = None
    ) -> None:
        """Fold one committed batch in."""
        self.documents_seen += len(read.loaded)
        bad = [d.document for d in read.loaded if d.document.status != "ok"]
        self.quarantined += [(d.location, d.reason or "") for d in bad]
        self.quarantined += extracted.quarantined if extracted is not None else []
        for kind, count in committed.counts.items():
            self.stored[kind] = self.stored.get(kind, 0) + count
        self.failures += [f for part in parts for f in part.failures] + committed.failures
        # A group that grows across batches raises a newer version of the same conflict (same
        # key): the run reports each conflict once, as it stands after the run.
        self.fresh_by_key.update((conflict.key, conflict) for conflict in committed.fresh)

    @property
    def fresh(self) -> list[Conflict]:
        """The run's new conflicts, each in its latest version."""
        return list(self.fresh_by_key.values())


def now() -> datetime:
    return datetime.now(UTC)


@cache
def open_store(url: str) -> Store:
    """One migrated Store per database URL per process."""
    return Store.open(url)


def batched(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def ran(activities: Iterable[Activity], step: StepRun, started: datetime) -> list[tuple[Activity, RunInfo]]:
    """Activities paired with the run row of this execution of them."""
    info = run_info(step, started)
    return [(activity, info) for activity in activities]


def run_info(step: StepRun, started: datetime) -> RunInfo:
    """One execution of a step, from `started` to now."""
    ids = (step.flow_run_id, step.task_run_id, step.deployment_id, step.actor)
    return RunInfo(started, now(), "completed", *ids)


def ingest_activity(document_ids: Iterable[str]) -> Activity:
    """The provenance of reading one batch of documents: recomputable from their bytes (each
    document's row keeps where it was read)."""
    return Activity("ingest", CODE_VERSION, INGEST_RULES, {}, (), tuple(sorted(set(document_ids))))


def read_documents(paths: Sequence[Path], step: StepRun, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> Read:
    """Read files (unreadable or oversized ones become quarantined documents); nothing is stored yet."""
    started = now()
    fetched_at = started.isoformat()
    return loaded_read([read_document(path, fetched_at, max_bytes) for path in paths], step, started)


def loaded_read(loaded: list[LoadedDocument], step: StepRun, started: datetime) -> Read:
    """Documents already read (files, JSON Lines records) with the ingest provenance storing them writes."""
    documents = [(d.document, d.raw) for d in loaded]
    activities = [ingest_activity(d.id for d, _ in documents)] if documents else []
    return Read(loaded, Batch(documents=documents, activities=ran(activities, step, started)))


def extract_documents(
    read: Read,
    store: Store,
    step: StepRun,
    extractor: Extractor | None = None,
    settings: Settings | None = None,
) -> Extracted:
    """Split a batch's new documents into articles and extract their claims; nothing is stored yet.

    A document already stored and read by these rules (or stored as quarantined) is done:
    it is skipped, and nothing about it is written again, so an unchanged re-run costs a
    file read and two indexed look-ups per batch. The extractor is the one
    FACTLEDGER_EXTRACTOR names unless one is passed in. A document over a cap, or whose
    extraction fails, is quarantined with the reason and the rest of the batch goes on.
    """
    started = now()
    extractor = extractor or configured_extractor()
    rules = f"{SEGMENTER_VERSION}+{extractor.version}"
    ids = [item.document.id for item in read.loaded]
    stored, done = stored_document_ids(store, ids), extracted_documents(store, ids, rules)
    done |= quarantined_documents(store, ids)  # quarantined when read, extracted or stored: final
    out = Extracted([], [], [], {}, {}, pending_reads(read.batch, stored, done))
    limits = settings or load_settings()
    for item in unique_documents(read.loaded):
        doc = item.document
        if doc.id not in stored:
            out.documents.append((doc, item.raw))
        if doc.status != "ok" or doc.id in done:
            continue
        found = extract_one(doc, item.articles, extractor, limits)
        if isinstance(found, str):
            out.quarantine(doc, found)
            continue
        articles, claims = found
        out.articles.extend(articles)
        out.claims.extend(claims)
        out.texts[doc.id] = doc.text
    if out.texts:
        activity = extract_activity(list(out.texts), rules, out, ingested_by(store, out.batch, out.texts))
        out.activity_ids.update((document_id, activity.id) for document_id in out.texts)
        activities = [activity, *revision_activities(store, out.claims, out.activity_ids, CODE_VERSION)]
        out.batch.activities.extend(ran(activities, step, started))
    out.batch.articles.extend(out.articles)
    out.batch.claims.extend(out.claims)
    return out


def extract_one(
    doc: SourceDocument, given: Sequence[Article], extractor: Extractor, limits: Settings
) -> tuple[list[Article], list[Claim]] | str:
    """A document's articles and plausible claims, or the reason it is quarantined instead."""
    try:
        articles = list(given) or segment_document(doc.id, doc.text)
        reason = over_cap(doc.text, articles, limits.max_figures, limits.max_number_digits)
        if reason is not None:
            return reason
        claims = plausible_claims(extractor.extract(doc.text, articles))
    except (FactledgerError, httpx.HTTPError):
        raise  # the extractor's configuration or its service, not this article: stop, the next run retries
    except Exception as error:  # one article's failure must not cost the others theirs
        return f"extraction failed: {one_line(error)}"
    return articles, claims


def one_line(error: BaseException) -> str:
    """An error as one storable line: its type and the first line of its message."""
    lines = str(error).splitlines()
    text = f"{type(error).__name__}: {lines[0] if lines else ''}"[:300]
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def pending_reads(batch: Batch, stored: set[str], done: set[str]) -> Batch:
    """The part of a read batch still to store: documents not done, with their ingest provenance.

    A quarantined document, once stored, is done too: there is nothing to extract from it.
    An activity keeps only the outputs still to store (none left: it is dropped). The fetch
    log rows are kept whole: each records a request that happened.
    """
    finished = {d.id for d, _ in batch.documents if d.id in done or (d.id in stored and d.status != "ok")}
    documents = [(d, raw) for d, raw in batch.documents if d.id not in finished]
    activities = []
    for activity, run in batch.activities:
        kept = tuple(o for o in activity.output_ids if o not in finished)
        if len(kept) == len(activity.output_ids):
            activities.append((activity, run))
        elif kept:
            activities.append((replace(activity, output_ids=kept), run))
    return Batch(documents=documents, activities=activities, fetches=batch.fetches)


def ingested_by(store: Store, batch: Batch, document_ids: Iterable[str]) -> list[str]:
    """The ingest activities that stored these documents: the batch's own, else stored ones
    (a document an earlier run stored and died before extracting)."""
    own = [a for a, _ in batch.activities if a.step == "ingest"]
    covered = {o for a in own for o in a.output_ids}
    earlier = sorted(set(document_ids) - covered)
    return sorted({a.id for a in own} | set(stored_producers(store, earlier, "ingest")))


def extract_activity(
    document_ids: Sequence[str], rules: str, extracted: Extracted, parents: Iterable[str]
) -> Activity:
    """The provenance of reading one batch's documents into articles and claims."""
    outputs = tuple(a.id for a in extracted.articles) + tuple(c.id for c in extracted.claims)
    return Activity("extract", CODE_VERSION, rules, {}, tuple(document_ids), outputs, tuple(parents))


def validate_extracted(extracted: Extracted, suites_dir: Path, step: StepRun) -> Validated:
    """Run the GX suites on a batch's new documents, articles and claims; nothing is stored yet.

    Claims hit by a critical failure (their own, their article's or their document's) are
    to be quarantined; warnings, and critical failures of documents (which cannot be
    quarantined), go to the review queue.
    """
    if not (extracted.documents or extracted.activity_ids):
        return Validated(ValidationReport((), ()), Batch())  # nothing new: nothing to validate or record
    started = now()
    report = validate_batch(
        extracted.articles, extracted.claims, extracted.texts, suites_dir, extracted.documents
    )
    inputs = [d.id for d, _ in extracted.documents] + [a.id for a in extracted.articles]
    parents = tuple(sorted(set(extracted.activity_ids.values())))
    activity = validate_activity(report, "batch", inputs + [c.id for c in extracted.claims], parents)
    quarantine = claims_to_quarantine([(c.id, c) for c in extracted.claims], report.quarantined)
    return Validated(report, findings_batch(report, quarantine, activity, step, started))


def validate_activity(
    report: ValidationReport, scope: str, inputs: Sequence[str], parents: tuple[str, ...] = ()
) -> Activity:
    """The provenance of one validation: which suites ran over which rows, and what failed."""
    rules = "+".join(r.suite_hash for r in report.results)
    parameters = {"scope": scope, **report.provenance()}
    failures = tuple(f.id for f in report.failures)
    return Activity("validate", CODE_VERSION, rules, parameters, tuple(inputs), failures, parents)


def findings_batch(
    report: ValidationReport,
    quarantine: dict[str, list[str]],
    activity: Activity,
    step: StepRun,
    started: datetime,
    routed: Sequence[ValidationFailure] | None = None,
) -> Batch:
    """A validation's failures, quarantines and quality digests, with their provenance.

    The reviewable failures among `routed` (default: all of the report's) reach reviewers as
    one digest per rule for this run, never one queue item per failing row.
    """
    found = reviewable(report.failures if routed is None else routed)
    digests = quality_digests(found, step.run, report.titles)
    activities = ran([activity, *map(digest_route_activity, digests)], step, started)
    failures = list(report.failures)
    return Batch(failures=failures, quarantine_claims=quarantine, digests=digests, activities=activities)


def quality_digests(
    failures: Sequence[ValidationFailure], run: str, titles: Mapping[str, str]
) -> list[DigestRequest]:
    """One digest request per rule (suite and expectation) among the failures, titled in words."""

    def rule(f: ValidationFailure) -> tuple[str, str]:
        return f.suite, f.expectation_id

    digests = []
    for (suite, expectation_id), group in groupby(sorted(failures, key=rule), key=rule):
        found = list(group)
        first = found[0]
        ids = tuple(sorted({f.id for f in found}))
        priority = PRIORITY_BY_SEVERITY[first.severity]
        digests.append(
            DigestRequest(
                run,
                suite,
                expectation_id,
                first.expectation_type,
                first.severity,
                first.table,
                ids,
                priority,
                titles.get(expectation_id, ""),
            )
        )
    return digests


def digest_route_activity(digest: DigestRequest) -> Activity:
    """The provenance of putting failures in front of reviewers as a digest."""
    kind = {"kind": "quality"}
    return Activity("route", CODE_VERSION, "route-1", kind, digest.failure_ids, (digest.key,))


def reviewable(failures: Iterable[ValidationFailure]) -> list[ValidationFailure]:
    """What a person must look at: warnings, and critical failures of rows that cannot be quarantined."""
    unquarantinable = ("documents", "conflicts")
    return [
        f
        for f in failures
        if f.severity == "warning" or (f.severity == "critical" and f.table in unquarantinable)
    ]


def commit_batch(store: Store, parts: Sequence[Batch], suites_dir: Path, step: StepRun) -> Committed:
    """Store one batch and reconcile what it touched, in one transaction: all of it or none.

    Documents, articles, claims, failures, quarantines, the conflicts the batch's claims
    raise (checked by the conflicts suite), queue items and every provenance row are
    written together, so a run killed at any moment leaves whole batches only.
    """
    found = Reconciliation(suites_dir, step)
    batch = merge_batches(parts)
    # Every stored claim was reconciled in the commit that stored it: a batch bringing no claim
    # and no quarantine cannot change any group, so an unchanged re-run skips the look-up.
    changes_groups = bool(batch.claims or batch.quarantine_claims)
    counts = store.commit(batch, found.follow if changes_groups else None)
    return Committed(counts, found.fresh, found.failures)


def merge_batches(parts: Sequence[Batch]) -> Batch:
    """The stages' batches as one."""
    merged = Batch()
    for part in parts:
        merged.documents += part.documents
        merged.articles += part.articles
        merged.claims += part.claims
        merged.failures += part.failures
        merged.conflicts += part.conflicts
        merged.queue += part.queue
        merged.digests += part.digests
        merged.activities += part.activities
        merged.fetches += part.fetches
        for claim_id, reasons in part.quarantine_claims.items():
            known = merged.quarantine_claims.get(claim_id, [])
            merged.quarantine_claims[claim_id] = sorted({*known, *reasons})
    return merged


class Reconciliation:
    """Reconcile inside a commit: plan from the database as the batch leaves it, validate, route.

    `follow` is handed to `Store.commit`, which calls it on the transaction's connection.
    """

    def __init__(self, suites_dir: Path | None, step: StepRun, full: bool = False) -> None:
        self.suites_dir, self.step, self.full = suites_dir, step, full
        self.conflicts: list[Conflict] = []
        self.fresh: list[Conflict] = []
        self.failures: list[ValidationFailure] = []

    def follow(self, connection: Connection) -> tuple[Batch, ReconcileWrite]:
        started = now()
        plan = plan_reconciliation(connection, self.full)
        self.conflicts = plan.conflicts
        # A recomputed group gives back what is stored already: only what is new is written,
        # so a group touched by many batches does not log its links and conflicts again each time.
        known = stored_ids(connection, "conflicts", [c.id for c in plan.conflicts])
        self.fresh = [c for c in plan.conflicts if c.id not in known]
        linked = stored_ids(connection, "relations", [r.id for r in plan.work.relations])
        plan.work.relations = [r for r in plan.work.relations if r.id not in linked]
        batch = Batch(conflicts=self.fresh, queue=[conflict_request(c) for c in self.fresh])
        batch.activities = ran(reconcile_activities(self.fresh, plan.work.relations), self.step, started)
        if self.fresh and self.suites_dir is not None:
            batch = merge_batches([batch, self.validate(connection, self.fresh, started)])
        return batch, plan.work

    def validate(self, connection: Connection, conflicts: list[Conflict], started: datetime) -> Batch:
        """The conflicts suite over the conflicts this commit adds or changes."""
        assert self.suites_dir is not None  # only called when there is a suite to run
        named = {claim_id for c in conflicts for claim_id in c.claim_ids}
        frame = build_conflicts_frame(conflicts, stored_ids(connection, "claims", named))
        report = validate_frames({"conflicts": frame}, self.suites_dir)
        self.failures = list(report.failures)
        activity = validate_activity(report, "conflicts", [c.id for c in conflicts])
        return findings_batch(report, {}, activity, self.step, started)


def reconcile_activities(conflicts: Sequence[Conflict], relations: Sequence[Relation]) -> list[Activity]:
    """Provenance of a reconciliation: one activity for the conflicts found, one for the links,
    one for routing the conflicts to the queue (each only when there is something)."""
    found = []
    if conflicts:
        inputs = tuple(sorted({claim_id for c in conflicts for claim_id in c.claim_ids}))
        found.append(
            Activity("reconcile", CODE_VERSION, RULES_VERSION, {}, inputs, tuple(c.id for c in conflicts))
        )
    if relations:
        linked = tuple(sorted({claim_id for r in relations for claim_id in (r.from_claim, r.to_claim)}))
        found.append(
            Activity("relate", CODE_VERSION, RULES_VERSION, {}, linked, tuple(r.id for r in relations))
        )
    # Conflicts are enqueued in the same transaction: a stored conflict is always in front of reviewers.
    return found + route_activities([conflict_request(c) for c in conflicts])


def reconcile_claims(store: Store, step: StepRun, full: bool = False) -> list[Conflict]:
    """Reconcile on its own (every group when `full`): the conflicts found, stored and enqueued."""
    found = Reconciliation(None, step, full)
    store.commit(Batch(), found.follow)
    return found.conflicts


def route_activities(requests: Sequence[QueueRequest]) -> list[Activity]:
    """The provenance of putting findings in the queue: what each item points at, and its key."""
    if not requests:
        return []
    kinds = sorted({request.kind for request in requests})
    inputs = tuple(request.ref_id for request in requests)
    outputs = tuple(request.key for request in requests)
    return [Activity("route", CODE_VERSION, "route-1", {"kinds": kinds}, inputs, outputs)]


def conflict_request(conflict: Conflict) -> QueueRequest:
    reasons = ", ".join(conflict.reasons)
    summary = f"{conflict.kind} ({conflict.severity}): {len(conflict.claim_ids)} figures; {reasons}"
    return QueueRequest(conflict.key, "conflict", conflict.id, conflict.priority, summary)


def revalidate_stored(store: Store, suites_dir: Path, step: StepRun) -> StoredValidation:
    """Run every suite over everything stored, so a row edited after the fact is caught.

    This is the audit's work, not every run's: it reads the whole store. New failures are
    stored, claims hit by a critical one are quarantined, and reviewable new failures go to
    the review queue as digests; the run is a "validate" activity over every id it checked.
    """
    started = now()
    known = {f.id for f in store.failures()}
    checked = validate_stored(store, suites_dir)
    activity = validate_activity(checked.report, "stored", checked.checked_ids)
    # Failures stored before were put in front of reviewers when they were found.
    fresh = [f for f in checked.report.failures if f.id not in known]
    store.save(findings_batch(checked.report, checked.quarantine_claims, activity, step, started, fresh))
    return checked


def data_docs_folder(home: Path, step: StepRun) -> Path:
    """The folder of this run's Data Docs: `<home>/data_docs/<time>-<run>/`."""
    return run_folder(home, now().strftime("%Y%m%dT%H%M%SZ"), step.flow_run_id or step.actor)


def write_data_docs(report: ValidationReport, home: Path, step: StepRun) -> Path:
    """Render one validation's Data Docs offline into a new run folder; return the index."""
    return build_data_docs(report, data_docs_folder(home, step), data_docs_title())


def write_docs(write: Callable[[], object], tally: RunTally) -> None:
    """Write Data Docs; when the disk refuses, the tally notes why and the run goes on without them."""
    try:
        write()
    except DataDocsError as error:
        tally.docs_problem = str(error)


def data_docs_title() -> str:
    """The heading of a validation's Data Docs: when it ran."""
    return f"factledger validation, {now():%Y-%m-%d %H:%M:%S} UTC"


def summarise(store: Store, tally: RunTally) -> RunSummary:
    """Counts for the operator: what the run stored, what verify found, and what the database holds."""
    totals = {**store.counts(SUMMARY_TABLES), **store.backlog()}
    new_docs, new_claims = tally.stored.get("documents", 0), tally.stored.get("claims", 0)
    # Each conflict the run raised or changed counts once, as it stands after the run.
    updated = max(0, len(tally.fresh_by_key) - tally.stored.get("conflicts", 0))
    return RunSummary(
        store.url,
        tally.documents_seen,
        new_docs,
        tally.quarantined,
        new_claims,
        totals,
        tally.problems,
        dict(tally.stored),
        updated,
        tally.docs_problem,
    )


def verify_batch(store: Store, extracted: Extracted, parts: Sequence[Batch], committed: Committed) -> int:
    """Read back what this batch wrote and check it is what was made (`verify_written`; a full
    `verify`, the audit's, re-derives every id); count the problems."""
    return len(verify_written(store, written_by(extracted, parts, committed)))


def written_by(extracted: Extracted, parts: Sequence[Batch], committed: Committed) -> Written:
    """The records this batch wrote for the first time."""
    new_documents = {d.id for d, _ in extracted.documents}
    done = [a for p in parts for a, _ in p.activities]
    return Written(
        documents=list(extracted.documents),
        articles=list(extracted.articles),
        claims=list(extracted.claims),
        failures=[f for p in parts for f in p.failures] + list(committed.failures),
        conflicts=list(committed.fresh),
        activities=[a for a in done if a.step != "ingest" or set(a.output_ids) <= new_documents],
    )


def process_batch(
    read: Read,
    store: Store,
    suites_dir: Path,
    step: StepRun,
    extractor: Extractor | None = None,
    settings: Settings | None = None,
) -> Processed:
    """Extract, validate, commit (with reconciliation) and verify one read batch."""
    extracted = extract_documents(read, store, step, extractor, settings)
    validated = validate_extracted(extracted, suites_dir, step)
    parts = [extracted.batch, validated.batch]
    committed = commit_batch(store, parts, suites_dir, step)
    return Processed(extracted, validated, committed, verify_batch(store, extracted, parts, committed))


def split_read(read: Read) -> list[Read]:
    """One read per document, each with its own ingest and fetch provenance and fetch log rows."""
    pieces = []
    for item in unique_documents(read.loaded):
        own = item.document.id
        batch = Batch(
            documents=[(d, raw) for d, raw in read.batch.documents if d.id == own],
            activities=[(own_part(a, own), run) for a, run in read.batch.activities if own in a.output_ids],
            fetches=[row for row in read.batch.fetches if row.document_id == own],
        )
        pieces.append(Read([item], batch))
    return pieces


def own_part(activity: Activity, document_id: str) -> Activity:
    """A read's activity narrowed to one of its documents (a batch's ingest becomes that document's)."""
    if activity.output_ids == (document_id,):
        return activity
    return replace(activity, output_ids=(document_id,))


def quarantine_read(read: Read, reason: str) -> Read:
    """A one-document read whose document could not be stored: quarantined with why, its bytes kept."""
    item = read.loaded[0]
    held = replace(item.document, text="", status="quarantined", reason=reason)
    documents = [(held, raw) for _, raw in read.batch.documents]
    return Read([LoadedDocument(held, item.raw)], replace(read.batch, documents=documents))


def store_or_quarantine(read: Read, attempt: Callable[[Read], BaseException | None]) -> None:
    """Store a batch with `attempt`; when refused, each document alone, and the one at fault quarantined.

    `attempt` takes a read through extract, validate, commit and verify, and returns the error
    that stopped it (None when stored). A batch stands or falls whole, so one document the
    database refuses (a figure that no longer hashes to its id, text PostgreSQL cannot hold)
    would cost the others theirs: each is retried alone instead, and one refused alone is
    stored as a quarantined document with the reason. When even that is refused, the fault is
    the database's, not the input's, and the first error is raised.
    """
    error = attempt(read)
    if error is None:
        return
    if isinstance(error, SETUP_ERRORS):
        raise error  # every document would fail alike
    pieces = split_read(read)
    if len(pieces) > 1:
        for piece in pieces:
            store_or_quarantine(piece, attempt)
        return
    if not pieces or attempt(quarantine_read(read, f"could not be stored: {one_line(error)}")) is not None:
        raise error


def run_pipeline(
    inputs: Sequence[str | Path],
    db_url: str,
    suites_dir: Path,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    home: Path | None = None,
    sources: SourceList | None = None,
    settings: Settings | None = None,
    client: httpx.Client | None = None,
) -> RunSummary:
    """Run every stage without Prefect, batch by batch: the baseline the flow must match.

    `inputs` are files, folders, JSON Lines files and http(s) URLs in any mix (`sources`
    adds a sources file's lists). Each batch is read, extracted, validated, then committed
    with its reconciliation in one transaction and verified. With `home`, each batch's Data
    Docs are written under it. `progress` is told the documents read and batches done so far.
    """
    from factledger.reading import read_sources  # reading builds on this module's stages

    store, step = open_store(db_url), StepRun(actor="pipeline")
    listed = classify_inputs([str(item) for item in inputs]).merge(sources or SourceList())
    base = settings or load_settings()
    settings = replace(base, db_url=db_url, expectations_dir=suites_dir, batch_size=batch_size)
    docs = data_docs_folder(home, step) if home is not None else None
    tally = RunTally()
    for number, read in enumerate(read_sources(store, listed, settings, step, client=client), start=1):

        def attempt(piece: Read, number: int = number) -> BaseException | None:
            try:
                done = process_batch(piece, store, suites_dir, step, settings=settings)
            except Exception as error:  # store_or_quarantine decides what the error costs
                return error
            tally.add(piece, done.parts, done.committed, done.extracted)
            tally.problems += done.problems
            if docs is not None and tally.docs_problem is None and done.validated.report.results:
                write_docs(partial(build_batch_docs, done.validated.report, docs, number), tally)
            return None

        store_or_quarantine(read, attempt)
        if progress:
            progress(tally.documents_seen, number)
    if docs is not None:
        write_docs(partial(build_run_index, docs, data_docs_title()), tally)
    return summarise(store, tally)
