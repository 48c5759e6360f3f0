"""Find the disputes between sources over the figures of one event.

Articles are linked into events (`events.resolve_events`), copies of one report count once,
and inside an event figures are compared per slot (`slots.claim_slot`). Each source stands
behind its latest figure in a slot; a conflict sets the standing figures of independent
sources against each other, so its size follows the number of sources, never the number
of copies. The rules, every threshold and the priority formula are written down in
RECONCILIATION.md; a change to any of them bumps RULES_VERSION, which every Conflict records.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from factledger.core.attribution import canonical_source
from factledger.core.eventframes import NOT_COUNTS, ArticleFrame, frame_from_claims
from factledger.core.events import Events, resolve_events
from factledger.core.explain import explain
from factledger.core.models import Claim, Conflict, Number, Reconciled
from factledger.core.places import parse_place, place_relation, resolve_place
from factledger.core.relations import Relation, find_related
from factledger.core.scopes import (
    RULES_VERSION,
    parse_window,
    part_or_difference,
    passed_mark,
    replacement,
    share_of_previous,
    subject_class,
    unit_of,
)
from factledger.core.slots import EventInfo, Slot, claim_slot, describe_events, original_source, own_day

__all__ = [
    "REASON_CODES",
    "RULES_VERSION",
    "Reconciliation",
    "Thresholds",
    "find_conflicts",
    "reconcile",
]

# Hedges that make a figure an estimate: disjoint estimates diverge, they do not contradict.
ESTIMATE_QUALIFIERS = frozenset({"about", "almost", "vague"})
# Open floors ("at least", "more than"): two far apart are a divergence even though both hold.
OPEN_FLOORS = frozenset({"at_least", "more_than"})
# Qualifiers whose lower bound is something the source vouches for.
FLOOR_QUALIFIERS = frozenset({"exact", "at_least", "more_than", "about", "almost", "range"})
# Counts of what cannot be undone: a later, smaller figure from the same source is a dispute.
GROWING_CATEGORIES = frozenset(
    {"killed", "injured", "buildings_damaged", "buildings_destroyed", "property_damaged", "attacks"}
    | {"arrested"}
)
# Characters between two sentences that follow each other (a space, a line break).
SENTENCE_GAP = 3
# Numbers that are not counts of an event's people or damage: never set against each other.
# Every reason code a Conflict may carry besides `source:<name>`; RECONCILIATION.md explains each.
REASON_CODES = (
    "disjoint_intervals",
    "hedged_estimate",
    "divergent_floors",
    "subject_scope_differs",
    "same_source",
    "same_source_differs",
    "toll_fell",
    "relayed_source",
    "source_updated",
    "rounding",
    "vague_range",
    "many_figures",
)
KIND_ORDER = ("hard_conflict", "self_contradiction", "divergence")
SEVERITY_WEIGHT = {"high": 3.0, "medium": 2.0, "low": 1.0}
SEVERITY_ORDER = ("high", "medium", "low")
# At most this many standing figures of one slot are compared pair by pair (the most
# extreme ones); beyond it the conflict notes `many_figures`. Keeps one slot's work bounded.
PANEL_MAX = 48
# At most this many repeats of one standing figure are listed with it in a conflict.
SUPPORT_MAX = 20
# A figure below the slot's median divided by this is of another order of magnitude.
SCALE_GAP = 100
# At most this many conflicts (groups of figures all disputing one another) per slot, the
# gravest first; beyond it the slot's last conflict notes `many_figures`.
GROUPS_MAX = 24


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

    divergence_ratio: float = 1.4
    min_gap: int = 3
    rounding_share: float = 0.1
    vague_slack: float = 2.0


@dataclass(frozen=True)
class Entry:
    """A figure with everything the rules need worked out once."""

    claim: Claim
    id: str
    event: str
    slot: Slot
    source: str  # canonical original source, or `report:<article id>` for a report's own figure
    relayed: bool
    report: str  # the article id of the report's first appearance
    section: str  # the day the figure's own sentence names, "" when none: a running report's part
    as_of: str  # the day the figure speaks as of: its own day, else its article's publication
    subject: str
    low: float  # widened for rounding and vagueness
    high: float
    raw_low: float
    raw_high: float
    floor: Number | None

    @property
    def point(self) -> float:
        """The figure a source stands behind: its credible floor, else its bounds' midpoint."""
        if self.floor is not None:
            return float(self.floor)
        if math.isinf(self.raw_high):
            return self.raw_low
        return (self.raw_low + self.raw_high) / 2

    @property
    def stated(self) -> tuple[float, float, str, str]:
        return (self.raw_low, self.raw_high, self.claim.qualifier, self.subject)


@dataclass(frozen=True)
class Finding:
    """One pair of standing figures that disagree."""

    kind: str
    severity: str
    ids: tuple[str, str]
    reasons: frozenset[str]


@dataclass
class _Standing:
    """A slot's standing figures, what supports them, and what they replaced."""

    figures: list[Entry] = field(default_factory=list)
    support: dict[str, list[str]] = field(default_factory=dict)  # standing id -> repeats
    updated_sources: set[str] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)


@dataclass(frozen=True)
class Reconciliation:
    """What reconciling a set of claims found: conflicts (most urgent first) and links."""

    conflicts: list[Conflict]
    relations: list[Relation]


def reconcile(
    claims: Iterable[Claim],
    thresholds: Thresholds = Thresholds(),
    frames: Mapping[str, ArticleFrame] | None = None,
    events: Events | None = None,
    groups: Collection[str] | None = None,
) -> Reconciliation:
    """Conflicts among the claims' events, and the links between figures that are not rivals.

    `frames` are the articles' event frames (an article without one is framed from its
    figures); `events` the events they were resolved into (resolved here when None).
    `groups` limits comparison to these event ids, whose claims the caller holds in full;
    related links are found among all the claims given.
    """
    unique = _unique(claims)
    framed = _frames(unique, frames or {})
    resolved = events or resolve_events(framed.values())
    entries, relations = _entries(unique, framed, resolved, groups)
    conflicts: list[Conflict] = []
    for (event, slot), members in _by_slot(entries).items():
        disputes, linked = _assess_slot(event, slot, members, thresholds, framed)
        relations += linked
        conflicts += disputes
    found = {*relations, *find_related(unique)}
    return Reconciliation(
        sorted(conflicts, key=lambda c: (-c.priority, c.event_key)), sorted(found, key=lambda r: r.id)
    )


def find_conflicts(
    claims: Iterable[Claim],
    thresholds: Thresholds = Thresholds(),
    frames: Mapping[str, ArticleFrame] | None = None,
) -> list[Conflict]:
    """Conflicts among the claims, one per dispute in an event's slot, most urgent first."""
    return reconcile(claims, thresholds, frames).conflicts


def _unique(claims: Iterable[Claim]) -> list[Claim]:
    """Each claim once; sub-counts ("including 17 women") are parts of their parent, never rivals."""
    found: dict[str, Claim] = {}
    for claim in claims:
        if claim.parent_id is None and claim.id not in found:
            found[claim.id] = claim
    return list(found.values())


def _frames(claims: list[Claim], given: Mapping[str, ArticleFrame]) -> dict[str, ArticleFrame]:
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_article[claim.article_id].append(claim)
    return {a: given.get(a) or frame_from_claims(a, members) for a, members in by_article.items()}


def _entries(
    claims: list[Claim],
    frames: Mapping[str, ArticleFrame],
    events: Events,
    groups: Collection[str] | None,
) -> tuple[list[Entry], list[Relation]]:
    """The figures taking part, and the links from figures the text itself replaced."""
    event_of = {a: events.event_of.get(a, a) for a in frames}
    compared = [c for c in claims if groups is None or event_of[c.article_id] in groups]
    infos = describe_events(compared, frames, event_of)
    named = _days_named(compared)
    relations: list[Relation] = []
    entries: list[Entry] = []
    for sentence in _by_sentence(compared).values():
        parts = _breakdown_parts(sentence)
        for claim in sentence:
            replaced, by = replacement(claim, sentence)
            if replaced:
                if by is not None:
                    relations.append(Relation("update", by.id, claim.id, "stated_revision"))
                continue
            entry = _prepare(claim, infos[event_of[claim.article_id]], frames, events, named)
            if entry is not None:
                part = parts.get(claim.id)
                entries.append(replace(entry, slot=replace(entry.slot, place=part)) if part else entry)
    return entries, relations


# A named place right after "in", "at" or "from" ("76 in the south", "seven at the second mosque").
_CLAUSE_PLACE = re.compile(
    r"\b(?:in|at|from)\s+(?:the\s+)?((?:[a-z]+\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)
# A name just before the figure, at most three small words from it ("Kenya with 12", "Peru lost 3").
NAME_CHARS = 80
_NAME_BEFORE = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)(?:\s+[a-z]+){0,3}\s*$")


def _breakdown_parts(sentence: list[Claim]) -> dict[str, str]:
    """The place of each figure of a sentence that breaks a count down by place.

    A figure's clause runs from the figure to the next one, so in "42 died at the first
    mosque, seven at the second and one at the hospital" each figure has its own place; a
    list names the place before each figure ("others are: Kenya with 12; Ghana 7"), read
    only when the gazetteer knows the name. A sentence is a breakdown when two or more of
    its figures name different places: each part meets only figures for its own place.
    """
    if len(sentence) < 2:
        return {}
    ordered = sorted(sentence, key=lambda c: c.start)
    found: dict[str, str] = {}
    previous_end = ordered[0].quote_start
    for index, claim in enumerate(ordered):
        end = ordered[index + 1].start if index + 1 < len(ordered) else claim.quote_end
        place = _place_after(claim, end) or _place_before(claim, previous_end)
        if place:
            found[claim.id] = place
        previous_end = claim.end
    return found if len(set(found.values())) >= 2 else {}


def _place_after(claim: Claim, end: int) -> str | None:
    clause = claim.quote[max(0, claim.start - claim.quote_start) : max(0, end - claim.quote_start)]
    match = _CLAUSE_PLACE.search(clause)
    return " ".join(match.group(1).lower().split()) if match else None


def _place_before(claim: Claim, previous_end: int) -> str | None:
    clause = claim.quote[max(0, previous_end - claim.quote_start) : max(0, claim.start - claim.quote_start)]
    match = _NAME_BEFORE.search(clause[-NAME_CHARS:])  # bounded: a long clause costs no more
    if match is None or resolve_place(match.group(1)) is None:
        return None
    return " ".join(match.group(1).lower().split())


def _by_sentence(claims: list[Claim]) -> dict[tuple[str, int], list[Claim]]:
    found: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for claim in claims:
        found[(claim.article_id, claim.quote_start)].append(claim)
    return found


def _days_named(claims: list[Claim]) -> dict[str, frozenset[str]]:
    """The days each article's figures name; more than one makes a running report, dated in parts."""
    days: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        day = own_day(claim)
        if day is not None:
            days[claim.article_id].add(day)
    return {article: frozenset(named) for article, named in days.items()}


def _prepare(
    claim: Claim,
    info: EventInfo,
    frames: Mapping[str, ArticleFrame],
    events: Events,
    named: Mapping[str, frozenset[str]],
) -> Entry | None:
    if claim.value_low is None and claim.value_high is None or not _is_count(claim):
        return None
    days = named.get(claim.article_id, frozenset())
    slot = claim_slot(claim, info, days)
    report = events.copy_of.get(claim.article_id, claim.article_id)
    read = replace(claim, qualifier="more_than", value_high=None) if passed_mark(claim) else claim
    raw_low, raw_high = _raw_interval(read)
    low, high = _widen(read, raw_low, raw_high, Thresholds())
    published = frames[claim.article_id].published or ""
    day = own_day(claim) or ""
    section = (day or published) if len(days) > 1 else ""  # a dated part of a running report
    return Entry(
        claim=claim,
        id=claim.id,
        event=info.event_id,
        slot=slot,
        source=original_source(claim, report),
        relayed=_is_relayed(claim),
        report=report,
        section=section,
        as_of=section or published or day,
        subject=subject_class(claim),
        low=low,
        high=high,
        raw_low=raw_low,
        raw_high=raw_high,
        floor=_credible_floor(read),
    )


def _is_count(claim: Claim) -> bool:
    """A count of people or damage: not a share or a duration, nor an "other" figure of things,
    nor a part of a toll ("12 of the victims") or a gap between two counts ("60 fewer than")."""
    if claim.category in NOT_COUNTS or part_or_difference(claim):
        return False
    return claim.category != "other" or unit_of(claim) == "people"


def _by_slot(entries: list[Entry]) -> dict[tuple[str, Slot], list[Entry]]:
    found: dict[tuple[str, Slot], list[Entry]] = defaultdict(list)
    for entry in entries:
        found[(entry.event, entry.slot)].append(entry)
    return found


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


def _assess_slot(
    event: str,
    slot: Slot,
    entries: list[Entry],
    thresholds: Thresholds,
    frames: Mapping[str, ArticleFrame],
) -> tuple[list[Conflict], list[Relation]]:
    """The conflicts among one slot's standing figures, and the links found on the way.

    One conflict per group of figures that all dispute one another: figures that agree
    are never set against each other in one conflict, so each conflict lists exactly the
    figures in dispute, with their repeats as support.
    """
    widened = [_rewiden(e, thresholds) for e in entries]
    originals, links = _fold_copies(widened)
    standing = _standing(originals, thresholds)
    standing.relations[:0] = links
    panel, crowded = _panel(_in_scale(standing.figures))
    findings, consistent = _compare(panel, thresholds)
    by_id = {e.id: e for e in panel}
    conflicts: list[Conflict] = []
    labels: set[str] = set()
    groups = _disputing_groups(findings)
    crowded = crowded or len(groups) > GROUPS_MAX
    # The dispute that was there first keeps the slot's own key, so a new report that joins
    # it (or a source's newer figure) updates it; later disputes are keyed by their sources.
    kept = sorted(groups[:GROUPS_MAX], key=lambda g: sorted(_order(by_id[i]) for i in g[0]))
    for rank, (group, inside) in enumerate(kept):
        members = [by_id[i] for i in group]
        label = _group_label(members, labels) if rank else ""
        allowances = _allowances_of(set(group), consistent)
        conflicts.append(
            _build_conflict(event, slot, label, members, inside, allowances, standing, crowded, frames)
        )
    return conflicts, standing.relations


def _disputing_groups(findings: list[Finding]) -> list[tuple[tuple[str, ...], list[Finding]]]:
    """Cover the disputed pairs with groups of figures that all dispute one another.

    Greedy and deterministic: the gravest uncovered pair first, grown by every figure (in
    id order) that disputes each member; each pair lies in at least one group. Stops once
    more than GROUPS_MAX groups are found.
    """
    edges = {f.ids: f for f in findings} | {(f.ids[1], f.ids[0]): f for f in findings}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
    order = sorted(
        findings, key=lambda f: (KIND_ORDER.index(f.kind), SEVERITY_ORDER.index(f.severity), f.ids)
    )
    covered: set[tuple[str, str]] = set()
    groups: list[tuple[tuple[str, ...], list[Finding]]] = []
    for finding in order:
        if finding.ids in covered:
            continue
        group = list(finding.ids)
        for candidate in sorted(neighbours[group[0]] & neighbours[group[1]]):
            if all(candidate in neighbours[m] for m in group):
                group.append(candidate)
        pairs = [(a, b) for a, b in combinations(sorted(group), 2)]
        covered.update(pairs)
        covered.update((b, a) for a, b in pairs)
        groups.append((tuple(sorted(group)), [edges[p] for p in pairs]))
        if len(groups) > GROUPS_MAX:
            break
    return groups


def _group_label(members: list[Entry], taken: set[str]) -> str:
    """A later group's sources, so a source's newer figure updates the same conflict next run."""
    base = " vs ".join(sorted({_source_label(e.source) for e in members}))
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base} #{n}"
    taken.add(label)
    return label


def _allowances_of(group: set[str], consistent: list[tuple[Entry, Entry, set[str]]]) -> set[str]:
    """Why a figure of the group was found consistent with a figure that disputes another."""
    return set().union(*(why for a, b, why in consistent if a.id in group or b.id in group))


def _rewiden(entry: Entry, thresholds: Thresholds) -> Entry:
    if thresholds == Thresholds():
        return entry
    low, high = _widen(entry.claim, entry.raw_low, entry.raw_high, thresholds)
    return replace(entry, low=low, high=high)


def _fold_copies(entries: list[Entry]) -> tuple[list[Entry], list[Relation]]:
    """A copy's figure is its first appearance's figure: linked to it, never compared again.

    A copy whose figure its first appearance does not give (an edit) stays in play as a
    figure of that report.
    """
    firsts = {(e.report, e.stated): e for e in sorted(entries, key=_order) if e.claim.article_id == e.report}
    kept: list[Entry] = []
    links: list[Relation] = []
    for entry in entries:
        original = firsts.get((entry.report, entry.stated))
        if entry.claim.article_id != entry.report and original is not None:
            links.append(Relation("copy", entry.id, original.id, "near_duplicate"))
        else:
            kept.append(entry)
    return kept, links


def _order(entry: Entry) -> tuple[str, float, str, int]:
    """Reports in the order they were made: by day, then larger figure (tolls grow), then id."""
    return (entry.as_of or "0000", entry.point, entry.claim.article_id, entry.claim.start)


def _standing(entries: list[Entry], thresholds: Thresholds) -> _Standing:
    """Each source's latest report stands; earlier figures it replaces leave with a link."""
    standing = _Standing()
    by_source: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_source[entry.source].append(entry)
    for source in sorted(by_source):
        _stand_source(sorted(by_source[source], key=_order), thresholds, standing)
    return standing


def _stand_source(entries: list[Entry], thresholds: Thresholds, standing: _Standing) -> None:
    """One source's figures: repeats support, updates replace, disagreements stand together."""
    latest_key = _report_key(entries[-1])
    latest = _dedupe([e for e in entries if _report_key(e) == latest_key], standing)
    kept = list(latest)
    for entry in entries:
        if _report_key(entry) == latest_key:
            continue
        same = next((s for s in kept if s.stated == entry.stated), None)
        if same is not None:
            _support(standing, same, entry)
            continue
        newest = max(latest, key=lambda e: e.point)
        if _replaces(newest, entry, thresholds):
            standing.relations.append(Relation("update", newest.id, entry.id, _update_reason(entry, newest)))
            standing.updated_sources.add(entry.source)
        else:
            kept.append(entry)
    standing.figures += kept


def _report_key(entry: Entry) -> tuple[str, str]:
    """One report of a source: an article (a copy published later may update its figure), or
    a dated part of a running report."""
    return (entry.claim.article_id, entry.section)


def _dedupe(entries: list[Entry], standing: _Standing) -> list[Entry]:
    """One figure per value within a report; the repeats support it.

    The appearance that stands is the one that says the most: a figure someone is quoted
    for, else the last in the text (the body's sentence, not the headline that sums it up).
    """
    kept: dict[tuple[float, float, str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        kept[entry.stated].append(entry)
    chosen: list[Entry] = []
    for same in kept.values():
        best = max(same, key=_telling)
        for entry in same:
            if entry is not best:
                _support(standing, best, entry)
        chosen.append(best)
    return chosen


def _telling(entry: Entry) -> tuple[bool, int, str]:
    return (entry.claim.source is not None, entry.claim.start, entry.id)


def _support(standing: _Standing, figure: Entry, repeat: Entry) -> None:
    repeats = standing.support.setdefault(figure.id, [])
    if len(repeats) < SUPPORT_MAX:
        repeats.append(repeat.id)


def _replaces(later: Entry, earlier: Entry, thresholds: Thresholds) -> bool:
    """A source's later report replaces its earlier figure, unless the two cannot both be true
    at the same moment or a count that only grows has fallen."""
    agree = not _disjoint(later, earlier)
    if later.as_of and earlier.as_of and later.as_of > earlier.as_of:
        fell = later.high < earlier.low and later.claim.category in GROWING_CATEGORIES
        return agree or not fell
    return agree


def _disjoint(a: Entry, b: Entry) -> bool:
    return a.high < b.low or b.high < a.low


def _update_reason(earlier: Entry, later: Entry) -> str:
    """Which part of the report order decided that `later` is the later report."""
    if earlier.as_of != later.as_of:
        return "published_later" if earlier.as_of else "undated_earlier"
    return "larger_figure" if earlier.point != later.point else "article_order"


def _in_scale(figures: list[Entry]) -> list[Entry]:
    """The figures of the slot's order of magnitude: one below a hundredth of the slot's
    median ("one" or "three" in a slot of crowds of 300,000 and a million) counts
    something else the sentence mentions, not the slot's figure."""
    points = sorted(e.point for e in figures if e.point > 0)
    if len(points) < 3:
        return figures
    floor = points[len(points) // 2] / SCALE_GAP
    return [e for e in figures if e.point >= floor]


def _panel(figures: list[Entry]) -> tuple[list[Entry], bool]:
    """The standing figures compared pair by pair: all of them, or the most extreme ones."""
    if len(figures) <= PANEL_MAX:
        return figures, False
    quarter = PANEL_MAX // 4
    chosen: dict[str, Entry] = {}
    for key in (lambda e: (e.low, e.id), lambda e: (e.high, e.id)):
        ranked = sorted(figures, key=key)
        chosen.update((e.id, e) for e in [*ranked[:quarter], *ranked[-quarter:]])
    return sorted(chosen.values(), key=lambda e: e.id), True


def _compare(
    panel: list[Entry], thresholds: Thresholds
) -> tuple[list[Finding], list[tuple[Entry, Entry, set[str]]]]:
    """Every disagreeing pair of the panel, and the pairs of disagreeing figures found
    consistent only thanks to an allowance (rounding, a vague word's slack)."""
    findings: list[Finding] = []
    consistent: list[tuple[Entry, Entry]] = []
    for a, b in combinations(panel, 2):
        if not _rivals(a, b):
            continue
        finding = _judge_pair(a, b, thresholds)
        if finding is not None:
            findings.append(finding)
        else:
            consistent.append((a, b))
    ids = {i for f in findings for i in f.ids}
    # Only pairs among the disagreeing figures explain a conflict: a newcomer that
    # agrees with everyone must not change it (nor reopen its queue item).
    allowed = [(a, b, _allowances(a, b)) for a, b in consistent if {a.id, b.id} <= ids]
    return findings, [(a, b, why) for a, b, why in allowed if why]


def _rivals(a: Entry, b: Entry) -> bool:
    """Figures are rivals unless they sit on opposite sides of one place (east vs west)."""
    relation = place_relation(parse_place(a.claim.location), parse_place(b.claim.location))
    return relation != "disjoint"


def _judge_pair(a: Entry, b: Entry, thresholds: Thresholds) -> Finding | None:
    """The disagreement between two standing figures, if any: kind, severity and reason codes."""
    same_source = a.source == b.source
    if same_source and not _disjoint(a, b):
        return None  # floors of one source far apart can both hold: its count is still open
    if same_source and "vague" in (a.claim.qualifier, b.claim.qualifier):
        return None  # "scores were killed ... the toll is 253": one account's loose word, not a rival
    if _share_of(a.claim, b.claim) or _share_of(b.claim, a.claim):
        return None  # "80,000 fled; 20,000 of those remain": a share of the figure before it
    verdict = _compare_pair(a, b, thresholds)
    if verdict is None:
        return None
    kind, severity, reasons = verdict
    if a.subject != b.subject:
        reasons = reasons | {"subject_scope_differs"}
        if _explained_by_subject(a, b):
            if same_source:
                return None  # "15 people, six of them civilians": one account, not two
            kind, severity = "divergence", "low"
    if same_source and _report_key(a) == _report_key(b):
        kind, reasons = "self_contradiction", reasons | {"same_source"}
    elif same_source:
        reasons = reasons | {"same_source_differs"} | _fell(a, b)
    return Finding(kind, severity, (a.id, b.id), frozenset(reasons))


def _share_of(share: Claim, whole: Claim) -> bool:
    """`share` counts "of those" out of `whole`, given just before it (same or previous sentence)."""
    if share.article_id != whole.article_id or whole.start >= share.start:
        return False
    return share_of_previous(share) and share.quote_start - whole.quote_end <= SENTENCE_GAP


def _fell(a: Entry, b: Entry) -> set[str]:
    earlier, later = sorted((a, b), key=_order)
    if later.as_of > earlier.as_of and later.high < earlier.low:
        return {"toll_fell"}
    return set()


def _compare_pair(a: Entry, b: Entry, thresholds: Thresholds) -> tuple[str, str, frozenset[str]] | None:
    if a.high < b.low or b.high < a.low:
        if a.claim.qualifier in ESTIMATE_QUALIFIERS or b.claim.qualifier in ESTIMATE_QUALIFIERS:
            return "divergence", "medium", frozenset({"disjoint_intervals", "hedged_estimate"})
        return "hard_conflict", "high", frozenset({"disjoint_intervals"})
    if not {a.claim.qualifier, b.claim.qualifier} <= OPEN_FLOORS:
        return None  # an exact figure above an open floor is what the floor allows
    if not _floors_diverge(a.floor, b.floor, thresholds):
        return None
    return "divergence", "medium", frozenset({"divergent_floors"})


def _allowances(a: Entry, b: Entry) -> set[str]:
    """Why two figures whose stated intervals do not meet were still found consistent."""
    if not (a.raw_high < b.raw_low or b.raw_high < a.raw_low):
        return set()
    return {"vague_range"} if "vague" in (a.claim.qualifier, b.claim.qualifier) else {"rounding"}


def _floors_diverge(a: Number | None, b: Number | None, thresholds: Thresholds) -> bool:
    if a is None or b is None:
        return False
    low, high = sorted((a, b))
    return high >= low * thresholds.divergence_ratio and high - low >= thresholds.min_gap


def _explained_by_subject(a: Entry, b: Entry) -> bool:
    """Fewer civilians than people is no contradiction: the narrower count may be lower."""
    narrow, broad = (a, b) if a.subject != "people" else (b, a)
    return broad.subject == "people" and narrow.high <= broad.high and narrow.low <= broad.low


def _build_conflict(
    event: str,
    slot: Slot,
    label: str,
    taking_part: list[Entry],
    findings: list[Finding],
    allowances: set[str],
    standing: _Standing,
    crowded: bool,
    frames: Mapping[str, ArticleFrame],
) -> Conflict:
    kind = min((f.kind for f in findings), key=KIND_ORDER.index)
    severity = min((f.severity for f in findings), key=SEVERITY_ORDER.index)
    reasons = _collect_reasons(taking_part, findings, allowances, standing, crowded)
    reconciled = _reconcile(taking_part)
    return Conflict(
        kind=kind,
        severity=severity,
        claim_ids=tuple(sorted(e.id for e in taking_part)),
        reasons=reasons,
        reconciled=reconciled,
        event_key=f"{event}|{slot.key}|{label}" if label else f"{event}|{slot.key}",
        priority=_priority(severity, taking_part, reconciled.independent_sources, slot.day),
        rules_version=RULES_VERSION,
        explanation=explain(kind, slot, _sides(taking_part), frames),
        disputes=tuple(sorted(tuple(sorted(f.ids)) for f in findings)),  # type: ignore[misc]
        support=tuple(
            (e.id, tuple(standing.support.get(e.id, ()))) for e in sorted(taking_part, key=lambda e: e.id)
        ),
    )


def _sides(taking_part: list[Entry]) -> list[tuple[str, list[Claim]]]:
    """Each source's figures taking part, the source with the lowest figure first."""
    by_source: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(taking_part, key=lambda e: (e.point, e.id)):
        by_source[entry.source].append(entry)
    return [(source, [e.claim for e in members]) for source, members in by_source.items()]


def _reconcile(taking_part: list[Entry]) -> Reconciled:
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
    taking_part: list[Entry],
    findings: list[Finding],
    allowances: set[str],
    standing: _Standing,
    crowded: bool,
) -> tuple[str, ...]:
    codes = set().union(*(f.reasons for f in findings)) | allowances
    sources = {e.source for e in taking_part}
    if any(e.relayed for e in taking_part):
        codes.add("relayed_source")
    if standing.updated_sources & sources:
        codes.add("source_updated")
    if crowded:
        codes.add("many_figures")
    return (*sorted(codes), *sorted(f"source:{_source_label(s)}" for s in sources))


def _source_label(source: str) -> str:
    return source.replace("report:", "report ", 1)


def _priority(severity: str, taking_part: list[Entry], sources: int, day: str) -> float:
    """severity weight + 0.5 x relative spread + 0.3 x sources (up to 5) + 0.1 x recency."""
    points = [p for e in taking_part if (p := e.point) > 0]
    spread = 1 - min(points) / max(points) if points else 0.0
    window = parse_window(day)
    ordinal = window[1].toordinal() if window else _EPOCH
    recency = min(max((ordinal - _EPOCH) / 36525, 0.0), 0.999999)
    score = SEVERITY_WEIGHT[severity] + 0.5 * spread + 0.3 * min(sources, 5) / 5 + 0.1 * recency
    return round(score, 6)


_EPOCH = date(2000, 1, 1).toordinal()
