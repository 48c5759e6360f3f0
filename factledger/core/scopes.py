"""The scope of a claim: what is counted, of whom, where and over which days.

Reconciliation groups claims by their scope key and links a total to the incidents it
covers by the base key and the days; both keys are computed here once per claim, so the
store can index them and load only the claims a run touches.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from factledger.core.models import Claim
from factledger.core.places import parse_place

# An incident dated by a window this short ("overnight", "since Friday") is an event of
# its last day; longer windows are compared only with the same window, like totals.
INCIDENT_WINDOW_DAYS = 3
UNKNOWN = "?"
# The version of the reconciliation rules: scope keys, relations and conflicts alike.
RULES_VERSION = "reconcile-2"

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
class Scope:
    """Where a claim belongs: its event key, its base key and its days.

    event_key: `category|unit|subject|scope|settlement|when`, the group claims are
        compared in.
    base_key: `category|unit|subject|settlement`, shared by a total and the incidents
        it may cover.
    first_day, last_day: the ISO days the claim speaks of (None when undated).
    """

    event_key: str
    base_key: str
    scope: str
    first_day: str | None
    last_day: str | None

    @property
    def known(self) -> bool:
        """Both a settlement and days are known, so the claim can be put in an event."""
        return self.first_day is not None and not self.base_key.endswith(f"|{UNKNOWN}")


def claim_scope(claim: Claim) -> Scope:
    """The claim's scope keys and days; an unknown settlement or date shows as "?"."""
    return _scope(
        claim.category, unit_of(claim), subject_group(claim), claim.scope, claim.location, claim.date
    )


# Many claims share their place, date and category: work each combination out once.
@lru_cache(maxsize=65536)
def _scope(
    category: str, unit: str, subject: str, scope: str, location: str | None, when: str | None
) -> Scope:
    place = parse_place(location)
    settlement = place.settlement if place is not None and place.settlement else UNKNOWN
    base = (category, unit, subject, settlement)
    window = parse_window(when)
    first, last = (window[0].isoformat(), window[1].isoformat()) if window else (None, None)
    event = (category, unit, subject, scope, settlement, _when(scope, window))
    return Scope("|".join(event), "|".join(base), scope, first, last)


def event_key(claim: Claim) -> str:
    """The scope key claims are grouped by: `category|unit|subject|scope|settlement|when`.

    subject is the subject class (civilians count among people), settlement the parsed
    place's settlement, when the day of an incident (the last day of a short window) or the
    whole window of a total. An unknown settlement or date shows as "?": such claims are
    never compared.
    """
    return claim_scope(claim).event_key


def unit_of(claim: Claim) -> str:
    """The unit counted, normalised; "people" when none is given."""
    return " ".join(claim.unit.lower().split()) or "people"


def subject_class(claim: Claim) -> str:
    """civilians, children, women, fighters or people; other units have no subject class."""
    if unit_of(claim) != "people":
        return "-"
    text = claim.subject.lower()
    found = [(text.find(word), cls) for word, cls in _SUBJECT_WORDS if word in text]
    return min(found)[1] if found else "people"


def subject_group(claim: Claim) -> str:
    """The subject class with civilians counted among people."""
    subject = subject_class(claim)
    return _SUBJECT_GROUP.get(subject, subject)


def _when(scope: str, window: tuple[date, date] | None) -> str:
    if window is None:
        return UNKNOWN
    start, end = window
    if scope == "incident" and (end - start).days < INCIDENT_WINDOW_DAYS:
        return end.isoformat()
    return f"{start.isoformat()}/{end.isoformat()}"


def parse_window(text: str | None) -> tuple[date, date] | None:
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
