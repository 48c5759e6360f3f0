"""Links between figures that are not rivals: a total and what it covers, an update, a copy.

A monthly total is never compared with a single attack, yet a reviewer looking at the
attack wants to see the total it counts towards: that is a `related` link. A source's
later figure for an event replaces its earlier one without contradicting it: that is an
`update` link; a copy of a report repeats its first appearance's figure: a `copy` link
(both found by `reconcile`, which knows the sources and the copies). Each figure gets a
bounded number of links (the latest, the first, the narrowest), so links grow with the
claims, never with their square. Links are records of their own, content-addressed like
every other; both figures are always kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from factledger.core.models import Claim
from factledger.core.places import Place, parse_place, place_relation
from factledger.core.provenance import content_id
from factledger.core.scopes import RULES_VERSION, Scope, claim_scope

RELATION_KINDS = ("related", "update", "copy")
# Totals looked at after each total for an overlapping window (see _overlapping_chain).
SCAN_AHEAD = 16
# Why two figures are linked; RECONCILIATION.md explains each.
RELATION_REASONS = (
    "incident_in_total",
    "overlapping_totals",
    "published_later",
    "undated_earlier",
    "larger_figure",
    "article_order",
    "stated_revision",
    "near_duplicate",
)


@dataclass(frozen=True)
class Relation:
    """A link between two claims that are not compared as rivals.

    related: `from_claim` (an incident, or the earlier of two totals) counts towards or
        overlaps `to_claim` (a total over a window that covers it).
    update: `from_claim` is the source's later figure for the event, `to_claim` the
        earlier one it replaces; `reason` says how "later" was decided, or that the text
        itself states the revision.
    copy: `from_claim` is a copy's figure, `to_claim` the same figure where the report
        first appeared.
    """

    kind: str
    from_claim: str
    to_claim: str
    reason: str
    rules_version: str = RULES_VERSION

    def content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "from_claim": self.from_claim,
            "to_claim": self.to_claim,
            "reason": self.reason,
            "rules_version": self.rules_version,
        }

    @cached_property
    def id(self) -> str:
        return content_id(self.content())


@dataclass(frozen=True)
class _Placed:
    """A claim's id, scope and parsed place, worked out once."""

    id: str
    scope: Scope
    place: Place | None


def find_related(claims: Iterable[Claim]) -> list[Relation]:
    """`related` links: each incident to the narrowest total whose window and place cover it,
    and each total to the next total of its place whose window overlaps its own; sorted by id.

    Totals are indexed by base key (category, unit, subject, settlement) and by each
    month their window touches, so a claim is checked only against the totals of its own
    bucket and month, and each claim gets at most one link of each kind.
    """
    incidents, totals = _split(claims)
    by_month = _index_by_month(totals)
    found: set[Relation] = set()
    for incident in incidents:
        covering = [
            t
            for t in by_month.get((incident.scope.base_key, _days(incident)[0][:7]), ())
            if _covers(t, incident)
        ]
        if covering:
            total = min(covering, key=lambda t: (_length(t), t.id))
            found.add(Relation("related", incident.id, total.id, "incident_in_total"))
    found.update(_overlapping_chain(totals))
    return sorted(found, key=lambda r: r.id)


def _overlapping_chain(totals: list[_Placed]) -> Iterator[Relation]:
    """Each total to the next total of its base key, in window order, that overlaps it.

    Only the next SCAN_AHEAD totals starting inside its window are looked at, so a flood
    of totals costs a bounded amount each.
    """
    by_base: dict[str, list[_Placed]] = defaultdict(list)
    for total in totals:
        by_base[total.scope.base_key].append(total)
    for members in by_base.values():
        ordered = sorted(members, key=lambda p: (*_days(p), p.id))
        for index, total in enumerate(ordered):
            ahead = ordered[index + 1 : index + 1 + SCAN_AHEAD]
            following = next((o for o in ahead if _overlap(total, o)), None)
            if following is not None:
                yield _overlapping(total, following)


def _length(placed: _Placed) -> int:
    first, last = _days(placed)
    return (date.fromisoformat(last) - date.fromisoformat(first)).days


def _split(claims: Iterable[Claim]) -> tuple[list[_Placed], list[_Placed]]:
    """Comparable claims, once each: incidents, then totals."""
    seen: set[str] = set()
    incidents: list[_Placed] = []
    totals: list[_Placed] = []
    for claim in claims:
        if claim.parent_id is not None or claim.id in seen:
            continue
        if claim.value_low is None and claim.value_high is None:
            continue
        seen.add(claim.id)
        scope = claim_scope(claim)
        if not scope.known:
            continue
        placed = _Placed(claim.id, scope, parse_place(claim.location))
        (totals if scope.scope == "cumulative" else incidents).append(placed)
    return incidents, totals


def _index_by_month(totals: list[_Placed]) -> dict[tuple[str, str], list[_Placed]]:
    """Totals by (base key, "YYYY-MM") for every month their window touches."""
    index: dict[tuple[str, str], list[_Placed]] = defaultdict(list)
    for total in totals:
        first, last = _days(total)
        for month in _months(first[:7], last[:7]):
            index[(total.scope.base_key, month)].append(total)
    return index


def _months(first: str, last: str) -> Iterator[str]:
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _covers(total: _Placed, incident: _Placed) -> bool:
    """The total's window holds the incident's days and its place holds the incident's."""
    inside = _days(total)[0] <= _days(incident)[0] and _days(incident)[1] <= _days(total)[1]
    return inside and place_relation(incident.place, total.place) in ("same", "within")


def _overlap(a: _Placed, b: _Placed) -> bool:
    """Two totals of one place over windows that overlap without being the same."""
    (a_first, a_last), (b_first, b_last) = _days(a), _days(b)
    if (a_first, a_last) == (b_first, b_last) or a_last < b_first or b_last < a_first:
        return False
    return place_relation(a.place, b.place) == "same"


def _overlapping(a: _Placed, b: _Placed) -> Relation:
    earlier, later = sorted((a, b), key=lambda p: (*_days(p), p.id))
    return Relation("related", earlier.id, later.id, "overlapping_totals")


def _days(placed: _Placed) -> tuple[str, str]:
    return placed.scope.first_day or "", placed.scope.last_day or ""
