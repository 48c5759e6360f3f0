"""The product's records as frozen dataclasses.

Every record that the pipeline stores is content-addressed: its id is the hash of
`content()`, so identical work yields identical ids and `verify` can re-derive them.
Offsets (`start`, `end`, `quote_start`, ...) are character offsets into the decoded text of
the source document, never into an article, so every figure points at exact characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from factledger.core.provenance import content_id

Number = int | float

QUALIFIERS = (
    "exact",
    "at_least",
    "more_than",
    "up_to",
    "less_than",
    "almost",
    "about",
    "range",
    "vague",
)

CATEGORIES = (
    "killed",
    "injured",
    "missing",
    "displaced",
    "homeless",
    "trapped",
    "rescued",
    "hospitalized",
    "critical_condition",
    "bodies_recovered",
    "in_need",
    "participants",
    "arrested",
    "detained",
    "buildings_damaged",
    "buildings_destroyed",
    "property_damaged",
    "attacks",
    "population",
    "share",
    "ratio",
    "duration",
    "other",
)

SOURCE_TYPES = (
    "monitor",
    "state_media",
    "government",
    "un_agency",
    "party_to_conflict",
    "journalist",
    "witness",
    "unattributed",
)


@dataclass(frozen=True)
class Figure:
    """A number found in text, read as an interval (None = open end)."""

    start: int
    end: int
    text: str
    value_low: Number | None
    value_high: Number | None
    qualifier: str
    is_share: bool = False  # percentages and "one in N"


@dataclass(frozen=True)
class SourceDocument:
    """Bytes as ingested, identified by their sha256; `text` is the decoded form."""

    location: str
    sha256: str
    media_type: str
    size: int
    fetched_at: str
    text: str
    status: str = "ok"  # ok | quarantined
    reason: str | None = None

    @property
    def id(self) -> str:
        return f"sha256:{self.sha256}"

    def content(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "media_type": self.media_type, "size": self.size}


@dataclass(frozen=True)
class Article:
    """One report inside a document: a span of the document's text.

    `skip_spans` are boilerplate lines inside the span that extraction ignores; the text
    itself is never rewritten, so offsets stay exact.
    """

    document_id: str
    start: int
    end: int
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None  # ISO date
    skip_spans: tuple[tuple[int, int], ...] = ()
    segmenter_version: str = ""

    def content(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "published": self.published,
            "skip_spans": [list(s) for s in self.skip_spans],
            "segmenter_version": self.segmenter_version,
        }

    @cached_property
    def id(self) -> str:
        # Hashing costs ~25 µs; records are immutable, so compute it once per object.
        return content_id(self.content())


_RESOLVED = ("place_settlement", "place_region", "place_country", "place_id", "time_start", "time_end")


@dataclass(frozen=True)
class Claim:
    """A figure with what it counts, about whom, where, when, and who says so."""

    document_id: str
    article_id: str
    start: int  # offsets of number_text in the document text
    end: int
    number_text: str
    quote_start: int
    quote_end: int
    quote: str
    value_low: Number | None
    value_high: Number | None
    qualifier: str
    category: str
    subject: str
    unit: str = "people"
    location: str | None = None
    date: str | None = None  # ISO date or "start/end" window
    date_text: str | None = None
    scope: str = "incident"  # incident | cumulative
    source: str | None = None
    source_type: str = "unattributed"
    source_chain: tuple[str, ...] = ()  # publisher -> relaying outlet -> original source
    parent_id: str | None = None  # a sub-count ("including 17 women") names its parent claim
    extractor_version: str = ""
    status: str = "asserted"
    # `location` resolved in the gazetteer: names, and the most specific record's id.
    place_settlement: str | None = None
    place_region: str | None = None
    place_country: str | None = None
    place_id: str | None = None  # "geonames:<id>" or "curated:<slug>"
    # `date_text` resolved against publication: the days the figure covers (ISO dates); an
    # "as of" phrase ("so far", "by Monday night") has no start.
    time_start: str | None = None
    time_end: str | None = None

    def content(self) -> dict[str, Any]:
        # status is state (asserted, quarantined), not content: it must not change the id.
        data = {
            k: getattr(self, k) for k in self.__dataclass_fields__ if k not in _RESOLVED and k != "status"
        }
        data["source_chain"] = list(self.source_chain)
        # Recorded since the gazetteer and time windows: a claim stored before, without
        # them, keeps the id it had.
        data.update({k: v for k in _RESOLVED if (v := getattr(self, k)) is not None})
        return data

    @cached_property
    def id(self) -> str:
        # Hashing costs ~25 µs; records are immutable, so compute it once per object.
        return content_id(self.content())

    def with_status(self, status: str) -> Claim:
        return replace(self, status=status)


@dataclass(frozen=True)
class Reconciled:
    """The reconciler's own estimate: never a rewrite of any source's figure."""

    low: Number | None
    high: Number | None
    headline: Number | None
    independent_sources: int

    def content(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "headline": self.headline,
            "independent_sources": self.independent_sources,
        }


@dataclass(frozen=True)
class Conflict:
    """Figures for one event and scope that disagree, with the reasons why."""

    kind: str  # hard_conflict | divergence | self_contradiction
    severity: str  # high | medium | low
    claim_ids: tuple[str, ...]
    reasons: tuple[str, ...]
    reconciled: Reconciled
    event_key: str  # "<event id>|<slot>": the event (named after its first article) and the slot
    priority: float
    rules_version: str
    explanation: str = ""  # the dispute in plain words, built from the conflict's structure
    # Pairs of standing figures that cannot both hold (who disputes whom), sorted.
    disputes: tuple[tuple[str, str], ...] = ()
    # Each standing figure taking part, with the repeats of it (other reports, relays) listed.
    support: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def key(self) -> str:
        """Stable identity across runs: one conflict (and one queue item) per event and slot.

        New claims about the same event update this conflict instead of opening another.
        """
        return content_id({"event_key": self.event_key})

    def content(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "severity": self.severity,
            "claim_ids": sorted(self.claim_ids),
            "reasons": list(self.reasons),
            "reconciled": self.reconciled.content(),
            "event_key": self.event_key,
            "priority": self.priority,
            "rules_version": self.rules_version,
            "explanation": self.explanation,
        }
        if self.disputes:
            # Recorded since reconcile-4; a conflict stored before keeps the id it had.
            data["disputes"] = [list(pair) for pair in self.disputes]
            data["support"] = [[figure, list(repeats)] for figure, repeats in self.support]
        return data

    @cached_property
    def id(self) -> str:
        # Hashing costs ~25 µs; records are immutable, so compute it once per object.
        return content_id(self.content())


@dataclass(frozen=True)
class ValidationFailure:
    """One row that failed one expectation."""

    suite: str
    expectation_id: str
    expectation_type: str
    severity: str  # critical | warning | info
    table: str  # articles | claims
    row_id: str
    details: str = ""

    def content(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @cached_property
    def id(self) -> str:
        # Hashing costs ~25 µs; records are immutable, so compute it once per object.
        return content_id(self.content())


@dataclass(frozen=True)
class Activity:
    """A provenance record: one step's work, chained to the activities it built on."""

    step: str
    code_version: str
    rules_version: str
    parameters: dict[str, Any] = field(default_factory=dict)
    input_ids: tuple[str, ...] = ()
    output_ids: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Members are a set in all but repeats: kept sorted, as stored and as hashed.
        for name in ("input_ids", "output_ids", "parents"):
            object.__setattr__(self, name, tuple(sorted(getattr(self, name))))

    def content(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "code_version": self.code_version,
            "rules_version": self.rules_version,
            "parameters": self.parameters,
            "input_ids": sorted(self.input_ids),
            "output_ids": sorted(self.output_ids),
            "parents": sorted(self.parents),
        }

    @cached_property
    def id(self) -> str:
        # Hashing costs ~25 µs; records are immutable, so compute it once per object.
        return content_id(self.content())
