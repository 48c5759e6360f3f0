"""Time expressions in news text, resolved against the article's publication date.

News dates are relative ("on Friday", "throughout October", "in less than a month"), so a
claim's date is only meaningful once anchored to when the report was published. Points
resolve to one ISO date; periods to an ISO window "start/end". No clock is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from factledger.core.wordtrie import phrase_alternation

TIMEEXPR_VERSION = "time-2"

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 30, "year": 365}
HOURS_PER_DAY = 24

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Each opens with a look at the character a date can start with (a month's capital, a
# digit, a century): a position that cannot start one costs one test.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?=[ADFJMNOS])\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"(?=\d)\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
    re.compile(r"(?=[12])\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
)

# What a running total is counted since: a war, or a disaster or attack ("since the
# flooding began", "since the quake struck").
_SINCE_EVENT_NOUNS = (
    r"(?:war|conflict|uprising|revolution|crisis|fighting|floods?|flooding|rains|monsoon|"
    r"quake|earthquake|storm|cyclone|hurricane|typhoon|disaster|outbreak|epidemic|pandemic|"
    r"attacks?|offensive|siege|protests?|unrest|fires?|wildfires?|collapse|eruption|violence)"
)
_SINCE_WAR = re.compile(
    rf"\bsince the {_SINCE_EVENT_NOUNS}"
    r"(?: (?:began|begun|started|erupted|broke out|struck|hit|started|first struck))?\b"
    rf"|\bsince the (?:start|beginning|outbreak|onset) of the {_SINCE_EVENT_NOUNS}\b",
    re.IGNORECASE,
)


def _opening(*words: str) -> str:
    """A class of the characters `words` start with. A pattern that opens with a look at it
    skips a position with one test where it would try each of its words there, which is
    most of the cost of reading a long lead."""
    return "[" + "".join(sorted({re.escape(word[0]) for word in words})) + "]"


# Phrases that date a figure to the time of writing without naming a day.
_AS_OF_NOW_PHRASES = (
    "so far",
    "up to now",
    "up until now",
    "until now",
    "to date",
    "thus far",
    "as of (?:now|today)",
    "as it stands",
)
_AS_OF_NOW = re.compile(
    rf"(?={_opening(*_AS_OF_NOW_PHRASES)})\b(?:{'|'.join(_AS_OF_NOW_PHRASES)})\b", re.IGNORECASE
)
_SO_FAR_YEAR = re.compile(r"\b(?:so far|earlier) this year\b|\bthis year\b", re.IGNORECASE)
_PERIOD_PREPS = ("in", "over", "during", "within")
_RELATIVE_PERIOD = re.compile(
    rf"(?={_opening(*_PERIOD_PREPS)})\b(?:{'|'.join(_PERIOD_PREPS)}) "
    r"(?:the )?(?:(?:past|last|less than(?: a| one)?|"
    r"more than(?: a| one)?|just over(?: a| one)?|nearly(?: a| one)?|about(?: a| one)?)\s+)"
    r"(?:(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|a|one)\s+)?"
    r"(?P<unit>hour|day|week|month|year)s?\b",
    re.IGNORECASE,
)
_MONTH_PREPS = ("throughout", "during", "in", "since early", "since late", "since", "for", "of", "by")
_MONTH_PERIOD = re.compile(
    rf"(?=(?i:{_opening(*_MONTH_PREPS)}))\b(?P<prep>(?i:{'|'.join(_MONTH_PREPS)}))\s+"
    rf"(?:the month of\s+)?{_MONTH}(?:\s+{_YEAR})?\b(?!\s+\d)",
)
_WEEKDAY_PREPS = ("on", "last", "this", "since", "early", "late", "by", "until", "till", "as of")
_WEEKDAY_POINT = re.compile(
    rf"(?={_opening(*_WEEKDAY_PREPS, *WEEKDAYS)})"
    rf"\b(?:(?P<prep>{'|'.join(_WEEKDAY_PREPS)})\s+)?{_WEEKDAY}{_PART}\b",
    re.IGNORECASE,
)
# "as of", "by", "until": the figure holds up to that day, from a start the text leaves open.
_AS_OF_PREPS = frozenset({"by", "until", "till", "as of"})
_MONTH_DAY_PREPS = ("on", "by", "until", "till", "as of", "since")
_MONTH_DAY = re.compile(
    rf"(?=(?i:{_opening(*_MONTH_DAY_PREPS)})|{_opening(*(m.capitalize() for m in MONTHS))}|\d)"
    rf"\b(?:(?P<prep>(?i:{'|'.join(_MONTH_DAY_PREPS)}))\s+)?"
    rf"(?:{_MONTH}\s+{_DAY}|(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month2>"
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?))\b(?!,?\s+(?:19|20)\d\d)(?![,.]?\d)",
)
_EVENT_MODIFIER = re.compile(r"\b(?:the|a|an|its|their)\s+$", re.IGNORECASE)
_WEEK_PHRASES = (
    "last week",
    "this week",
    "earlier (?:in )?(?:the|this) week",
    "earlier this month",
    "last month",
    "this month",
    "yesterday",
    "today",
    "last year",
    "last night",
    "this morning",
    "earlier today",
    "overnight",
)
_WEEK_WORDS = re.compile(
    rf"(?={_opening(*_WEEK_PHRASES)})\b(?P<w>{'|'.join(_WEEK_PHRASES)})\b", re.IGNORECASE
)
_WORD_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True)
class TimeExpression:
    """A time phrase at [start, end) of the text, resolved to a date or window.

    `is_period` marks totals over a period ("throughout October"), which make a figure
    cumulative; `date` is None when the phrase cannot be anchored.
    """

    start: int
    end: int
    text: str
    date: str | None
    is_period: bool
    # The start is left open: the figure holds "as of" the end ("by Monday night", "so far").
    opens: bool = False
    # Names no day of its own ("so far", "up to now"): used only when the sentence has no other.
    weak: bool = False


def parse_date(text: str) -> str | None:
    """Read the first full calendar date in `text` ("Oct 28, 2016") as an ISO date."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            return _iso_from_match(match)
    return None


_ISO_PUBLISHED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def publication_date(published: str | None) -> str | None:
    """An article's date when it is an ISO day, month or year; a date its source wrote unreadably is None."""
    return published if published and _ISO_PUBLISHED.fullmatch(published) else None


def publication_day(published: str | None) -> date | None:
    """The day an article came out, when its date names one day: a month or a year anchors nothing."""
    day = publication_date(published)
    if day is None or len(day) != len("2016-10-28"):
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:  # "2016-13-45" has the form of a day but is none
        return None


def find_time_expressions(text: str, start: int, end: int, published: str | None) -> list[TimeExpression]:
    """Find time phrases in text[start:end], resolved against the publication date."""
    anchor = publication_day(published)
    lower = text[start:end].lower()
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for cues, finder in _FINDERS:
        if not cues.search(lower):
            continue  # looking for its cue words is far cheaper than running the pattern
        for item in finder(text, start, end, anchor):
            if not any(item.start < e and s < item.end for s, e in taken):
                found.append(item)
                taken.append((item.start, item.end))
    return sorted(found, key=lambda t: t.start)


def anchor_period(period: TimeExpression, point: TimeExpression) -> TimeExpression:
    """Re-anchor a relative period ("in less than a month") to the day it was stated."""
    match = _RELATIVE_PERIOD.fullmatch(period.text)
    if not match or point.date is None or "/" in point.date:
        return period
    window = _relative_window(match, date.fromisoformat(point.date))
    return TimeExpression(period.start, period.end, period.text, window, True)


def _iso_from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def _find_dates(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            iso = _iso_from_match(match)
            found.append(TimeExpression(match.start(), match.end(), match.group(), iso, False))
    return found


def _find_war_periods(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    iso = anchor.isoformat() if anchor else None
    return [
        TimeExpression(m.start(), m.end(), m.group(), iso, True, opens=True)
        for m in _SINCE_WAR.finditer(text, start, end)
    ]


def _find_as_of_now(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    iso = anchor.isoformat() if anchor else None
    return [
        TimeExpression(m.start(), m.end(), m.group(), iso, True, opens=True, weak=True)
        for m in _AS_OF_NOW.finditer(text, start, end)
    ]


def _find_month_days(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    """A day and month without a year ("on August 27", "27 August"): its last date up to publication."""
    found = []
    for match in _MONTH_DAY.finditer(text, start, end):
        month_word = match.group("month") or match.group("month2")
        day = int(match.group("day") or match.group("day2"))
        prep = (match.group("prep") or "").lower()
        if month_word == "May" and not prep:
            continue  # "May 3 people" is rarer than the verb; a bare "May" needs its preposition
        if not prep and _EVENT_MODIFIER.search(text, max(start, match.start() - 5), match.start()):
            continue  # "the Sept. 24 disaster" names the event, not when the figure holds
        iso = _last_month_day(MONTHS[month_word.lower()], day, anchor)
        if iso is not None and prep == "since" and anchor is not None:
            iso = f"{iso}/{anchor.isoformat()}"
        found.append(
            TimeExpression(match.start(), match.end(), match.group(), iso, False, opens=prep in _AS_OF_PREPS)
        )
    return found


def _last_month_day(month: int, day: int, anchor: date | None) -> str | None:
    if anchor is None:
        return None
    for year in (anchor.year, anchor.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate <= anchor:
            return candidate.isoformat()
    return None


def _find_year_periods(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    window = f"{anchor.year}-01-01/{anchor.isoformat()}" if anchor else None
    return [
        TimeExpression(m.start(), m.end(), m.group(), window, True)
        for m in _SO_FAR_YEAR.finditer(text, start, end)
    ]


def _find_relative_periods(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    found = []
    for match in _RELATIVE_PERIOD.finditer(text, start, end):
        window = _relative_window(match, anchor) if anchor else None
        found.append(TimeExpression(match.start(), match.end(), match.group(), window, True))
    return found


def _relative_window(match: re.Match[str], anchor: date | None) -> str | None:
    if anchor is None:
        return None
    count_word = (match.group("n") or "one").lower()
    count = int(count_word) if count_word.isdigit() else _WORD_NUMBERS[count_word]
    unit = match.group("unit").lower()
    # "the last 24 hours" reaches back into the day before publication: whole days, at least one.
    days = -(-count // HOURS_PER_DAY) if unit == "hour" else count * UNIT_DAYS[unit]
    return f"{(anchor - timedelta(days=days)).isoformat()}/{anchor.isoformat()}"


def _find_month_periods(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    found = []
    for match in _MONTH_PERIOD.finditer(text, start, end):
        month = MONTHS[match.group("month").lower()]
        if (
            match.group("month") == "May"
            and not match.group("year")
            and match.group("prep").lower() in ("in", "for", "of", "by")
        ):
            continue  # "may" the verb is far commoner than the month after these words
        year = _month_year(month, match.group("year"), anchor)
        if year is None:
            found.append(TimeExpression(match.start(), match.end(), match.group(), None, True))
            continue
        first = date(year, month, 1)
        last = _month_end(first)
        if match.group("prep").lower().startswith("since") and anchor:
            last = anchor
        window = f"{first.isoformat()}/{last.isoformat()}"
        found.append(TimeExpression(match.start(), match.end(), match.group(), window, True))
    return found


def _month_year(month: int, year: str | None, anchor: date | None) -> int | None:
    if year:
        return int(year)
    if anchor is None:
        return None
    return anchor.year if month <= anchor.month else anchor.year - 1


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _find_weekdays(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    found = []
    for match in _WEEKDAY_POINT.finditer(text, start, end):
        prep = (match.group("prep") or "").lower()
        prep = " ".join(prep.split())
        iso = None
        if anchor:
            day = _last_weekday(anchor, WEEKDAYS[match.group("weekday").lower()], prep == "last")
            iso = day.isoformat()
            if prep == "since" and day != anchor:
                iso = f"{iso}/{anchor.isoformat()}"
        opens = prep in _AS_OF_PREPS
        found.append(TimeExpression(match.start(), match.end(), match.group(), iso, False, opens=opens))
    return found


def _last_weekday(anchor: date, weekday: int, strictly_before: bool) -> date:
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return anchor - timedelta(days=back)


def _find_week_words(text: str, start: int, end: int, anchor: date | None) -> list[TimeExpression]:
    found = []
    for match in _WEEK_WORDS.finditer(text, start, end):
        iso = _resolve_week_word(match.group("w").lower(), anchor) if anchor else None
        found.append(TimeExpression(match.start(), match.end(), match.group(), iso, False))
    return found


def _resolve_week_word(word: str, anchor: date) -> str:
    monday = anchor - timedelta(days=anchor.weekday())
    if word in ("today", "this morning", "earlier today", "overnight", "last night"):
        return anchor.isoformat() if word != "last night" else _days_before(anchor, 1)
    if word == "yesterday":
        return _days_before(anchor, 1)
    if word == "last week":
        return f"{_days_before(monday, 7)}/{_days_before(monday, 1)}"
    if word in ("last month",):
        last = anchor.replace(day=1) - timedelta(days=1)
        return f"{last.replace(day=1).isoformat()}/{last.isoformat()}"
    if word == "last year":
        return f"{anchor.year - 1}-01-01/{anchor.year - 1}-12-31"
    if word in ("this month", "earlier this month"):
        return f"{anchor.replace(day=1).isoformat()}/{anchor.isoformat()}"
    return f"{monday.isoformat()}/{anchor.isoformat()}"


def _days_before(day: date, days: int) -> str:
    return (day - timedelta(days=days)).isoformat()


def _cues(*words: str) -> re.Pattern[str]:
    """Any of the words in a lower-cased sentence: one search instead of a test per word."""
    return re.compile(phrase_alternation(words))


_MONTH_CUES = _cues(*(m[:3] for m in MONTHS))
_FINDERS = (
    (_cues(*"0123456789"), _find_dates),
    (_cues("since the"), _find_war_periods),
    (_cues("day", "week", "month", "year", "hour"), _find_relative_periods),
    (_MONTH_CUES, _find_month_periods),
    (_cues("this year"), _find_year_periods),
    (_cues("day"), _find_weekdays),
    (_cues("week", "month", "year", "today", "night", "morning", "overnight"), _find_week_words),
    (_MONTH_CUES, _find_month_days),
    (_cues("so far", "now", "to date", "thus far", "as it stands"), _find_as_of_now),
)
