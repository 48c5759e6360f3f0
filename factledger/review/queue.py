"""Working the review queue: claim, decide, revert, list and read history.

`ReviewQueue` wraps a `Store`. Transactions are short: a claim or a decision is one
transaction, never held while a reviewer thinks. Every decision names the item version it
was made on; one made on an old version, or by a reviewer whose lease another took over,
is refused with `StaleDecision`. Each decision is appended to the decision log and saved
as a provenance activity whose actor is the reviewer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

import factledger
from factledger.core.models import Activity, Claim, Conflict, ValidationFailure
from factledger.core.provenance import content_id
from factledger.errors import FactledgerError
from factledger.provenance.verify import decision_content
from factledger.store import Store
from factledger.store import review as sql
from factledger.store.lineage import indexed_activities
from factledger.store.lookup import match_prefix, resolve_id
from factledger.store.records import Batch, QueueItem, RunInfo
from factledger.store.review import Decision, ItemFilter, ListedItem, QualityDigest
from factledger.store.rows import to_claim, to_conflict, to_queue_item, to_utc
from factledger.store.tables import claims, conflicts, documents, queue_items
from factledger.store.writes import write_batch

LEASE = timedelta(minutes=15)
ANY_ITEM = ItemFilter()
REVIEW_RULES = "review-1"
SETTLING = {
    "accept": "decided",
    "range": "decided",
    "split": "decided",
    "extraction_error": "decided",
    "escalate": "escalated",
    "dismiss": "dismissed",
}
ACTIONS = (*SETTLING, "revert")
CONFLICT_ACTIONS = ("accept", "range", "split")
QUALITY_ACTIONS = tuple(a for a in ACTIONS if a not in CONFLICT_ACTIONS)


class ReviewError(FactledgerError):
    """A review operation that cannot be done as asked."""


class StaleDecision(ReviewError):
    """A decision made on an old version of an item, or under a lease since lost."""


class InvalidDecision(ReviewError):
    """A decision that is malformed: unknown action, missing note, bad figure."""


class ItemNotFound(ReviewError):
    """No queue item has that key."""


class UnknownReviewer(InvalidDecision):
    """A name that is not a registered reviewer."""

    exit_code = 2


class NotHeld(ReviewError):
    """A lease given back by someone who does not hold it."""


@dataclass(frozen=True)
class ItemDetail:
    """Everything a reviewer sees about one item."""

    item: QueueItem
    conflict: Conflict | None
    failure: ValidationFailure | None
    claims: list[Claim]
    decisions: list[Decision]
    severity: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # document id -> text
    locations: dict[str, str] = field(default_factory=dict)  # document id -> path or URL
    digest: QualityDigest | None = None  # a quality item's failures: rule, count, examples


class ReviewQueue:
    """The review queue of one store."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime] | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.store = store
        self.clock = clock or store.clock
        self.lease = lease

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A short write transaction; on SQLite it takes the write lock at BEGIN."""
        with self.store.engine.connect() as connection:
            connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            with connection.begin():
                yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only connection."""
        with self.store.engine.connect() as connection:
            yield connection

    def now(self) -> datetime:
        """The current time, in UTC."""
        return to_utc(self.clock())

    def resolve(self, prefix: str) -> str:
        """The key of the one item whose key is, or starts with, `prefix` (as lists show keys)."""
        with self.reading() as connection:
            key = resolve_id(connection, [queue_items.c.key], prefix)
        if key is None:
            raise ItemNotFound(f"no queue item {prefix}")
        return key

    def reviewers(self) -> list[str]:
        """Every registered reviewer's name."""
        with self.reading() as connection:
            return sql.reviewer_names(connection)

    def check_reviewer(self, connection: Connection, reviewer: str) -> None:
        """Refuse a name that is not a registered reviewer, naming those that are."""
        known = sql.reviewer_names(connection)
        if reviewer not in known:
            raise UnknownReviewer(unknown_reviewer_message(reviewer, known))

    def claim_next(
        self, reviewer: str, wanted: ItemFilter = ANY_ITEM, skip: Sequence[str] = ()
    ) -> QueueItem | None:
        """Lease the top workable item to the reviewer (theirs already, if they hold one)."""
        now = self.now()
        with self.writing() as connection:
            self.check_reviewer(connection, reviewer)
            held = sql.held_by(connection, reviewer, now)
            if held is not None and held.key not in skip:
                return held
            return sql.claim_next(connection, reviewer, now, now + self.lease, wanted, skip)

    def claim(self, key: str, reviewer: str) -> QueueItem:
        """Lease a given item to the reviewer; refused if another holds a live lease."""
        now = self.now()
        with self.writing() as connection:
            self.check_reviewer(connection, reviewer)
            item = self.lockable(connection, key)
            self.check_free(item, reviewer, now)
            if not sql.unsettled(item):
                raise StaleDecision(f"item {key} is {item.state}, not open for review")
            row = sql.lease(connection, key, reviewer, now, now + self.lease)
            claimed = to_queue_item(row)
            sql.log_event(connection, claimed, "claimed", item.state, reviewer, now)
            return claimed

    def release(self, key: str, reviewer: str) -> QueueItem:
        """Give back a lease the reviewer holds; the item is open again.

        Anyone else's release changes nothing and is refused with `NotHeld`.
        """
        now = self.now()
        with self.writing() as connection:
            self.check_reviewer(connection, reviewer)
            item = self.lockable(connection, key)
            if item.state != "claimed" or item.lease_owner != reviewer:
                holder = f"claimed by {item.lease_owner}" if item.state == "claimed" else item.state
                raise NotHeld(f"{reviewer} holds no lease on item {key}: it is {holder}")
            released = sql.set_state(connection, item, "open", now, bump=False)
            sql.log_event(connection, released, "released", item.state, reviewer, now)
            return released

    def decide(
        self,
        key: str,
        version: int,
        reviewer: str,
        action: str,
        payload: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> Decision:
        """Record a decision on an item at a version; refused if stale or malformed."""
        payload = dict(payload or {})
        note = (note or "").strip() or None
        if action not in ACTIONS:
            raise InvalidDecision(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
        now = self.now()
        with self.writing() as connection:
            self.check_reviewer(connection, reviewer)
            item = self.lockable(connection, key)
            self.check_current(item, version, reviewer, now, action)
            payload = expand_claim_ids(payload, self.item_claim_ids(connection, item))
            payload = self.checked_payload(connection, item, action, payload, note)
            return self.append(connection, item, reviewer, action, payload, note, now)

    def revert(
        self, key: str, version: int, reviewer: str, decision_id: int, note: str | None = None
    ) -> Decision:
        """Undo a decision by appending a revert; the item is reopened."""
        return self.decide(key, version, reviewer, "revert", {"decision_id": decision_id}, note)

    def bulk_dismiss(self, wanted: ItemFilter, reviewer: str, note: str) -> int:
        """Dismiss every workable item matching the filter that nobody else holds."""
        if not note.strip():
            raise InvalidDecision("a bulk dismissal needs a note saying why")
        dismissed = 0
        for listed in self.items(wanted):
            try:
                self.decide(listed.item.key, listed.item.version, reviewer, "dismiss", {}, note)
            except (StaleDecision, InvalidDecision):
                continue
            dismissed += 1
        return dismissed

    def dismiss_shown(self, shown: Sequence[tuple[str, int]], reviewer: str, note: str) -> int:
        """Dismiss exactly the items a reviewer was shown, each at the version shown.

        An item that moved on since (decided, claimed by another, a new version) is left alone.
        """
        if not note.strip():
            raise InvalidDecision("a bulk dismissal needs a note saying why")
        dismissed = 0
        for key, version in dict(shown).items():
            try:
                self.decide(key, version, reviewer, "dismiss", {}, note)
            except (StaleDecision, InvalidDecision, ItemNotFound):
                continue
            dismissed += 1
        return dismissed

    def items(self, wanted: ItemFilter = ANY_ITEM, limit: int | None = None) -> list[ListedItem]:
        """Items matching a filter, highest priority first."""
        with self.reading() as connection:
            return sql.list_items(connection, wanted, limit)

    def history(self, key: str) -> list[Decision]:
        """The item's decisions, oldest first."""
        with self.reading() as connection:
            if sql.load_item(connection, key) is None:
                raise ItemNotFound(f"no queue item {key}")
            return sql.item_decisions(connection, key)

    def item(self, key: str) -> QueueItem:
        """One item by key."""
        with self.reading() as connection:
            item = sql.load_item(connection, key)
        if item is None:
            raise ItemNotFound(f"no queue item {key}")
        return item

    def detail(self, key: str) -> ItemDetail:
        """The item with its conflict or failure, the claims involved and its decisions."""
        with self.reading() as connection:
            item = sql.load_item(connection, key)
            if item is None:
                raise ItemNotFound(f"no queue item {key}")
            conflict = load_conflict(connection, item.ref_id)
            digest = sql.load_digest(connection, item.key) if item.kind == "quality" else None
            failure = None if conflict or digest else find_failure(self.store, item.ref_id)
            claim_ids = list(conflict.claim_ids) if conflict else failure_claims(failure)
            if digest is not None:
                claim_ids = failures_claims(digest.examples)
            found = load_claims(connection, claim_ids)
            history = sql.item_decisions(connection, key)
            wanted = sorted({c.document_id for c in found})
            query = select(documents.c.id, documents.c.location, documents.c.text)
            rows = connection.execute(query.where(documents.c.id.in_(wanted))).all()
        texts = {row.id: row.text for row in rows}
        locations = {row.id: row.location for row in rows}
        severity = conflict.severity if conflict else (failure.severity if failure else None)
        severity = digest.severity if digest else severity
        return ItemDetail(item, conflict, failure, found, history, severity, texts, locations, digest)

    def digest_failures(self, key: str) -> list[ValidationFailure]:
        """Every failure a quality digest holds, by row (the detail carries only examples)."""
        with self.reading() as connection:
            return sql.digest_failures_of(connection, key)

    def decided(self) -> list[tuple[QueueItem, Decision]]:
        """Settled items with the decision that settled them, in decision order."""
        with self.reading() as connection:
            return sql.decided_items(connection)

    def item_claim_ids(self, connection: Connection, item: QueueItem) -> list[str]:
        """The claims an item is about: its conflict's, or the one its quality failure names."""
        conflict = load_conflict(connection, item.ref_id)
        if conflict is not None:
            return list(conflict.claim_ids)
        if sql.load_digest(connection, item.key, examples=0) is not None:
            return failures_claims(sql.digest_failures_of(connection, item.key))
        return failure_claims(find_failure(self.store, item.ref_id))

    def lockable(self, connection: Connection, key: str) -> QueueItem:
        """Load an item, locking its row on PostgreSQL for the rest of the transaction."""
        item = sql.load_item(connection, key, lock=True)
        if item is None:
            raise ItemNotFound(f"no queue item {key}")
        return item

    def check_free(self, item: QueueItem, reviewer: str, now: datetime) -> None:
        """Refuse when another reviewer holds a live lease on the item."""
        if item.state == "claimed" and item.lease_owner != reviewer and not sql.expired_lease(item, now):
            raise StaleDecision(
                f"item {item.key} is claimed by {item.lease_owner} until {item.lease_expires_at}"
            )

    def check_current(self, item: QueueItem, version: int, reviewer: str, now: datetime, action: str) -> None:
        """Refuse a decision on an old version, under a lost lease, or on a settled item."""
        if item.version != version:
            raise StaleDecision(
                f"item {item.key} is at version {item.version}, the decision was made on {version}"
            )
        self.check_free(item, reviewer, now)
        if action == "revert":
            if sql.unsettled(item):
                raise StaleDecision(f"item {item.key} is {item.state}: nothing to revert")
        elif not sql.unsettled(item):
            raise StaleDecision(f"item {item.key} is already {item.state}")

    def checked_payload(
        self,
        connection: Connection,
        item: QueueItem,
        action: str,
        payload: dict[str, Any],
        note: str | None,
    ) -> dict[str, Any]:
        """Validate an action's payload; demand a note where it overrides the headline."""
        conflict = load_conflict(connection, item.ref_id)
        if item.kind == "quality" and action in CONFLICT_ACTIONS:
            raise InvalidDecision(
                f"{action} settles a conflict; a quality item takes {', '.join(QUALITY_ACTIONS)}"
            )
        if action == "accept":
            return check_accept(connection, conflict, payload, note)
        if action == "range":
            return check_range(conflict, payload, note)
        if action == "extraction_error":
            return check_extraction_error(connection, conflict, item, payload, note)
        if action == "split":
            return check_split(conflict, payload)
        if action == "revert":
            return check_revert(connection, item, payload)
        return {}

    def append(
        self,
        connection: Connection,
        item: QueueItem,
        reviewer: str,
        action: str,
        payload: dict[str, Any],
        note: str | None,
        now: datetime,
    ) -> Decision:
        """Write the decision, move the item on, log the event and the activity."""
        previous = sql.item_decisions(connection, item.key)
        values = {
            "queue_key": item.key,
            "item_version": item.version,
            "reviewer": reviewer,
            "action": action,
            "payload": payload,
            "note": note,
            "reverts": payload.get("decision_id"),
            "created_at": now,
        }
        # Chained: altering or dropping an earlier decision breaks every later hash.
        previous_hash = previous[-1].content_hash if previous else None
        values["content_hash"] = content_id(decision_content(values, item.ref_id, previous_hash))
        try:
            decision = sql.insert_decision(connection, values)
        except IntegrityError as error:
            raise InvalidDecision(f"decision refused: unknown reviewer {reviewer!r}?") from error
        state = "reopened" if action == "revert" else SETTLING[action]
        moved = sql.set_state(connection, item, state, now)
        sql.log_event(connection, moved, action, item.state, reviewer, now)
        write_batch(connection, self.provenance(connection, item, decision, payload), now)
        return decision

    def provenance(
        self, connection: Connection, item: QueueItem, decision: Decision, payload: dict[str, Any]
    ) -> Batch:
        """The decision as an activity whose actor is the reviewer, plus any quality signal."""
        parents = [row["id"] for row in indexed_activities(connection, item.key, "output")]
        activity = Activity(
            step="review",
            code_version=factledger.__version__,
            rules_version=REVIEW_RULES,
            parameters={
                "action": decision.action,
                "payload": payload,
                "note": decision.note,
                "item_version": item.version,
            },
            input_ids=(item.ref_id, item.key),
            output_ids=(decision.content_hash,),
            parents=tuple(sorted(set(parents))),
        )
        run = RunInfo(decision.created_at, decision.created_at, "completed", actor=decision.reviewer)
        batch = Batch(activities=[(activity, run)])
        if decision.action == "extraction_error":
            batch.failures.append(extraction_signal(payload["claim_id"], decision))
        return batch


def expand_claim_ids(payload: dict[str, Any], candidates: Sequence[str]) -> dict[str, Any]:
    """Claim ids in a payload as typed (any unique start of one of the item's claims) made whole."""
    expanded = dict(payload)
    if expanded.get("claim_id"):
        typed = str(expanded["claim_id"])
        expanded["claim_id"] = match_prefix(typed, candidates) or typed
    if expanded.get("claim_ids"):
        expanded["claim_ids"] = [match_prefix(str(c), candidates) or str(c) for c in expanded["claim_ids"]]
    return expanded


def unknown_reviewer_message(reviewer: str, known: Sequence[str]) -> str:
    """Say the name is unknown and which names are valid."""
    names = ", ".join(known) if known else "none yet (add one with `factledger reviewer add NAME`)"
    return f"unknown reviewer {reviewer!r}; reviewers: {names}"


def extraction_signal(claim_id: str, decision: Decision) -> ValidationFailure:
    """A reviewer's "extraction error" as a quality failure on the claim, for the quality reports."""
    return ValidationFailure(
        suite="review",
        expectation_id="reviewer_extraction_error",
        expectation_type="reviewer_judgement",
        severity="warning",
        table="claims",
        row_id=claim_id,
        details=f"{decision.reviewer}: {decision.note or 'extraction error'}",
    )


def load_conflict(connection: Connection, ref_id: str) -> Conflict | None:
    """The current conflict with this id, if the item points at one."""
    row = connection.execute(select(conflicts).where(conflicts.c.id == ref_id)).mappings().first()
    return None if row is None else to_conflict(row)


def load_claims(connection: Connection, ids: Sequence[str]) -> list[Claim]:
    """Claims by id, in document order."""
    if not ids:
        return []
    query = select(claims).where(claims.c.id.in_(list(ids))).order_by(claims.c.document_id, claims.c.start)
    return [to_claim(row) for row in connection.execute(query).mappings()]


def find_failure(store: Store, ref_id: str) -> ValidationFailure | None:
    """The quality failure an item points at, if any."""
    return next((f for f in store.failures() if f.id == ref_id), None)


def failures_claims(failures: Sequence[ValidationFailure]) -> list[str]:
    """The claims that failures of the claims table name."""
    return sorted({f.row_id for f in failures if f.table == "claims"})


def failure_claims(failure: ValidationFailure | None) -> list[str]:
    """The claim a quality failure is about (none for article-level failures)."""
    return [failure.row_id] if failure is not None and failure.table == "claims" else []


def headline_of(claim: Claim) -> float | None:
    """The conservative reading of one claim's figure: its floor, else its ceiling."""
    value = claim.value_low if claim.value_low is not None else claim.value_high
    return None if value is None else float(value)


def require_note(note: str | None, why: str) -> None:
    """Refuse a decision without a note where one is required."""
    if not note:
        raise InvalidDecision(f"a note is required: {why}")


def conflict_headline(conflict: Conflict | None) -> float | None:
    """The reconciler's conservative headline, as a float."""
    if conflict is None or conflict.reconciled.headline is None:
        return None
    return float(conflict.reconciled.headline)


def check_accept(
    connection: Connection, conflict: Conflict | None, payload: dict[str, Any], note: str | None
) -> dict[str, Any]:
    """Accept names one of the conflict's claims; a note if it moves the headline."""
    claim_id = str(payload.get("claim_id") or "")
    if conflict is None or claim_id not in conflict.claim_ids:
        raise InvalidDecision("accept needs claim_id, one of the conflicting claims")
    (claim,) = load_claims(connection, [claim_id])
    headline = headline_of(claim)
    if headline != conflict_headline(conflict):
        require_note(note, f"accepting {claim.number_text!r} overrides the conservative headline")
    return {"claim_id": claim_id, "headline": headline, "source": claim.source}


def number(value: Any, name: str) -> float | None:
    """A payload figure as a float; empty means open-ended."""
    if value is None or value == "":
        return None
    try:
        found = float(value)
    except (TypeError, ValueError) as error:
        raise InvalidDecision(f"{name} must be a number, not {value!r}") from error
    # NaN and infinity are not counts, and would be stored as invalid JSON.
    if not math.isfinite(found) or found < 0:
        raise InvalidDecision(f"{name} must be a finite number of at least 0, not {value!r}")
    return found


def check_range(conflict: Conflict | None, payload: dict[str, Any], note: str | None) -> dict[str, Any]:
    """A reconciled range low..high; its floor is the new headline, noted if it moves."""
    low, high = number(payload.get("low"), "low"), number(payload.get("high"), "high")
    if low is None and high is None:
        raise InvalidDecision("range needs low, high or both")
    if low is not None and high is not None and low > high:
        raise InvalidDecision(f"range low {low:g} is above high {high:g}")
    headline = low if low is not None else high
    if headline != conflict_headline(conflict):
        require_note(note, "a range whose floor differs from the conservative headline overrides it")
    return {"low": low, "high": high, "headline": headline}


def check_split(conflict: Conflict | None, payload: dict[str, Any]) -> dict[str, Any]:
    """Split: the figures are not about one event; optionally which claims stand apart."""
    apart = [str(c) for c in payload.get("claim_ids") or []]
    known = set(conflict.claim_ids) if conflict else set()
    if any(c not in known for c in apart):
        raise InvalidDecision("split claim_ids must be claims of this conflict")
    return {"claim_ids": sorted(apart)}


def check_extraction_error(
    connection: Connection,
    conflict: Conflict | None,
    item: QueueItem,
    payload: dict[str, Any],
    note: str | None,
) -> dict[str, Any]:
    """Extraction error names the misread claim; a note says what is wrong."""
    claim_id = str(payload.get("claim_id") or "")
    allowed = set(conflict.claim_ids) if conflict else set()
    if not allowed and load_claims(connection, [claim_id]):
        allowed = {claim_id}
    if claim_id not in allowed:
        raise InvalidDecision("extraction_error needs claim_id, one of the item's claims")
    require_note(note, "say what the extraction got wrong")
    return {"claim_id": claim_id}


def check_revert(connection: Connection, item: QueueItem, payload: dict[str, Any]) -> dict[str, Any]:
    """A revert names a decision of this item that is not a revert nor reverted already."""
    history = sql.item_decisions(connection, item.key)
    target = payload.get("decision_id")
    reverted = {d.reverts for d in history if d.reverts is not None}
    candidates = {d.id: d for d in history if d.action != "revert"}
    if not isinstance(target, int) or target not in candidates:
        raise InvalidDecision(f"revert needs decision_id, one of this item's decisions: {sorted(candidates)}")
    if target in reverted:
        raise InvalidDecision(f"decision {target} is already reverted")
    return {"decision_id": target}


def open_queue(store: Store) -> ReviewQueue:
    """A review queue over a store with the default lease."""
    return ReviewQueue(store)


__all__ = [
    "ACTIONS",
    "Decision",
    "InvalidDecision",
    "ItemDetail",
    "ItemFilter",
    "ItemNotFound",
    "ListedItem",
    "QualityDigest",
    "ReviewError",
    "ReviewQueue",
    "StaleDecision",
    "UnknownReviewer",
    "NotHeld",
    "open_queue",
]
