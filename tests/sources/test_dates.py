from __future__ import annotations

import pytest

from factledger.sources.dates import read_published


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("2016-10-28", "2016-10-28"),
        ("28 October 2016", "2016-10-28"),
        ("October 28, 2016", "2016-10-28"),
        ("Oct. 28, 2016", "2016-10-28"),
        ("Fri, 28 Oct 2016 10:00:00 GMT", "2016-10-28"),
        ("2016-10-28T23:30:00-05:00", "2016-10-28"),  # the day as written in its own zone
        ("2016-10-28T02:30:00Z", "2016-10-28"),
        ("2016-11", "2016-11"),
        ("November 2016", "2016-11"),
        ("2016", "2016"),
        (" 2016-02 ", "2016-02"),
    ],
)
def test_read_published_reads_days_months_years_and_timestamps(raw: str, read: str) -> None:
    assert read_published(raw) == read


@pytest.mark.parametrize(
    "raw", ["Tuesday", "28 October", "sometime in autumn", "2016-13-45", "12", "x" * 200]
)
def test_read_published_keeps_what_it_cannot_read_as_written(raw: str) -> None:
    assert read_published(raw) == raw


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_read_published_gives_none_when_there_is_no_date(raw: str | None) -> None:
    assert read_published(raw) is None
