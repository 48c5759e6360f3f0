"""What the review pages show, built from the queue's records: sentences, figures, history.

Pure: records in, plain values out, for the templates to lay out. The handlers in `app.py`
read the store; nothing here does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from factledger.core.models import Claim, Conflict
from factledger.quality.suites import id_words
from factledger.review import words
from factledger.review.queue import ItemDetail
from factledger.store.records import QueueItem, rows_of
from factledger.store.review import Decision, ListedItem

CONTEXT_CHARS = 240
SETTLED = ("decided", "escalated", "dismissed")
WORKABLE = ("open", "claimed", "reopened")


@dataclass(frozen=True)
class Highlight:
    """A claim's quote in its article context, cut into pieces the template escapes."""

    before: str
    quote_before: str
    figure: str
    quote_after: str
    after: str


@dataclass(frozen=True)
class Figure:
    """One claim as an item page shows it."""

    claim: Claim
    words: str
    counted: str
    source: str
    chain: str
    place: str
    resolved_place: str  # the gazetteer's settlement, region, country and id
    date: str  # the days covered in words, with the time phrase as written
    floor: str  # the claim's conservative reading, for the page's inline check
    floor_words: str
    highlight: Highlight


@dataclass(frozen=True)
class HistoryLine:
    """One decision in words."""

    decision: Decision
    words: str
    when: str
    undone: bool
    revertable: bool


@dataclass(frozen=True)
class Settled:
    """The decision that settled an item, as its page shows it."""

    id: int
    reviewer: str
    words: str
    headline: str
    note: str | None
    when: str


@dataclass(frozen=True)
class Row:
    """One queue row: what is flagged, its figures, place, date and state."""

    key: str
    version: int
    severity: str
    title: str
    figures: tuple[str, ...]
    place: str
    date: str
    state: str


def when(moment: datetime) -> str:
    """A time as reviewers read it: "4 December 2026, 10:20"."""
    return f"{moment.day} {words.MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def title_of(detail: ItemDetail) -> str:
    """The item's sentence: the conflict explained, the quality finding named, else its summary."""
    if detail.conflict is not None:
        return words.conflict_sentence(detail.conflict, detail.claims)
    rule, table, count, _ = findings_of(detail)
    if rule:
        title = detail.digest.title if detail.digest is not None and detail.digest.title else id_words(rule)
        return f"Quality {detail.severity or 'finding'}: {title} ({rows_of(count, table)})."
    return detail.item.summary


def lease_words(item: QueueItem, reviewer: str, now: datetime) -> str:
    """Who works on the item, in words."""
    if item.state != "claimed" or item.lease_owner is None or item.lease_expires_at is None:
        return "nobody is working on it" if item.state in WORKABLE else ""
    until = item.lease_expires_at
    if until <= now:
        return f"{item.lease_owner}'s hold ran out at {until:%H:%M} UTC; anyone may take it"
    minutes = max(1, int((until - now).total_seconds() // 60))
    who = "you are" if item.lease_owner == reviewer else f"{item.lease_owner} is"
    return f"{who} working on it until {until:%H:%M} UTC ({minutes} min from now)"


def clash_words(item: QueueItem, reviewer: str, now: datetime) -> str:
    """Why a reviewer cannot decide an item another holds, and what to do."""
    if item.state != "claimed" or item.lease_owner in (None, reviewer):
        return ""
    if item.lease_expires_at is None or item.lease_expires_at <= now:
        return ""
    return (
        f"{item.lease_owner} is working on this item until {item.lease_expires_at:%H:%M} UTC, so your "
        "decision was not saved. You can read it meanwhile; press n for another item, or come back "
        "when their hold runs out."
    )


def figures_of(detail: ItemDetail) -> list[Figure]:
    """The item's claims, in the order the page numbers them (lowest figure first)."""
    return [figure(detail, claim) for claim in words.by_floor(detail.claims)]


def figure(detail: ItemDetail, claim: Claim) -> Figure:
    floor = claim.value_low if claim.value_low is not None else claim.value_high
    chain = [name for name in claim.source_chain if name != words.source_of(claim)]
    return Figure(
        claim=claim,
        words=words.figure_words(claim),
        counted=words.counted(claim),
        source=words.source_of(claim),
        chain=" → ".join(chain),
        place=claim.location or "",
        resolved_place=words.resolved_place_words(claim),
        date=words.time_words(claim),
        floor="" if floor is None else str(float(floor)),
        floor_words=words.number(floor),
        highlight=highlight(detail, claim),
    )


def history_of(detail: ItemDetail) -> list[HistoryLine]:
    """The item's decisions in words, each marked when a later one undid it."""
    claims = {c.id: c for c in detail.claims}
    undone = {d.reverts for d in detail.decisions if d.reverts is not None}
    settled = detail.item.state in SETTLED
    return [
        HistoryLine(
            decision=d,
            words=words.decision_words(d.action, d.payload, claims),
            when=when(d.created_at),
            undone=d.id in undone,
            revertable=settled and d.action != "revert" and d.id not in undone,
        )
        for d in detail.decisions
    ]


def settled_of(detail: ItemDetail) -> Settled | None:
    """The decision standing on a settled item: its last one not undone."""
    if detail.item.state not in SETTLED:
        return None
    undone = {d.reverts for d in detail.decisions if d.reverts is not None}
    standing = [d for d in detail.decisions if d.action != "revert" and d.id not in undone]
    if not standing:
        return None
    last = standing[-1]
    claims = {c.id: c for c in detail.claims}
    return Settled(
        id=last.id,
        reviewer=last.reviewer,
        words=words.decision_words(last.action, last.payload, claims),
        headline=words.headline_words(last.action, last.payload),
        note=last.note,
        when=when(last.created_at),
    )


def reasons_of(codes: Sequence[str]) -> list[tuple[str, str, str]]:
    """(code, label, meaning) of each reason; sources last, as `source: name`."""
    found = [(code, *words.reason_words(code)) for code in codes]
    return sorted(found, key=lambda r: r[0].startswith("source:"))


def default_claim(detail: ItemDetail) -> str | None:
    """The figure the accept shortcut takes: the one giving the conservative headline."""
    if detail.item.state not in WORKABLE or not detail.claims:
        return None
    if detail.conflict is None or detail.conflict.reconciled.headline is None:
        return detail.claims[0].id
    headline = float(detail.conflict.reconciled.headline)
    for claim in detail.claims:
        floor = claim.value_low if claim.value_low is not None else claim.value_high
        if floor is not None and float(floor) == headline:
            return claim.id
    return None


def row_of(
    listed: ListedItem, conflict: Conflict | None, claims: Sequence[Claim], now: datetime, reviewer: str
) -> Row:
    """A queue row: the conflict's sentence (else the item's summary), its figures, place and date."""
    item = listed.item
    ordered = words.by_floor(claims)
    first = ordered[0] if ordered else None
    return Row(
        key=item.key,
        version=item.version,
        severity=listed.severity or "",
        title=words.conflict_sentence(conflict, ordered) if conflict else item.summary,
        figures=tuple(
            f"{words.figure_words(c)} {words.counted(c)}, says {words.source_of(c)}" for c in ordered[:4]
        ),
        place=(first.location or "") if first else "",
        date=words.date_words(first.date) if first else "",
        state=state_words(item, reviewer, now),
    )


def state_words(item: QueueItem, reviewer: str, now: datetime) -> str:
    """An item's state for a queue row: "open", "you hold it", "ben holds it", "decided"."""
    if item.state == "claimed" and item.lease_owner and item.lease_expires_at and item.lease_expires_at > now:
        return "you hold it" if item.lease_owner == reviewer else f"{item.lease_owner} holds it"
    if item.state == "claimed":
        return "open (hold ran out)"
    return item.state


def highlight(detail: ItemDetail, claim: Claim) -> Highlight:
    """The claim's quote within its surrounding text, the figure marked inside it.

    The context is cut at whole words, and an ellipsis shows where the text goes on.
    """
    text = detail.texts.get(claim.document_id, "")
    start, end = claim.quote_start - CONTEXT_CHARS, claim.quote_end + CONTEXT_CHARS
    before, after = text[max(0, start) : claim.quote_start], text[claim.quote_end : end]
    return Highlight(
        before=f"…{clip_start(before)}" if start > 0 else before,
        quote_before=text[claim.quote_start : claim.start],
        figure=text[claim.start : claim.end],
        quote_after=text[claim.end : claim.quote_end],
        after=f"{clip_end(after)}…" if end < len(text) else after,
    )


def clip_start(context: str) -> str:
    """Leading context from its first whole word (unchanged when it has no break)."""
    parts = context.split(None, 1)
    return parts[1] if len(parts) == 2 and not context[:1].isspace() else context.lstrip()


def clip_end(context: str) -> str:
    """Trailing context up to its last whole word (unchanged when it has no break)."""
    parts = context.rsplit(None, 1)
    return parts[0] if len(parts) == 2 and not context[-1:].isspace() else context.rstrip()


def findings_of(detail: ItemDetail) -> tuple[str, str, int, list[tuple[str, str]]]:
    """A quality item's rule, table, count of failing rows and the rows shown."""
    digest = detail.digest
    if digest is not None:
        shown = [(f.row_id, f.details) for f in digest.examples]
        return digest.expectation_id, digest.table, int(digest.count), shown
    failure = detail.failure
    if failure is None:
        return "", "", 0, []
    return failure.expectation_id, failure.table, 1, [(failure.row_id, failure.details)]
