"""Where a figure came from and who decided what about it: the whole trail of one id.

`trace(store, id)` takes a claim id, a conflict id (any version) or key, a review queue
key, or a decision id, and follows the stored records both ways: back to the exact bytes
of the source document (location, sha256, fetch time), the article span, the characters
of the figure and its quote (each offset re-sliced from the stored text, so a trail that
does not hold says so), the extract and validate activities with their versions, and
forward to the conflicts the figures are part of, their queue items and every review
decision. The review web app shows the same `Trace` on its item pages, so the signature
`trace(store: Store, id: str) -> Trace` and the field names of `trace_to_dict` are stable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from factledger.core.models import Claim, Conflict
from factledger.core.provenance import bytes_id
from factledger.provenance.revisions import revisions_touching
from factledger.store import QueueEvent, RecordNotFound, Store
from factledger.store import rows as store_rows
from factledger.store.lineage import activities_touching, runs_of
from factledger.store.review import Decision, to_decision
from factledger.store.tables import (
    articles,
    claims,
    conflict_versions,
    conflicts,
    decisions,
    digest_failures,
    documents,
    failures,
    queue_events,
    queue_items,
)


@dataclass(frozen=True)
class RunStep:
    """One execution of an activity (Prefect's ids when it ran in a flow)."""

    started_at: datetime
    finished_at: datetime
    status: str
    actor: str
    flow_run_id: str | None
    task_run_id: str | None


@dataclass(frozen=True)
class Step:
    """A pipeline activity on the trail, with the versions it ran under and its runs."""

    activity_id: str
    step: str
    code_version: str
    rules_version: str
    parameters: dict[str, Any]
    runs: tuple[RunStep, ...]


@dataclass(frozen=True)
class Source:
    """The stored bytes a figure came from; `bytes_match` re-hashes them now."""

    document_id: str
    location: str
    sha256: str
    media_type: str
    size: int
    fetched_at: str
    status: str
    bytes_match: bool
    ingested_by: tuple[Step, ...]


@dataclass(frozen=True)
class Span:
    """Characters of the document text at offsets, and what the record says is there."""

    what: str  # article | quote | figure
    start: int
    end: int
    text: str  # sliced from the stored document text now
    expected: str | None  # the record's own copy; None for an article span
    byte_start: int | None  # the same characters in the stored bytes (None unless plain UTF-8)
    byte_end: int | None

    @property
    def holds(self) -> bool:
        """True when the offsets slice to the record's own copy of the text."""
        return self.expected is None or self.text == self.expected


@dataclass(frozen=True)
class ArticleSpan:
    """The report inside the document that holds the figure."""

    id: str
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None
    segmenter_version: str


@dataclass(frozen=True)
class FailureStep:
    """One failed expectation on the claim, its article or its document."""

    id: str
    suite: str
    expectation_id: str
    severity: str
    table: str
    row_id: str
    details: str


@dataclass(frozen=True)
class ClaimTrail:
    """One figure, from its bytes to its validation, with any revisions of it."""

    id: str
    claim: Claim
    source: Source
    article: ArticleSpan
    spans: tuple[Span, ...]
    extracted_by: tuple[Step, ...]
    validated_by: tuple[Step, ...]
    failures: tuple[FailureStep, ...]
    quarantined_by: tuple[str, ...]
    revises: tuple[str, ...]  # older claims (earlier extractor) this one replaces
    revised_by: tuple[str, ...]


@dataclass(frozen=True)
class ConflictVersion:
    """One version of a conflict; `current` is the version reviewers see now."""

    key: str
    version: int
    id: str
    current: bool
    conflict: Conflict
    reconciled_by: tuple[Step, ...]


@dataclass(frozen=True)
class QueueTrail:
    """A review queue item and its history."""

    key: str
    kind: str
    ref_id: str
    state: str
    version: int
    summary: str
    events: tuple[QueueEvent, ...]


@dataclass(frozen=True)
class DecisionStep(Decision):
    """A reviewer's decision; `about` is what the item pointed at in the version decided on."""

    about: str | None


@dataclass(frozen=True)
class Trace:
    """The whole trail of one id: claims, conflicts, queue items and decisions."""

    target: str
    kind: str  # claim | conflict | queue | decision
    claims: tuple[ClaimTrail, ...] = ()
    conflicts: tuple[ConflictVersion, ...] = ()
    queue: tuple[QueueTrail, ...] = ()
    decisions: tuple[DecisionStep, ...] = ()
    broken: tuple[str, ...] = field(default=())  # what does not hold, in words

    @property
    def holds(self) -> bool:
        """True when every offset slices to its text and every source's bytes match."""
        return not self.broken


def trace(store: Store, id: str) -> Trace:
    """The whole trail of a claim, conflict (id or key), queue item key or decision id.

    Raises RecordNotFound when no stored record has this id.
    """
    kind, key = resolve_target(store, id)
    if kind == "claim":
        return trace_claims(store, id, "claim", [id], conflict_keys_of(store, [id]))
    if kind == "conflict":
        return trace_conflict_key(store, id, "conflict", key)
    if kind == "decision":
        item = queue_item_row(store, key)
        return trace_queue_item(store, id, "decision", item)
    return trace_queue_item(store, id, "queue", queue_item_row(store, key))


def resolve_target(store: Store, id: str) -> tuple[str, str]:
    """What kind of record an id names, and the key to follow it by."""
    if exists(store, claims.c.id, id):
        return "claim", id
    if exists(store, conflicts.c.key, id):
        return "conflict", id
    for table in (conflicts, conflict_versions):
        found = store.fetch_rows(select(table.c.key).where(table.c.id == id).limit(1))
        if found:
            return "conflict", found[0]["key"]
    if exists(store, queue_items.c.key, id):
        return "queue", id
    if id.isdigit():
        found = store.fetch_rows(select(decisions.c.queue_key).where(decisions.c.id == int(id)))
        if found:
            return "decision", found[0]["queue_key"]
    raise RecordNotFound("claims, conflicts, queue or decisions", id)


def exists(store: Store, column: Any, value: str) -> bool:
    """Whether any row has this value in this column."""
    return bool(store.fetch_rows(select(column).where(column == value).limit(1)))


def queue_item_row(store: Store, key: str) -> store_rows.Row:
    """The queue row for a key."""
    return store.fetch_rows(select(queue_items).where(queue_items.c.key == key))[0]


def trace_queue_item(store: Store, target: str, kind: str, item: store_rows.Row) -> Trace:
    """A conflict item traces its conflict; a quality item traces the row that failed."""
    if item["kind"] == "conflict":
        return trace_conflict_key(store, target, kind, item["key"])
    members = select(digest_failures.c.failure_id).where(digest_failures.c.digest_key == item["key"])
    digested = store.fetch_rows(select(failures.c.row_id).where(failures.c.id.in_(members)))
    if digested:
        named = [
            claim for r in sorted({r["row_id"] for r in digested}) for claim in claims_named_by(store, r)
        ]
        return trace_claims(store, target, kind, list(dict.fromkeys(named)), [], [item["key"]])
    failure = store.fetch_rows(select(failures).where(failures.c.id == item["ref_id"]))
    row_id = failure[0]["row_id"] if failure else item["ref_id"]
    for table in (conflicts, conflict_versions):
        found = store.fetch_rows(select(table.c.key).where(table.c.id == row_id).limit(1))
        if found:
            return trace_conflict_key(store, target, kind, found[0]["key"], [item["key"]])
    claim_ids = claims_named_by(store, row_id)
    return trace_claims(store, target, kind, claim_ids, [], [item["key"]])


def claims_named_by(store: Store, row_id: str) -> list[str]:
    """The claim itself, or every claim of an article or of a document."""
    named = (claims.c.id == row_id) | (claims.c.article_id == row_id) | (claims.c.document_id == row_id)
    query = select(claims.c.id).where(named)
    return [row["id"] for row in store.fetch_rows(query.order_by(claims.c.start, claims.c.id))]


def trace_conflict_key(
    store: Store, target: str, kind: str, key: str, queue_keys: Iterable[str] = ()
) -> Trace:
    """Every version of the conflict and the claims any version names."""
    versions = store.conflict_history(key)
    claim_ids = list(dict.fromkeys(cid for _, c in reversed(versions) for cid in sorted(c.claim_ids)))
    return trace_claims(store, target, kind, claim_ids, [key], queue_keys)


def conflict_keys_of(store: Store, claim_ids: Iterable[str]) -> list[str]:
    """Keys of conflicts whose current or an earlier version names any of the claims."""
    wanted = set(claim_ids)
    keys: set[str] = set()
    for table in (conflicts, conflict_versions):
        for row in store.fetch_rows(select(table.c.key, table.c.claim_ids)):
            if wanted & set(row["claim_ids"]):
                keys.add(row["key"])
    return sorted(keys)


def trace_claims(
    store: Store,
    target: str,
    kind: str,
    claim_ids: list[str],
    conflict_keys: list[str],
    queue_keys: Iterable[str] = (),
) -> Trace:
    """Assemble a trace from claims, the conflicts they are part of, and the queue."""
    trails = tuple(trace_claim(store, claim_id) for claim_id in claim_ids)
    if not conflict_keys:
        conflict_keys = conflict_keys_of(store, claim_ids)
    versions = tuple(v for key in conflict_keys for v in conflict_versions_of(store, key))
    quality_keys = quality_item_keys(store, trails)
    keys = list(dict.fromkeys([*queue_keys, *conflict_keys, *quality_keys]))
    items = tuple(queue_trail(store, key) for key in keys if exists(store, queue_items.c.key, key))
    found = tuple(decisions_on(store, [item.key for item in items]))
    return Trace(target, kind, trails, versions, items, found, tuple(broken_links(trails)))


def trace_claim(store: Store, claim_id: str) -> ClaimTrail:
    """The trail of one claim back to its bytes."""
    row = store.fetch_rows(select(claims).where(claims.c.id == claim_id))[0]
    claim = store_rows.to_claim(row)
    text = store.document_text(claim.document_id)
    article_row = store.fetch_rows(select(articles).where(articles.c.id == claim.article_id))[0]
    article = store_rows.to_article(article_row)
    locate = byte_locator(store.document_bytes(claim.document_id), text)
    spans = (
        make_span("article", article.start, article.end, text, None, locate),
        make_span("quote", claim.quote_start, claim.quote_end, text, claim.quote, locate),
        make_span("figure", claim.start, claim.end, text, claim.number_text, locate),
    )
    revisions = revisions_touching(store, claim_id)
    return ClaimTrail(
        id=claim_id,
        claim=claim,
        source=source_of(store, claim.document_id),
        article=ArticleSpan(
            article.id,
            article.title,
            article.outlet,
            article.byline,
            article.published,
            article.segmenter_version,
        ),
        spans=spans,
        extracted_by=steps_with(store, claim_id, "output", "extract"),
        validated_by=steps_with(store, claim_id, "input", "validate"),
        failures=failures_on(store, [claim_id, claim.article_id, claim.document_id]),
        quarantined_by=tuple(row["quarantined_by"]),
        revises=tuple(old for new, old in revisions if new == claim_id),
        revised_by=tuple(new for new, old in revisions if old == claim_id),
    )


def byte_locator(raw: bytes | None, text: str) -> Callable[[int], int | None]:
    """Character offset -> byte offset, when the text is exactly the bytes decoded as UTF-8.

    Text drawn out of HTML is not a plain decoding: there only character offsets hold.
    """
    try:
        plain = raw is not None and raw.decode("utf-8") == text
    except UnicodeDecodeError:
        plain = False
    if not plain:
        return lambda _offset: None
    return lambda offset: len(text[:offset].encode("utf-8"))


def make_span(
    what: str, start: int, end: int, text: str, expected: str | None, locate: Callable[[int], int | None]
) -> Span:
    """The characters at offsets, with where they sit in the bytes."""
    return Span(what, start, end, text[start:end], expected, locate(start), locate(end))


def source_of(store: Store, document_id: str) -> Source:
    """The document's stored record, with its bytes re-hashed."""
    row = store.fetch_rows(select(documents).where(documents.c.id == document_id))[0]
    content = store_rows.document_bytes(row)
    return Source(
        document_id=document_id,
        location=row["location"],
        sha256=row["sha256"],
        media_type=row["media_type"],
        size=row["size"],
        fetched_at=row["fetched_at"],
        status=row["status"],
        bytes_match=content is not None and bytes_id(content) == document_id,
        ingested_by=steps_with(store, document_id, "output", "ingest"),
    )


def steps_with(store: Store, entity_id: str, role: str, step: str) -> tuple[Step, ...]:
    """The activities of one step that had the entity in this role, with their runs."""
    with store.engine.connect() as connection:
        found = sorted(activities_touching(connection, entity_id, role, step), key=lambda row: row["id"])
        executions = runs_of(connection, [row["key"] for row in found])
    return tuple(step_of(row, executions.get(row["key"], [])) for row in found)


def step_of(row: store_rows.Row, executions: list[store_rows.Row]) -> Step:
    """An activity row as a Step, with every run of it."""
    found = tuple(
        RunStep(r.started_at, r.finished_at, r.status, r.actor, r.flow_run_id, r.task_run_id)
        for r in (store_rows.to_run(run, row["id"]) for run in executions)
    )
    return Step(
        row["id"], row["step"], row["code_version"], row["rules_version"], dict(row["parameters"]), found
    )


def failures_on(store: Store, row_ids: list[str]) -> tuple[FailureStep, ...]:
    """Validation failures of these rows, by expectation."""
    query = select(failures).where(failures.c.row_id.in_(row_ids))
    query = query.order_by(failures.c.row_id, failures.c.expectation_id, failures.c.id)
    return tuple(
        FailureStep(
            r["id"], r["suite"], r["expectation_id"], r["severity"], r["table"], r["row_id"], r["details"]
        )
        for r in store.fetch_rows(query)
    )


def quality_item_keys(store: Store, trails: Iterable[ClaimTrail]) -> list[str]:
    """Queue keys of quality items raised by the trails' failures."""
    failure_ids = sorted({f.id for trail in trails for f in trail.failures})
    query = select(queue_items.c.key).where(
        queue_items.c.kind == "quality", queue_items.c.ref_id.in_(failure_ids)
    )
    digests = select(digest_failures.c.digest_key.label("key")).where(
        digest_failures.c.failure_id.in_(failure_ids)
    )
    keys = {row["key"] for row in store.fetch_rows(query)} | {row["key"] for row in store.fetch_rows(digests)}
    return sorted(keys)


def conflict_versions_of(store: Store, key: str) -> list[ConflictVersion]:
    """Every version of one conflict, newest first, with the activity that found it."""
    history = store.conflict_history(key)
    newest = max(version for version, _ in history)
    return [
        ConflictVersion(
            key,
            version,
            conflict.id,
            version == newest,
            conflict,
            steps_with(store, conflict.id, "output", "reconcile"),
        )
        for version, conflict in reversed(history)
    ]


def queue_trail(store: Store, key: str) -> QueueTrail:
    """A queue item and every change of it."""
    item = store_rows.to_queue_item(queue_item_row(store, key))
    events = tuple(store.queue_events(key))
    return QueueTrail(item.key, item.kind, item.ref_id, item.state, item.version, item.summary, events)


def decisions_on(store: Store, keys: list[str]) -> list[DecisionStep]:
    """Every decision on these queue items, oldest first, with what each was about."""
    if not keys:
        return []
    refs = refs_by_version(store, keys)
    query = select(decisions).where(decisions.c.queue_key.in_(keys)).order_by(decisions.c.id)
    return [
        DecisionStep(**vars(to_decision(row)), about=refs.get((row["queue_key"], row["item_version"])))
        for row in store.fetch_rows(query)
    ]


def refs_by_version(store: Store, keys: list[str]) -> dict[tuple[str, int], str]:
    """What each queue item pointed at in each of its versions (first event of a version wins)."""
    query = select(queue_events).where(queue_events.c.item_key.in_(keys)).order_by(queue_events.c.id)
    found: dict[tuple[str, int], str] = {}
    for row in store.fetch_rows(query):
        found.setdefault((row["item_key"], row["version"]), row["ref_id"])
    return found


def broken_links(trails: Iterable[ClaimTrail]) -> list[str]:
    """Offsets that do not slice to their text, and sources whose bytes do not match."""
    problems = []
    for trail in trails:
        if not trail.source.bytes_match:
            problems.append(f"claim {trail.id}: document {trail.source.document_id} bytes do not match")
        for span in trail.spans:
            if not span.holds:
                where = f"{span.start}:{span.end}"
                problems.append(
                    f"claim {trail.id}: {span.what} at {where} reads {span.text!r}, not {span.expected!r}"
                )
    return problems


def trace_to_dict(found: Trace) -> dict[str, Any]:
    """The trace as JSON-ready data (times as ISO 8601); `holds` says whether it holds."""
    data = asdict(found)
    data["holds"] = found.holds
    for trail, record in zip(found.claims, data["claims"], strict=True):
        record["claim"]["source_chain"] = list(trail.claim.source_chain)
        for span in record["spans"]:
            span["holds"] = span["expected"] is None or span["text"] == span["expected"]
    for version, record in zip(found.conflicts, data["conflicts"], strict=True):
        record["conflict"]["id"] = version.conflict.id
    converted: dict[str, Any] = jsonable(data)
    return converted


def jsonable(value: Any) -> Any:
    """Datetimes to ISO strings and tuples to lists, all the way down."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def render_json(found: Trace) -> str:
    """The trace as indented JSON, for machines."""
    return json.dumps(trace_to_dict(found), ensure_ascii=False, indent=2)


def render_text(found: Trace) -> str:
    """The trace as plain text: decisions first, then conflicts, then each figure to its bytes."""
    lines = [f"trace of {found.kind} {found.target}"]
    lines += ["", "trail holds: every offset slices to its text and every source matches its bytes"]
    if not found.holds:
        lines[-1] = "trail does NOT hold:"
        lines += [f"  {problem}" for problem in found.broken]
    for item in found.queue:
        lines += ["", *queue_lines(item, [d for d in found.decisions if d.queue_key == item.key])]
    for version in found.conflicts:
        lines += ["", *conflict_lines(version)]
    for trail in found.claims:
        lines += ["", *claim_lines(trail)]
    return "\n".join(lines) + "\n"


def queue_lines(item: QueueTrail, made: list[DecisionStep]) -> list[str]:
    """A queue item, its history and its decisions."""
    lines = [f"review item {item.key} ({item.kind}, {item.state}, version {item.version}): {item.summary}"]
    lines += [
        f"  {e.at.isoformat()}  v{e.version} {e.event}: {e.from_state or '-'} -> {e.to_state} by {e.actor}"
        for e in item.events
    ]
    if not made:
        lines.append("  no decisions yet")
    for d in made:
        note = f' note: "{d.note}"' if d.note else ""
        lines.append(
            f"  decision #{d.id} {d.created_at.isoformat()} by {d.reviewer}: {d.action} "
            f"on version {d.item_version} (about {d.about or 'unknown'}){note}"
        )
    return lines


def conflict_lines(version: ConflictVersion) -> list[str]:
    """One conflict version with its reasons, estimate and the activity that found it."""
    c, r = version.conflict, version.conflict.reconciled
    state = "current" if version.current else "earlier"
    return [
        f"conflict {version.id} (key {version.key}, version {version.version}, {state})",
        f"  {c.kind} ({c.severity}), priority {c.priority:g}: {', '.join(c.reasons)}",
        f"  reconciled range [{number(r.low)}, {number(r.high)}], headline {number(r.headline)}, "
        f"{r.independent_sources} independent source(s); rules {c.rules_version}",
        f"  figures: {', '.join(sorted(c.claim_ids))}",
        *[f"  {line}" for step in version.reconciled_by for line in step_lines("found by", step)],
    ]


def claim_lines(trail: ClaimTrail) -> list[str]:
    """One figure, from the bytes of its source to its validation."""
    c, s = trail.claim, trail.source
    chain = " -> ".join(c.source_chain) or "unattributed"
    lines = [
        f"claim {trail.id} ({c.status})",
        f"  {c.number_text!r} = [{number(c.value_low)}, {number(c.value_high)}] {c.qualifier}, "
        f"{c.category} {c.subject}, {c.location or 'no place'}, {c.date or 'no date'}",
        f"  said by {c.source or 'unattributed'} ({c.source_type}); chain {chain}",
        f"  source {s.location}: sha256 {s.sha256}, {s.size} bytes {s.media_type}, fetched {s.fetched_at}, "
        f"bytes {'match their hash' if s.bytes_match else 'DO NOT match their hash'}",
        article_line(trail.article),
        *[f"  {span_line(span)}" for span in trail.spans],
        f"  extractor {c.extractor_version}",
    ]
    for label, steps in (("ingested by", trail.source.ingested_by), ("extracted by", trail.extracted_by)):
        lines += [f"  {line}" for step in steps for line in step_lines(label, step)]
    lines += [f"  {line}" for step in trail.validated_by for line in step_lines("validated by", step)]
    lines += [
        f"  failed {f.expectation_id} ({f.severity}) on {f.table} {f.row_id}: {f.details}"
        for f in trail.failures
    ]
    if trail.quarantined_by:
        lines.append(f"  quarantined by {', '.join(trail.quarantined_by)}")
    lines += [f"  revises {old} (an earlier extraction at the same offsets)" for old in trail.revises]
    lines += [f"  revised by {new} (a later extraction at the same offsets)" for new in trail.revised_by]
    return lines


def article_line(article: ArticleSpan) -> str:
    """The report that holds the figure."""
    outlet, published = article.outlet or "-", article.published or "undated"
    title = article.title or "untitled"
    return f"  article {article.id}: {outlet}, {published}, {title!r} (segmenter {article.segmenter_version})"


def span_line(span: Span) -> str:
    """Offsets, the characters there, and whether they match the record."""
    mark = (
        ""
        if span.expected is None
        else ("  [matches]" if span.holds else f"  [MISMATCH: record says {span.expected!r}]")
    )
    shown = span.text if len(span.text) <= 120 else f"{span.text[:117]}..."
    return f"{span.what} chars {span.start}-{span.end}: {shown!r}{mark}"


def step_lines(label: str, step: Step) -> list[str]:
    """An activity with its versions and its runs."""
    lines = [f"{label} {step.step} {step.activity_id} (code {step.code_version}, rules {step.rules_version})"]
    for run in step.runs:
        prefect = f", flow run {run.flow_run_id}, task run {run.task_run_id}" if run.flow_run_id else ""
        lines.append(f"  ran {run.started_at.isoformat()} {run.status} by {run.actor}{prefect}")
    return lines


def number(value: float | int | None) -> str:
    """A bound as written: open when absent."""
    return "open" if value is None else f"{value:g}"
