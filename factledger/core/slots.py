"""Where a figure sits inside its event: its slot, its source, the event's place and day.

A figure belongs to its article's event unless its own sentence names another place ("in
Orlando") or another time ("in 1990", "the 8 October march"); then it gets a slot of its
own and meets only figures about that place or time. Inside an event, figures are compared
per slot: what is counted (category, unit, subject class) and how (a count, a figure for
the last hours, a forecast, a feared toll).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from factledger.core.attribution import canonical_source
from factledger.core.eventframes import BACKGROUND_PERIOD, EVENT_NOUNS, ArticleFrame
from factledger.core.events import TOLERANCE_DAYS, resolved
from factledger.core.models import Claim
from factledger.core.places import ResolvedPlace, parse_place, place_relation, relate, resolve_place
from factledger.core.scopes import measure, own_place, own_window, parse_window, subject_group, unit_of

UNKNOWN = "?"
# What the day phrase of "the Easter Sunday bombings" names: an event, not a time.
_EVENT_WORDS = EVENT_NOUNS
# A year named in the figure's own sentence ("in 1998, when a fire killed 210").
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that make a place a site inside a settlement (the field's vocabulary): a figure its
# own sentence places at a named site is a part of the event's toll ("seven were killed at
# the suburban mosque"), compared only with figures for that site.
SITE_WORDS = frozenset(
    [
        "mosque",
        "masjid",
        "church",
        "cathedral",
        "temple",
        "synagogue",
        "shrine",
        "hospital",
        "clinic",
        "bridge",
        "station",
        "school",
        "college",
        "university",
        "market",
        "bazaar",
        "camp",
        "factory",
        "hotel",
        "stadium",
        "arena",
        "airport",
        "prison",
        "jail",
        "compound",
    ]
)
# Counts of people in care, and the sites where they are cared for.
CARED_FOR = frozenset({"hospitalized", "critical_condition"})
CARE_SITES = frozenset({"hospital", "clinic"})


@dataclass(frozen=True)
class EventInfo:
    """An event as the figures see it: its id, main place, days and the day it happened."""

    event_id: str
    place: str | None
    first_day: str | None
    last_day: str | None
    day: str | None  # the day most of its articles name for their figures, else its first day
    kind: str = ""  # gathering or harm when every article that counts either counts that one


@dataclass(frozen=True)
class Slot:
    """What a figure counts inside its event, and where and when if not the event's own."""

    category: str
    unit: str
    subject: str
    measure: str
    place: str
    time: str
    day: str  # the event's day (not part of the key: one event, one day)

    @property
    def key(self) -> str:
        return "|".join((self.category, self.unit, self.subject, self.measure, self.place, self.time))


def describe_events(
    claims: Iterable[Claim], frames: Mapping[str, ArticleFrame], event_of: Mapping[str, str]
) -> dict[str, EventInfo]:
    """Each event's main place, days and day, from its articles' frames and figures."""
    members: dict[str, list[ArticleFrame]] = defaultdict(list)
    for article, event in event_of.items():
        members[event].append(frames[article])
    named: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        day = own_day(claim)
        if day is not None:
            named[event_of[claim.article_id]][f"{day}|{claim.article_id}"] += 1
    return {event: _describe(event, frames_of, named[event]) for event, frames_of in members.items()}


def _describe(event: str, frames: list[ArticleFrame], named: Counter[str]) -> EventInfo:
    places = Counter(f.place for f in frames if f.place)
    place = max(places, key=lambda p: (places[p], p)) if places else None
    firsts = [f.first_day for f in frames if f.first_day]
    lasts = [f.last_day for f in frames if f.last_day]
    first, last = (min(firsts) if firsts else None), (max(lasts) if lasts else None)
    kinds = {f.kind for f in frames if f.kind}
    kind = kinds.pop() if len(kinds) == 1 else ""
    return EventInfo(event, place, first, last, _event_day(named, first, last) or first, kind)


def _event_day(named: Counter[str], first: str | None, last: str | None) -> str | None:
    """The day named by the most articles for their figures, then by the most figures."""
    articles: Counter[str] = Counter()
    figures: Counter[str] = Counter()
    for key, count in named.items():
        day = key.split("|")[0]
        articles[day] += 1
        figures[day] += count
    inside = [d for d in articles if _meets(d, d, first, last)]
    if not inside:
        return None
    return min(inside, key=lambda d: (-articles[d], -figures[d], d))


def own_day(claim: Claim) -> str | None:
    """The one day the figure's own sentence names, if it names exactly one."""
    window = dated_window(claim)
    return window[0].isoformat() if window and window[0] == window[1] else None


def dated_window(claim: Claim) -> tuple[date, date] | None:
    """The days the figure's text names for it, unless its day phrase names the event:
    "the toll of the Easter Sunday bombings is now 140" speaks of the bombings' day, not of
    the day the toll stood ("Monday's blast", "the Friday attack")."""
    window = own_window(claim)
    if window is None or not claim.date_text:
        return window
    phrase = claim.date_text.lower().strip()
    quote = claim.quote.lower()
    follows = [quote[m.end() :].split()[:2] for m in re.finditer(rf"\b{re.escape(phrase)}(?:['’]s)?", quote)]
    if follows and all(_EVENT_WORDS & set(words) for words in follows):
        return None
    return window


def claim_slot(claim: Claim, info: EventInfo, article_days: Collection[str] = ()) -> Slot:
    """The figure's slot in its event; `article_days` are the days its article's figures name."""
    unit, subject = unit_of(claim), subject_group(claim)
    return Slot(
        category=_category(claim, info, unit, subject),
        unit=unit,
        subject=subject,
        measure=measure(claim),
        place=_slot_place(claim, info),
        time=_slot_time(claim, info, article_days),
        day=info.day or "",
    )


def _category(claim: Claim, info: EventInfo, unit: str, subject: str) -> str:
    """The figure's category; at a gathering, a crowd of people counted under no category is
    its turnout ("a rally of about 40,000 people, police said")."""
    if claim.category == "other" and info.kind == "gathering" and (unit, subject) == ("people", "people"):
        return "participants"
    return claim.category


def _slot_place(claim: Claim, info: EventInfo) -> str:
    """The event's place, or the place the sentence names when it is another one.

    Another one: the gazetteer knows the two apart ("Orlando" in an event in Las Vegas, a
    country's own dead in a toll abroad), or the figure's sentence puts it "in" the whole
    country or region around the event's place (a national total), or, when it cannot
    say, the phrase names another settlement and is no possessive or day's name. A place
    the gazetteer puts inside or around the event's, or a possessive ("the region's holy
    city") or a day ("Easter Sunday"), keeps the event's place.
    """
    own = own_place(claim)
    event = info.place
    if _names_a_site(claim):
        return " ".join((claim.location or "").lower().split())
    if own is None or event is None or own == event:
        return event or UNKNOWN
    found_event = resolved(event)
    found_own = _resolved_phrase(claim, found_event) or resolved(own, event)
    if found_own is not None and found_event is not None:
        relation = relate(found_event, found_own)
        wider = (
            relation == "within" and found_own.level in ("country", "region") and _placed_by_sentence(claim)
        )
        return own if relation == "disjoint" or wider else event
    if place_relation(parse_place(own.title()), parse_place(event.title())) == "contains":
        return event
    return event if _not_a_place(claim.location or "") else own


def _not_a_place(phrase: str) -> bool:
    """A name used as a possessive ("the region's holy city") or a day's name is no place."""
    words = {w.strip(".,;:'\"’").lower() for w in phrase.split()}
    return bool(re.search(r"['’]s\b", phrase)) or bool(words & _CALENDAR_WORDS)


_CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday easter christmas".split()  # noqa: SIM905
)


def _resolved_phrase(claim: Claim, near: ResolvedPlace | None) -> ResolvedPlace | None:
    """The figure's place phrase in the gazetteer, as written and without a possessive.

    As written: its lower-case words ("of", "in") tell a district from the city holding it
    ("the Old Mill district of Lyon"); read as a title-cased key, the phrase would become one
    long name, resolved by its first word alone.
    """
    text = " ".join(re.sub(r"['’]s\b", "", claim.location or "").split())
    return resolve_place(text, near) if text else None


def _placed_by_sentence(claim: Claim) -> bool:
    location = " ".join((claim.location or "").split())
    if not location:
        return False
    pattern = r"\b(?:in|at|on|near|from)\s+" + re.escape(location)
    return re.search(pattern, " ".join(claim.quote.split()), re.IGNORECASE) is not None


def _names_a_site(claim: Claim) -> bool:
    """The figure's own sentence places it at a named site (a mosque, a hospital, a bridge).

    A hospital is no part of the toll for counts of people in hospital: "eleven remain in
    critical condition at the city hospital" is the whole count, wherever they lie."""
    location = claim.location or ""
    words = {w.strip(".,;:'\"’").lower() for w in location.split()}
    if claim.category in CARED_FOR:
        words -= CARE_SITES
    return bool(words & SITE_WORDS) and location.lower() in claim.quote.lower()


def _other_year(claim: Claim, info: EventInfo) -> str | None:
    """A year the figure's sentence names near the figure, two or more from the event's year.

    An event with no day names no year of its own, so any single year named near a figure
    sets it apart ("in 1998 a fire at the depot killed 210" in an undated report)."""
    before = claim.quote[: max(0, claim.start - claim.quote_start)]
    after = claim.quote[max(0, claim.end - claim.quote_start) :][:40]
    years = _YEAR.findall(before[-80:]) + _YEAR.findall(after)
    if not info.day:
        return years[0] if len(set(years)) == 1 else None
    # A year close to the event's may be the event's own (a toll reported the year after).
    other = [y for y in years if abs(int(y) - int(info.day[:4])) >= 2]
    return other[0] if other and len(set(years)) == len(set(other)) else None


def _slot_time(claim: Claim, info: EventInfo, article_days: Collection[str]) -> str:
    """ "" for the event's own days; the figure's days when its text names others.

    A day before the event's day is another incident when the figure's own article also
    names the event's day ("on Tuesday 24 were hurt; on Wednesday it collapsed"); alone,
    it is the toll as it stood that day.
    """
    year = _other_year(claim, info)
    if year is not None:
        return year  # "in 1998, when a fire killed 210": another event
    if measure(claim) == "recent" and claim.date:
        return claim.date  # each day's last-24-hours figure is its own
    if claim.date_text and BACKGROUND_PERIOD.search(claim.date_text):
        return " ".join(claim.date_text.lower().split())  # a total since the war began, this year
    total = parse_window(claim.date) if claim.scope == "cumulative" else None
    if total is not None and claim.date is not None and total[0] != total[1]:
        return claim.date  # a total over a window is compared only with totals over that window
    window = dated_window(claim)
    if window is None or claim.date is None:
        return ""
    first, last = window
    if not _meets(first.isoformat(), last.isoformat(), info.first_day, info.last_day):
        return claim.date
    if first == last and info.day and first.isoformat() < info.day and info.day in article_days:
        return claim.date
    return ""


def _meets(first: str, last: str, event_first: str | None, event_last: str | None) -> bool:
    if event_first is None or event_last is None:
        return True
    gap = timedelta(days=TOLERANCE_DAYS)
    return date.fromisoformat(first) - gap <= date.fromisoformat(event_last) and date.fromisoformat(
        event_first
    ) - gap <= date.fromisoformat(last)


def original_source(claim: Claim, report: str) -> str:
    """Who first gave the figure: the end of its relay chain, or the report itself.

    A figure nobody is quoted for is the report's own; copies of one report share it.
    """
    if claim.source is None:
        return f"report:{report}"
    if claim.source_chain:
        return canonical_source(claim.source_chain[-1])
    return canonical_source(claim.source)
