"""The scope of a claim: what is counted, of whom, where, over which days, and how.

Inside an event, figures are compared per slot: what is counted (category, unit, subject
class), the measure (a count, a count over the last hours, a forecast, a feared toll), and
the place and time when the figure's own sentence names others than the event's. A total
is linked to the incidents it covers by the base key and the days. Both are computed here,
so the store can index them and load only the claims a run touches.
"""

from __future__ import annotations

import calendar
import re
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
RULES_VERSION = "reconcile-8"

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
    ("officer", "officers"),
    ("policem", "officers"),
    ("firefighter", "officers"),
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
    return _subject_of(claim.subject.lower())


# Words are matched where a word begins: "boy" is no part of "boycott", "kid" of "kidnapped".
_ANY_SUBJECT_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w, _ in _SUBJECT_WORDS) + ")")


@lru_cache(maxsize=4096)
def _subject_of(text: str) -> str:
    """The class of the first subject word in the phrase (at one place, the first class by name)."""
    match = _ANY_SUBJECT_WORD.search(text)
    if match is None:
        return "people"
    at = match.start()
    return min(cls for word, cls in _SUBJECT_WORDS if text.startswith(word, at))


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


# What a figure measures, read from words near it in its own sentence. A forecast
# ("police prepared for 500,000") and a feared toll ("hundreds presumed drowned") are not
# counts; a figure for the last 24 hours is not the running total.
_FORECAST = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|prepar(?:ed|ing) for|forecast|predict(?:s|ed)?|anticipat(?:e|ed|ing)|"
    r"could (?:reach|rise|climb)|may (?:reach|rise|climb)|might (?:reach|rise)|planned for|projected)\b",
    re.IGNORECASE,
)
_FEARED = re.compile(
    r"\b(?:feared|presumed|believed (?:dead|drowned|killed)|fear(?:s|ing)? that)\b", re.IGNORECASE
)
_RECENT_HOURS = re.compile(
    r"\b(?:last|past|previous|preceding)\s+(?:24|twenty-four|48|forty-eight|12|twelve)\s+hours\b"
    r"|\b(?:last|past) day\b|\bin a single day\b",
    re.IGNORECASE,
)
# Words that mark the figure right after them as a figure the text itself has replaced.
_REPLACED_BEFORE = re.compile(
    r"\b(?:previous(?:ly)?|earlier|initial(?:ly)?|first|original(?:ly)?|old|preliminary|prior)\s+"
    r"(?:[\w-]+\s+){0,2}(?:death\s+)?(?:toll|figure|count|estimate|report|tally|number|total)s?\b"
    r"[^.;]{0,25}$|\bnot\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"\bto\b", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
CUE_CHARS = 80


_INITIAL = re.compile(r"\b(?:initially|at first)\b", re.IGNORECASE)
# States people leave again (hospital, camps): how many entered at first is not how many remain.
PASSING_STATES = frozenset(
    {"hospitalized", "critical_condition", "displaced", "homeless", "trapped", "missing", "in_need"}
)
_DIGITS = re.compile(r"\d[\d,.]*")


# "The toll has crossed 500": a mark the count has passed is a floor, not the count itself.
_PASSED = re.compile(
    r"\b(?:crossed|passed|topped|exceeded|surpassed)\s+(?:the\s+)?(?:(?:grim\s+)?mark\s+of\s+)?$",
    re.IGNORECASE,
)


def passed_mark(claim: Claim) -> bool:
    """An exact figure the sentence says a count has crossed: read as "more than" it."""
    return claim.qualifier == "exact" and _PASSED.search(_before(claim, 40)) is not None


# "150, almost 60 fewer than first reported": the gap between two counts, not a count.
_DIFFERENCE_AFTER = re.compile(r"^\s*(?:people\s+)?(?:fewer|more|less|lower|higher)\s+than\b", re.IGNORECASE)
# "40 of the victims were foreign nationals": a share of a toll, never a rival of the toll.
_SHARE_AFTER = re.compile(
    r"^\s+of\s+(?:the(?:\s+[\d,]+)?\s+"
    r"(?:victims|dead|deceased|casualties|fatalities|injured|wounded|missing|people\s+killed))\b",
    re.IGNORECASE,
)


# "80,000 fled; 20,000 of those remain": a share of a figure just given.
_SHARE_OF_PREVIOUS = re.compile(r"^\s+(?:people\s+)?of\s+(?:those|them|these)\b", re.IGNORECASE)


def share_of_previous(claim: Claim) -> bool:
    """A figure counted out of one its report gave before ("of those", "of them")."""
    after = claim.quote[max(0, claim.end - claim.quote_start) :][:30]
    return _SHARE_OF_PREVIOUS.search(after) is not None


# "The toll was lowered by 12 to 140": the change, not a count.
_CHANGE_BEFORE = re.compile(
    r"\b(?:lower(?:ed)?|reduc(?:ed|es)|rais(?:ed|es)|increas(?:ed|es)|cut|revised|dropp(?:ed)?|fell|rose|grew|"
    r"climbed|down|up)\b[^.;]{0,80}\bby\s+$",
    re.IGNORECASE,
)


def part_or_difference(claim: Claim) -> bool:
    """A figure that is a share of a count ("12 of the victims") or a change or gap between
    two counts ("lowered by 12", "60 fewer than")."""
    after = claim.quote[max(0, claim.end - claim.quote_start) :][:60]
    if _DIFFERENCE_AFTER.search(after) or _SHARE_AFTER.search(after):
        return True
    return _CHANGE_BEFORE.search(_before(claim, CUE_CHARS + 40)) is not None


def measure(claim: Claim) -> str:
    """count, recent (a figure for the last hours), initial, forecast or feared."""
    before = _before(claim, CUE_CHARS)
    after = claim.quote[claim.end - claim.quote_start :][:CUE_CHARS]
    if _FORECAST.search(before):
        return "forecast"
    if _FEARED.search(before) or _FEARED.search(after):
        return "feared"
    lead = claim.quote[: max(0, claim.start - claim.quote_start)]
    if _RECENT_HOURS.search(claim.quote):
        # The sentence's own cue decides, whatever time phrase the figure was given.
        if _own_cue(_RECENT_HOURS, before, after, lead):
            return "recent"
    elif claim.date_text and _RECENT_HOURS.search(claim.date_text):
        return "recent"  # the last hours named in an earlier sentence
    if claim.category in PASSING_STATES and _own_cue(_INITIAL, before, after, lead):
        return "initial"  # "485 had initially been taken to hospital": not the number there now
    return "count"


def _own_cue(cue: re.Pattern[str], before: str, after: str, lead: str) -> bool:
    """The cue lies in the figure's own clause: after the sentence's previous figure and the
    last clause break ("and", "while", "but", ";") before it, and before the next figure and
    the next clause break after it.

    "640 have died since the storm began, while in the past 24 hours 31 died": the last
    hours are 31's, not 640's. Digits inside a cue ("24 hours") are no figure. A cue that
    opens the sentence, before its first figure, holds for all of it ("In the past day, 40
    died and 71 were injured").
    """
    figures = _figures_outside(cue, lead)
    opening = lead[: figures[0]] if figures else lead
    return any(cue.search(text) for text in (_last_clause(cue, before), _first_clause(cue, after), opening))


def _figures_outside(cue: re.Pattern[str], text: str) -> list[int]:
    inside = [m.span() for m in cue.finditer(text)]
    return [m.start() for m in _DIGITS.finditer(text) if not any(a <= m.start() < b for a, b in inside)]


def _last_clause(cue: re.Pattern[str], before: str) -> str:
    figures = _figures_outside(cue, before)
    text = before[figures[-1] :] if figures else before
    return _CLAUSE_BREAK.split(text)[-1]


def _first_clause(cue: re.Pattern[str], after: str) -> str:
    figures = _figures_outside(cue, after)
    text = after[: figures[0]] if figures else after
    return _CLAUSE_BREAK.split(text)[0]


_CLAUSE_BREAK = re.compile(r",?\s+(?:and|while|whereas|but)\s+|[;:]", re.IGNORECASE)


def replacement(claim: Claim, same_sentence: list[Claim]) -> tuple[bool, Claim | None]:
    """Whether the claim's own sentence presents it as replaced, and by which of its figures.

    "from 359 to 253", "rose to 934 from 863", "the previous toll of 717", "78 bodies, not
    79": the replaced figure takes no part in comparisons; the replacing one does.
    """
    others = sorted((c for c in same_sentence if c.id != claim.id), key=lambda c: c.start)
    before = _before(claim, CUE_CHARS)
    if _FROM_BEFORE.search(before):
        later = [c for c in others if c.start > claim.end and _TO_BETWEEN.search(_between(claim, c))]
        earlier = [c for c in others if c.end <= claim.start and _TO_BEFORE.search(_before(c, 30))]
        found = later[:1] or earlier[-1:]
        return (True, found[0]) if found else (False, None)
    if _REPLACED_BEFORE.search(before):
        return True, min(others, key=lambda c: abs(c.start - claim.start), default=None)
    return False, None


def _before(claim: Claim, chars: int) -> str:
    offset = claim.start - claim.quote_start
    return claim.quote[max(0, offset - chars) : max(0, offset)]


def _between(first: Claim, second: Claim) -> str:
    return first.quote[first.end - first.quote_start : second.start - second.quote_start]


def own_place(claim: Claim) -> str | None:
    """The settlement the figure's sentence (or its paragraph, as the extractor reads it) names."""
    place = parse_place(claim.location)
    return settlement_key(place.settlement) if place is not None else None


def settlement_key(name: str | None) -> str | None:
    """A settlement's name as a key: lower-cased, without a possessive ("Serbia's")."""
    if name is None:
        return None
    return re.sub(r"['’]s$", "", name.strip().lower()) or None


def own_window(claim: Claim) -> tuple[date, date] | None:
    """The days the figure's text names (its sentence, or its paragraph as the extractor reads it)."""
    if not claim.date_text:
        return None
    return parse_window(claim.date)
