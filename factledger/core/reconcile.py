"""Reconcile figures that different sources give for the same event and scope.

Claims are grouped by a coarse scope key (`event_key`) with a dict, and compared only
inside a group, so the work grows with the corpus, not with its square. The rules, every
threshold and the priority formula are written down in RECONCILIATION.md; a change to any
of them bumps RULES_VERSION, which every Conflict records.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from factledger.core.attribution import canonical_source
from factledger.core.models import Claim, Conflict, Number, Reconciled
from factledger.core.places import Place, parse_place, place_relation

RULES_VERSION = "reconcile-1"

# An incident dated by a window this short ("overnight", "since Friday") is an event of
# its last day; longer windows are compared only with the same window, like totals.
INCIDENT_WINDOW_DAYS = 3
UNKNOWN = "?"

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

# Subject words, matched by first occurrence: the head noun of "people, the vast majority
# civilians" comes first. Civilians are counted among people; the rest stand apart.
_SUBJECT_WORDS: tuple[tuple[str, str], ...] = (
    ("civilian", "civilians"),
    ("non-combatant", "civilians"),
    ("child", "children"),
    ("kid", "children"),
    ("boy", "children"),
    ("girl", "children"),
    ("infant", "children"),
    ("minor", "children"),
    ("women", "women"),
    ("woman", "women"),
    ("fighter", "fighters"),
    ("soldier", "fighters"),
    ("troop", "fighters"),
    ("militant", "fighters"),
    ("rebel", "fighters"),
    ("combatant", "fighters"),
    ("militiam", "fighters"),
    ("jihadist", "fighters"),
    ("people", "people"),
    ("person", "people"),
    ("resident", "people"),
)
_SUBJECT_GROUP = {"civilians": "people"}


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
    rank: float  # orders one source's figures in a group: the larger is taken as the later


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


def event_key(claim: Claim) -> str:
    """The scope key claims are grouped by: `category|unit|subject|scope|settlement|when`.

    subject is the subject class (civilians count among people), settlement the parsed
    place's settlement, when the day of an incident (the last day of a short window) or the
    whole window of a total. An unknown settlement or date shows as "?": such claims are
    never compared.
    """
    place = parse_place(claim.location)
    settlement = place.settlement if place is not None and place.settlement else UNKNOWN
    parts = (claim.category, _unit(claim), _subject_group(claim), claim.scope, settlement)
    return "|".join((*parts, _when(claim)))


def find_conflicts(claims: Sequence[Claim], thresholds: Thresholds = Thresholds()) -> list[Conflict]:
    """Conflicts among the claims, one per event group, most urgent first.

    Sub-counts ("including 17 women") are parts of their parent, never rivals, so they are
    left out; claims repeated across runs count once.
    """
    groups: dict[str, list[_Entry]] = defaultdict(list)
    for entry in _prepare_all(claims, thresholds):
        groups[entry.key].append(entry)
    conflicts = [
        conflict
        for key, entries in groups.items()
        if len(entries) > 1 and (conflict := _assess_group(key, entries, thresholds))
    ]
    return sorted(conflicts, key=lambda c: (-c.priority, c.event_key))


def _prepare_all(claims: Iterable[Claim], thresholds: Thresholds) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for claim in claims:
        if claim.parent_id is not None:
            continue
        claim_id = claim.id
        if claim_id not in entries and (entry := _prepare(claim, claim_id, thresholds)):
            entries[claim_id] = entry
    return list(entries.values())


def _prepare(claim: Claim, claim_id: str, thresholds: Thresholds) -> _Entry | None:
    key = event_key(claim)
    settlement, when = key.split("|")[4:]
    if UNKNOWN in (settlement, when) or (claim.value_low is None and claim.value_high is None):
        return None
    raw_low, raw_high = _raw_interval(claim)
    low, high = _widen(claim, raw_low, raw_high, thresholds)
    floor = _credible_floor(claim)
    return _Entry(
        claim=claim,
        id=claim_id,
        key=key,
        source=_original_source(claim),
        relayed=_is_relayed(claim),
        subject=_subject_class(claim),
        place=parse_place(claim.location),
        low=low,
        high=high,
        raw_low=raw_low,
        raw_high=raw_high,
        floor=floor,
        rank=float(floor if floor is not None else raw_high),
    )


def _unit(claim: Claim) -> str:
    return " ".join(claim.unit.lower().split()) or "people"


def _subject_class(claim: Claim) -> str:
    """civilians, children, women, fighters or people; other units have no subject class."""
    if _unit(claim) != "people":
        return "-"
    text = claim.subject.lower()
    found = [(text.find(word), cls) for word, cls in _SUBJECT_WORDS if word in text]
    return min(found)[1] if found else "people"


def _subject_group(claim: Claim) -> str:
    subject = _subject_class(claim)
    return _SUBJECT_GROUP.get(subject, subject)


def _when(claim: Claim) -> str:
    window = _window(claim.date)
    if window is None:
        return UNKNOWN
    start, end = window
    if claim.scope == "incident" and (end - start).days < INCIDENT_WINDOW_DAYS:
        return end.isoformat()
    return f"{start.isoformat()}/{end.isoformat()}"


def _window(text: str | None) -> tuple[date, date] | None:
    """An ISO day, month, year or "start/end" window as first and last day."""
    if not text:
        return None
    ends = text.strip().split("/")
    if len(ends) > 2:
        return None
    try:
        start, end = _first_day(ends[0]), _last_day(ends[-1])
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _first_day(text: str) -> date:
    year, month, day = _date_fields(text)
    return date(year, month or 1, day or 1)


def _last_day(text: str) -> date:
    year, month, day = _date_fields(text)
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _date_fields(text: str) -> tuple[int, int | None, int | None]:
    fields = [int(f) for f in text.strip().split("-")]
    if not 1 <= len(fields) <= 3 or len(text.strip().split("-")[0]) != 4:
        raise ValueError(f"not an ISO date: {text!r}")
    padded = [*fields, None, None]
    return fields[0], padded[1], padded[2]


def _end_ordinal(when: str) -> int:
    window = _window(when)
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


def _assess_group(key: str, entries: list[_Entry], thresholds: Thresholds) -> Conflict | None:
    """Compare every pair of figures for the same event in one group; None if all agree."""
    superseded = _superseded(entries)
    findings: list[_Finding] = []
    allowances: set[str] = set()
    for a, b in combinations(entries, 2):
        if not _are_rivals(a, b, superseded):
            continue
        finding = _judge_pair(a, b, thresholds)
        if finding is not None:
            findings.append(finding)
        else:
            allowances |= _allowances(a, b)
    if not findings:
        return None
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


def _superseded(entries: list[_Entry]) -> set[str]:
    """Ids of figures a source has since updated in another report about the same event.

    Figures in one group share their date, so the larger is taken as the later (tolls grow
    as the dead are counted); equal figures fall back on article id, to stay deterministic.
    """
    rank: dict[tuple[str, str], tuple[float, str]] = {}
    for e in entries:
        article = (e.source, e.claim.article_id)
        rank[article] = max(rank.get(article, (e.rank, e.claim.article_id)), (e.rank, e.claim.article_id))
    superseded: set[str] = set()
    for a, b in combinations(entries, 2):
        if a.source != b.source or a.claim.article_id == b.claim.article_id or not _same_event(a, b):
            continue
        ra, rb = rank[(a.source, a.claim.article_id)], rank[(b.source, b.claim.article_id)]
        superseded.add(a.id if ra < rb else b.id)
    return superseded


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
