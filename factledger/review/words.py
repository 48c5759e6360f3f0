"""Plain words for what reviewers read: figures, ranges, dates, reasons, conflicts, decisions.

Everything here is pure: records in, sentences out. The web pages use it so that a reviewer
reads "at least 15 people killed in Miznaz on 3 November 2016" rather than intervals, reason
codes and event keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from factledger.core.models import Claim, Conflict

# The reason codes of RECONCILIATION.md's table, in a reviewer's words.
REASONS = {
    "disjoint_intervals": "the figures cannot both be right: their ranges do not meet, "
    "even allowing for rounding and vague words",
    "hedged_estimate": "one of the figures is an estimate (about, almost, or a vague word such as dozens)",
    "divergent_floors": "the lowest counts the sources vouch for are far apart, though their ranges overlap",
    "subject_scope_differs": "one source counts civilians, another people in general",
    "same_source": "one source gives different figures within one report",
    "same_source_differs": "one source's reports give figures that cannot both hold at the same time",
    "toll_fell": "a source's later figure for a count that only grows is smaller than its earlier one",
    "many_figures": "so many figures were given for this that only the most extreme were compared",
    "relayed_source": "a figure reached us through another outlet relaying the source (counted once)",
    "source_updated": "a source gave an earlier figure for this event, since superseded by its later one",
    "rounding": "two figures agree only thanks to rounding of a hedged round number",
    "vague_range": "two figures agree only thanks to a vague word's slack",
    "several_sites": "the figures belong to more than one attack or site within the event (earlier rules)",
    "source": "an independent source taking part",
}
KINDS = {
    "hard_conflict": "Sources disagree",
    "divergence": "Estimates diverge",
    "self_contradiction": "A source contradicts itself",
}
VERBS = {
    "killed": "killed",
    "injured": "injured",
    "wounded": "wounded",
    "missing": "missing",
    "displaced": "displaced",
    "homeless": "left homeless",
    "trapped": "trapped",
    "arrested": "arrested",
    "detained": "detained",
    "evacuated": "evacuated",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def number(value: Any) -> str:
    """A figure as people write it: 2,500 and 9, not 2500.0."""
    if value is None:
        return "open"
    found = float(value)
    if found.is_integer():
        return f"{int(found):,}"
    return f"{found:,.1f}"


def range_words(low: Any, high: Any) -> str:
    """An interval in words: "9", "9 to 10", "at least 15", "at most 90", "no figure"."""
    if low is None and high is None:
        return "no figure"
    if high is None:
        return f"at least {number(low)}"
    if low is None:
        return f"at most {number(high)}"
    if float(low) == float(high):
        return number(low)
    return f"{number(low)} to {number(high)}"


def figure_words(claim: Claim) -> str:
    """A claim's figure as written, with its reading when the wording alone could mislead."""
    reading = range_words(claim.value_low, claim.value_high)
    written = claim.number_text.strip()
    if written.lower() == reading.lower() or written.replace(",", "") == reading.replace(",", ""):
        return written
    return f"“{written}” ({reading})"


def counted(claim: Claim) -> str:
    """What a claim counts: "people killed", "children injured"."""
    verb = VERBS.get(claim.category, claim.category.replace("_", " "))
    return f"{claim.subject or 'people'} {verb}"


def date_words(value: str | None) -> str:
    """An ISO date or window in words: "3 November 2016", "1 to 30 November 2016"."""
    if not value:
        return ""
    start, _, end = value.partition("/")
    if not end:
        return _day_words(start)
    first, last = _parse(start), _parse(end)
    if first is None or last is None:
        return value
    if first == last:
        return _day_words(start)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} to {_day_words(end)}"
    return f"{_day_words(start)} to {_day_words(end)}"


def resolved_place_words(claim: Claim) -> str:
    """Where the gazetteer puts the claim: "Aleppo, Syria (geonames:170063)", or "" when it could not."""
    if claim.place_id is None:
        return ""
    names: list[str] = []
    for name in (claim.place_settlement, claim.place_region, claim.place_country):
        if name and name not in names:
            names.append(name)
    return f"{', '.join(names)} ({claim.place_id})"


def time_words(claim: Claim) -> str:
    """The days a figure covers, with its time phrase as written: "up to 3 November 2016 ("so far")"."""
    if claim.time_end is None:
        window = date_words(claim.date)
    elif claim.time_start is None:
        window = f"up to {date_words(claim.time_end)}"
    else:
        window = date_words(f"{claim.time_start}/{claim.time_end}")
    return f"{window} (\u201c{claim.date_text}\u201d)" if claim.date_text and window else window


def _parse(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day_words(value: str) -> str:
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = value.split("-")
        return f"{MONTHS[int(month) - 1]} {year}" if 1 <= int(month) <= 12 else value
    day = _parse(value)
    return value if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def when_words(value: str | None) -> str:
    """A date or window as it follows a sentence: "on 3 November 2016", "from 1 to 30 November 2016"."""
    words = date_words(value)
    if not words:
        return ""
    return f"from {words}" if "/" in (value or "") else f"on {words}"


def source_of(claim: Claim) -> str:
    """Who gives the figure: the original source, else the outlet that published it."""
    if claim.source:
        return claim.source
    return claim.source_chain[-1] if claim.source_chain else "no named source"


def reason_words(code: str) -> tuple[str, str]:
    """A reason code's label and meaning; `source:<name>` codes name a source taking part."""
    name, _, detail = code.partition(":")
    if name == "source" and detail:
        return detail, REASONS["source"]
    return name.replace("_", " "), REASONS.get(name, "see RECONCILIATION.md")


def conflict_sentence(conflict: Conflict, claims: Sequence[Claim]) -> str:
    """The conflict in one sentence: the reconciler's explanation, else what the figures count,
    where and when (the figures themselves are listed beside it)."""
    if conflict.explanation.strip():
        return conflict.explanation.strip()
    lead = KINDS.get(conflict.kind, "Figures differ")
    if not claims:
        return f"{lead} about {conflict.event_key}."
    first = claims[0]
    verb = VERBS.get(first.category, first.category.replace("_", " "))
    about = f"how many {first.subject or 'people'} were {verb}"
    where = f" in {first.location}" if first.location else ""
    when = f" {when_words(first.date)}" if first.date else ""
    return f"{lead} on {about}{where}{when}."


def by_floor(claims: Sequence[Claim]) -> list[Claim]:
    """Claims from the lowest figure up (open-ended floors last)."""
    return sorted(claims, key=lambda c: (c.value_low is None, float(c.value_low or 0), source_of(c)))


def decision_words(action: str, payload: dict[str, Any], claims: dict[str, Claim]) -> str:
    """What a decision did, in words: "accepted 9 from the Observatory as the headline"."""
    claim = claims.get(str(payload.get("claim_id") or ""))
    figure = f"{figure_words(claim)} from {source_of(claim)}" if claim else "a figure"
    if action == "accept":
        return f"accepted {figure} as the headline"
    if action == "range":
        return f"set the figure to {range_words(payload.get('low'), payload.get('high'))}"
    if action == "split":
        return "marked the figures as not about the same event"
    if action == "extraction_error":
        return f"marked {figure} as misread by the extractor"
    if action == "revert":
        return f"undid decision #{payload.get('decision_id')}"
    return {"escalate": "escalated the item for a senior look", "dismiss": "dismissed the item"}.get(
        action, action
    )


def headline_words(action: str, payload: dict[str, Any]) -> str:
    """The headline a decision settled on, when it set one."""
    headline = payload.get("headline")
    if action in ("accept", "range") and headline is not None:
        return number(headline)
    return ""
