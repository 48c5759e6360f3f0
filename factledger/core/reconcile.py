"""Reconcile figures that different sources give for the same event and scope.

Claims are grouped by a coarse scope key (`event_key`) with a dict, and compared only
inside a group, so the work grows with the corpus, not with its square. The rules, every
threshold and the priority formula are written down in RECONCILIATION.md; a change to any
of them bumps RULES_VERSION, which every Conflict records.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from factledger.core.attribution import canonical_source
from factledger.core.models import Claim, Conflict, Number, Reconciled
from factledger.core.places import Place, parse_place, place_relation
from factledger.core.relations import Relation, find_related
from factledger.core.scopes import (
    INCIDENT_WINDOW_DAYS,
    RULES_VERSION,
    claim_scope,
    event_key,
    parse_window,
    subject_class,
)

__all__ = [
    "INCIDENT_WINDOW_DAYS",
    "REASON_CODES",
    "RULES_VERSION",
    "Reconciliation",
    "Thresholds",
    "event_key",
    "find_conflicts",
    "reconcile",
]

# Hedges that make a figure an estimate: disjoint estimates diverge, they do not contradict.
ESTIMATE_QUALIFIERS = frozenset({"about", "almost", "vague"})
# Qualifiers whose lower bound is something the source vouches for.
FLOOR_QUALIFIERS = frozenset({"exact", "at_least", "more_than", "about", "almost", "range"})
# Every reason code a Conflict may carry besides `source:<name>`; RECONCILIATION.md explains each.
REASON_CODES = (
    "disjoint_intervals",
    "hedged_estimate",
    "divergent_floors",
    "subject_scope_differs",
    "same_source",
    "relayed_source",
    "source_updated",
    "rounding",
    "vague_range",
    "several_sites",
)
KIND_ORDER = ("hard_conflict", "self_contradiction", "divergence")
SEVERITY_WEIGHT = {"high": 3.0, "medium": 2.0, "low": 1.0}
SEVERITY_ORDER = ("high", "medium", "low")


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules turn on (RECONCILIATION.md explains each one).

    divergence_ratio: overlapping floors diverge when the higher is at least this many
        times the lower ("at least six" vs "at least 15" is 2.5).
    min_gap: ... and at least this far apart in absolute terms, so 4 vs 5 is not flagged.
    rounding_share: a round hedged figure ("at least 93,000") is widened by its rounding
        granularity (1,000), but never by more than this share of the figure.
    vague_slack: vague words ("dozens" = 24..99 by convention) are stretched by this factor
        each way before intervals are compared, because the convention is loose.
    """

    divergence_ratio: float = 1.25
    min_gap: int = 3
    rounding_share: float = 0.1
    vague_slack: float = 2.0


@dataclass(frozen=True)
class _Entry:
    """A claim with everything the rules need worked out once."""

    claim: Claim
    id: str
    key: str
    source: str
    relayed: bool
    subject: str
    place: Place | None
    low: float  # widened for rounding and vagueness
    high: float
    raw_low: float
    raw_high: float
    floor: Number | None  # the credible floor, if the source vouches for one
    rank: float  # a source's larger figure is taken as its later one when dates tie
    published: str  # the article's publication date, "" when unknown


@dataclass(frozen=True)
class _Finding:
    """One pair of figures that disagree."""

    kind: str
    severity: str
    ids: tuple[str, str]
    reasons: frozenset[str]


@dataclass(frozen=True)
class _Context:
    """What a group's comparisons learnt besides the findings themselves."""

    superseded: frozenset[str]  # ids of figures their source has since updated
    allowances: frozenset[str]  # rounding / vague_range: why some pairs were found consistent


@dataclass(frozen=True)
class Reconciliation:
    """What reconciling a set of claims found: conflicts (most urgent first) and links."""

    conflicts: list[Conflict]
    relations: list[Relation]


def reconcile(
    claims: Iterable[Claim],
    thresholds: Thresholds = Thresholds(),
    published: Mapping[str, str | None] | None = None,
    groups: Collection[str] | None = None,
) -> Reconciliation:
    """Conflicts among the claims, and the `update` and `related` links between them.

    `published` maps article ids to their publication dates, which decide which of a
    source's reports is the later one; without it the larger figure is taken as later.
    `groups` limits comparison (conflicts and updates) to these event keys, whose claims
    the caller holds in full; related links are found among all the claims given.
    """
    claims = list(claims)
    compared = claims if groups is None else [c for c in claims if event_key(c) in groups]
    conflicts, updates = _compare_groups(compared, thresholds, published or {})
    relations = {*updates, *find_related(claims)}
    return Reconciliation(conflicts, sorted(relations, key=lambda r: r.id))


def find_conflicts(
    claims: Iterable[Claim],
    thresholds: Thresholds = Thresholds(),
    published: Mapping[str, str | None] | None = None,
) -> list[Conflict]:
    """Conflicts among the claims, one per event group, most urgent first.

    Sub-counts ("including 17 women") are parts of their parent, never rivals, so they are
    left out; claims repeated across runs count once.
    """
    return _compare_groups(claims, thresholds, published or {})[0]


def _compare_groups(
    claims: Iterable[Claim], thresholds: Thresholds, published: Mapping[str, str | None]
) -> tuple[list[Conflict], list[Relation]]:
    """Compare figures inside each event group: the conflicts found and the updates seen."""
    groups: dict[str, list[_Entry]] = defaultdict(list)
    for entry in _prepare_all(claims, thresholds, published):
        groups[entry.key].append(entry)
    conflicts: list[Conflict] = []
    updates: list[Relation] = []
    for key, entries in groups.items():
        if len(entries) < 2:
            continue
        linked = _updates(entries)
        updates += linked
        conflict = _assess_group(key, entries, thresholds, {r.to_claim for r in linked})
        if conflict is not None:
            conflicts.append(conflict)
    return sorted(conflicts, key=lambda c: (-c.priority, c.event_key)), updates


def _prepare_all(
    claims: Iterable[Claim], thresholds: Thresholds, published: Mapping[str, str | None]
) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for claim in claims:
        if claim.parent_id is not None:
            continue
        claim_id = claim.id
        if claim_id not in entries and (entry := _prepare(claim, claim_id, thresholds, published)):
            entries[claim_id] = entry
    return _rank_by_article(list(entries.values()))


def _prepare(
    claim: Claim, claim_id: str, thresholds: Thresholds, published: Mapping[str, str | None]
) -> _Entry | None:
    scope = claim_scope(claim)
    if not scope.known or (claim.value_low is None and claim.value_high is None):
        return None
    raw_low, raw_high = _raw_interval(claim)
    low, high = _widen(claim, raw_low, raw_high, thresholds)
    floor = _credible_floor(claim)
    return _Entry(
        claim=claim,
        id=claim_id,
        key=scope.event_key,
        source=_original_source(claim),
        relayed=_is_relayed(claim),
        subject=subject_class(claim),
        place=parse_place(claim.location),
        low=low,
        high=high,
        raw_low=raw_low,
        raw_high=raw_high,
        floor=floor,
        rank=float(floor if floor is not None else raw_high),
        published=published.get(claim.article_id) or "",
    )


def _rank_by_article(entries: list[_Entry]) -> list[_Entry]:
    """Give every figure of one source in one article of one group that article's rank.

    A report is later or earlier as a whole: its largest figure for the event ranks it.
    """
    rank: dict[tuple[str, str, str], float] = {}
    for e in entries:
        article = (e.key, e.source, e.claim.article_id)
        rank[article] = max(rank.get(article, e.rank), e.rank)
    return [replace(e, rank=rank[(e.key, e.source, e.claim.article_id)]) for e in entries]


def _end_ordinal(when: str) -> int:
    window = parse_window(when)
    return window[1].toordinal() if window else 0


def _original_source(claim: Claim) -> str:
    """The canonical name of whoever first gave the figure: the end of the relay chain."""
    if claim.source_chain:
        return canonical_source(claim.source_chain[-1])
    if claim.source:
        return canonical_source(claim.source)
    return f"unattributed:{claim.article_id}"


def _is_relayed(claim: Claim) -> bool:
    chain = [canonical_source(name) for name in claim.source_chain]
    return len(set(chain)) > 1


def _raw_interval(claim: Claim) -> tuple[float, float]:
    low = float(claim.value_low) if claim.value_low is not None else 0.0
    high = float(claim.value_high) if claim.value_high is not None else math.inf
    return low, high


def _widen(claim: Claim, low: float, high: float, thresholds: Thresholds) -> tuple[float, float]:
    """The interval a figure could mean once its rounding or vagueness is allowed for."""
    qualifier = claim.qualifier
    if qualifier == "vague":
        return low / thresholds.vague_slack, high * thresholds.vague_slack
    if qualifier in ("at_least", "more_than") and claim.value_low is not None:
        stated = _stated(claim.value_low, shifted=qualifier == "more_than")
        return min(low, stated - _tolerance(stated, thresholds)), high
    if qualifier in ("up_to", "less_than", "almost") and claim.value_high is not None:
        stated = _stated(claim.value_high, shifted=qualifier != "up_to")
        return low, max(high, stated + _tolerance(stated, thresholds))
    return low, high


def _stated(value: Number, shifted: bool) -> Number:
    """The figure as written: "more than 100" may be stored as 101, "almost 300" as 299."""
    if not shifted or not float(value).is_integer():
        return value
    candidates = (int(value), int(value) - 1, int(value) + 1)
    return max(candidates, key=lambda v: (_trailing_zeros(v), v == int(value)))


def _tolerance(stated: Number, thresholds: Thresholds) -> float:
    """Rounding granularity of a round figure (93,000 -> 1,000), capped by rounding_share."""
    if not float(stated).is_integer() or stated <= 0:
        return 0.0
    zeros = _trailing_zeros(int(stated))
    if zeros == 0:
        return 0.0
    return min(10.0**zeros, float(stated) * thresholds.rounding_share)


def _trailing_zeros(value: int) -> int:
    count = 0
    while value > 0 and value % 10 == 0:
        value //= 10
        count += 1
    return count


def _credible_floor(claim: Claim) -> Number | None:
    if claim.qualifier not in FLOOR_QUALIFIERS or claim.value_low is None:
        return None
    return claim.value_low if claim.value_low > 0 else None


def _assess_group(
    key: str, entries: list[_Entry], thresholds: Thresholds, superseded: set[str]
) -> Conflict | None:
    """Compare every pair of figures for the same event in one group; None if all agree."""
    findings: list[_Finding] = []
    consistent: list[tuple[_Entry, _Entry]] = []
    for a, b in combinations(entries, 2):
        if not _are_rivals(a, b, superseded):
            continue
        finding = _judge_pair(a, b, thresholds)
        if finding is not None:
            findings.append(finding)
        else:
            consistent.append((a, b))
    if not findings:
        return None
    # Only pairs among the disagreeing figures explain the conflict: a newcomer that
    # agrees with everyone must not change it (nor reopen its queue item).
    ids = {i for f in findings for i in f.ids}
    allowances = set().union(*(_allowances(a, b) for a, b in consistent if {a.id, b.id} <= ids))
    return _build_conflict(key, entries, findings, _Context(frozenset(superseded), frozenset(allowances)))


def _are_rivals(a: _Entry, b: _Entry, superseded: set[str]) -> bool:
    """Same event and, between two sources, neither figure since replaced by its source."""
    if not _same_event(a, b):
        return False
    return a.source == b.source or not superseded & {a.id, b.id}


def _same_event(a: _Entry, b: _Entry) -> bool:
    """Places must nest (incidents) or match (totals); the key already settles the time."""
    relation = place_relation(a.place, b.place)
    if a.claim.scope == "incident":
        return relation in ("same", "within", "contains")
    return relation == "same"


def _updates(entries: list[_Entry]) -> list[Relation]:
    """`update` links from each later figure of a source to each earlier one, same event.

    Later means published later; an undated report counts as earlier than a dated one;
    reports of one day are ordered by their largest figure (tolls grow as the dead are
    counted), then by article id, so the result never depends on input order.
    """
    by_source: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        by_source[entry.source].append(entry)
    links: list[Relation] = []
    for same_source in by_source.values():
        for a, b in combinations(same_source, 2):
            if a.claim.article_id == b.claim.article_id or not _same_event(a, b):
                continue
            earlier, later = sorted((a, b), key=_report_order)
            links.append(Relation("update", later.id, earlier.id, _update_reason(earlier, later)))
    return links


def _report_order(entry: _Entry) -> tuple[str, float, str]:
    return entry.published, entry.rank, entry.claim.article_id


def _update_reason(earlier: _Entry, later: _Entry) -> str:
    """Which part of the report order decided that `later` is the later report."""
    if earlier.published != later.published:
        return "published_later" if earlier.published else "undated_earlier"
    return "larger_figure" if earlier.rank != later.rank else "article_order"


def _judge_pair(a: _Entry, b: _Entry, thresholds: Thresholds) -> _Finding | None:
    """The disagreement between two figures, if any: kind, severity and reason codes."""
    same_source = a.source == b.source
    if same_source and a.claim.article_id != b.claim.article_id:
        return None  # an update by the source, not a disagreement
    verdict = _compare_intervals(a, b, thresholds)
    if verdict is None:
        return None
    kind, severity, reasons = verdict
    if a.subject != b.subject:
        reasons = reasons | {"subject_scope_differs"}
        if _explained_by_subject(a, b):
            if same_source:
                return None  # "15 people, six of them civilians": one account, not two
            kind, severity = "divergence", "low"
    if same_source:
        kind, reasons = "self_contradiction", reasons | {"same_source"}
    return _Finding(kind, severity, (a.id, b.id), frozenset(reasons))


def _compare_intervals(
    a: _Entry, b: _Entry, thresholds: Thresholds
) -> tuple[str, str, frozenset[str]] | None:
    if a.high < b.low or b.high < a.low:
        if a.claim.qualifier in ESTIMATE_QUALIFIERS or b.claim.qualifier in ESTIMATE_QUALIFIERS:
            return "divergence", "medium", frozenset({"disjoint_intervals", "hedged_estimate"})
        return "hard_conflict", "high", frozenset({"disjoint_intervals"})
    if not _floors_diverge(a.floor, b.floor, thresholds):
        return None
    return "divergence", "medium", frozenset({"divergent_floors"})


def _allowances(a: _Entry, b: _Entry) -> set[str]:
    """Why two figures whose stated intervals do not meet were still found consistent."""
    if a.source == b.source and a.claim.article_id != b.claim.article_id:
        return set()
    if not (a.raw_high < b.raw_low or b.raw_high < a.raw_low):
        return set()
    return {"vague_range"} if "vague" in (a.claim.qualifier, b.claim.qualifier) else {"rounding"}


def _floors_diverge(a: Number | None, b: Number | None, thresholds: Thresholds) -> bool:
    if a is None or b is None:
        return False
    low, high = sorted((a, b))
    return high >= low * thresholds.divergence_ratio and high - low >= thresholds.min_gap


def _explained_by_subject(a: _Entry, b: _Entry) -> bool:
    """Fewer civilians than people is no contradiction: the narrower count may be lower."""
    narrow, broad = (a, b) if a.subject != "people" else (b, a)
    return broad.subject == "people" and narrow.high <= broad.high and narrow.low <= broad.low


def _build_conflict(key: str, entries: list[_Entry], findings: list[_Finding], context: _Context) -> Conflict:
    ids = {i for f in findings for i in f.ids}
    taking_part = [e for e in entries if e.id in ids]
    reconciled = _reconcile(taking_part)
    kind = min((f.kind for f in findings), key=KIND_ORDER.index)
    severity = min((f.severity for f in findings), key=SEVERITY_ORDER.index)
    return Conflict(
        kind=kind,
        severity=severity,
        claim_ids=tuple(sorted(ids)),
        reasons=_collect_reasons(entries, taking_part, findings, context),
        reconciled=reconciled,
        event_key=key,
        priority=_priority(severity, taking_part, reconciled.independent_sources, key),
        rules_version=RULES_VERSION,
    )


def _reconcile(taking_part: list[_Entry]) -> Reconciled:
    """The full range, the lowest credible floor as headline, and independent sources."""
    lows = [e.claim.value_low if e.claim.value_low is not None else 0 for e in taking_part]
    highs = [e.claim.value_high for e in taking_part]
    floors = [e.floor for e in taking_part if e.floor is not None]
    return Reconciled(
        low=min(lows),
        high=None if any(h is None for h in highs) else max(h for h in highs if h is not None),
        headline=min(floors) if floors else None,
        independent_sources=len({e.source for e in taking_part}),
    )


def _collect_reasons(
    entries: list[_Entry],
    taking_part: list[_Entry],
    findings: list[_Finding],
    context: _Context,
) -> tuple[str, ...]:
    codes = set().union(*(f.reasons for f in findings)) | context.allowances
    sources = {e.source for e in taking_part}
    if any(e.relayed for e in taking_part):
        codes.add("relayed_source")
    if any(e.id in context.superseded and e.source in sources for e in entries):
        codes.add("source_updated")
    if any(not _same_event(a, b) for a, b in combinations(taking_part, 2)):
        codes.add("several_sites")
    return (*sorted(codes), *sorted(f"source:{s}" for s in sources))


def _priority(severity: str, taking_part: list[_Entry], sources: int, key: str) -> float:
    """severity weight + 0.5 x relative spread + 0.3 x sources (up to 5) + 0.1 x recency."""
    points = [p for e in taking_part if (p := _point(e)) > 0]
    spread = 1 - min(points) / max(points) if points else 0.0
    recency = min(max((_end_ordinal(key.split("|")[5]) - _EPOCH) / 36525, 0.0), 0.999999)
    score = SEVERITY_WEIGHT[severity] + 0.5 * spread + 0.3 * min(sources, 5) / 5 + 0.1 * recency
    return round(score, 6)


_EPOCH = date(2000, 1, 1).toordinal()


def _point(entry: _Entry) -> float:
    """The figure a source stands behind: its credible floor, else its bounds' midpoint."""
    if entry.floor is not None:
        return float(entry.floor)
    if math.isinf(entry.raw_high):
        return entry.raw_low
    return (entry.raw_low + entry.raw_high) / 2
