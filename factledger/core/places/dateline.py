"""The dateline that opens a report ("NAIROBI, Kenya (Reuters) —"): the article's default place.

Wire reports say where they were filed before the first sentence; a figure whose sentence
and paragraph name no place is about that place, and the dateline's country settles which
of two namesakes a later phrase means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factledger.core.places.resolve import ResolvedPlace, resolve_place

_NAME = r"[A-Z][A-Za-z\u00c0-\u024f’'.-]*"
_DATELINE = re.compile(
    rf"(?P<place>{_NAME}(?:[ -]{_NAME}){{0,3}})"
    rf"(?:,\s*(?P<outer>{_NAME}(?:\s{_NAME}){{0,2}}))??"
    r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)?"
    r"\s*(?:\([^()\n]{1,30}\))?\s*(?:[—–]|--?|:)\s"
)


@dataclass(frozen=True)
class Dateline:
    """The dateline as written, where it sits, and the place it resolves to."""

    start: int
    end: int
    text: str
    place: ResolvedPlace


def find_dateline(text: str, start: int, end: int) -> Dateline | None:
    """A dateline at `start` (a report's first sentence), if it names a place the gazetteer holds."""
    match = _DATELINE.match(text, start, end)
    if match is None:
        return None
    phrase = match.group("place") + (f", {match.group('outer')}" if match.group("outer") else "")
    place = resolve_place(phrase)
    if place is None:
        return None
    return Dateline(
        match.start("place"),
        match.end("outer") if match.group("outer") else match.end("place"),
        phrase,
        place,
    )
