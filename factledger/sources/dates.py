"""Publication dates as sources write them, read into the forms the pipeline uses.

Sources give a day ("2016-10-28", "28 October 2016", "Oct. 28, 2016", "Fri, 28 Oct 2016
10:00:00 GMT"), a month ("2016-11", "November 2016"), a year ("2016"), a timestamp with a
zone ("2016-10-28T23:30:00-05:00"), or nothing. A day becomes an ISO day ("2016-10-28"); a
month or a year the ISO date of that precision ("2016-11", "2016"), which stands for the
window of its days wherever dates are compared; a timestamp gives the day as written in its
own zone. Anything else (no year, words
only, nonsense) is kept as written: the articles suite flags it (`articles.published.iso_date`)
so the raw value is there to see, and no relative date is anchored to it. Reading never fails.
"""

from __future__ import annotations

from datetime import datetime

from dateutil import parser

# Two far-apart defaults: a field the text does not give comes out differently under each,
# which tells a year or a month from a day without reading the clock.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
# Longer than any date as written; longer text is not parsed at all.
MAX_DATE_CHARS = 64


def read_published(raw: str | None) -> str | None:
    """A publication date as an ISO day or window; the raw text when it is not a date; None when absent."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    read = _parse_twice(text) if len(text) <= MAX_DATE_CHARS else None
    if read is None:
        return raw
    first, second = read
    if first.year != second.year:
        return raw  # no year: "Tuesday", "28 October"
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()


def _parse_twice(text: str) -> tuple[datetime, datetime] | None:
    try:
        first, second = (parser.parse(text, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return first, second
