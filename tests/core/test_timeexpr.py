"""Time expressions: found in text and resolved against the publication date."""

from __future__ import annotations

import pytest

from factledger.core.timeexpr import (
    TimeExpression,
    anchor_period,
    find_time_expressions,
    parse_date,
    publication_date,
)


def resolve(text: str, published: str | None = "2016-10-28") -> list[tuple[str, str | None, bool]]:
    return [(t.text, t.date, t.is_period) for t in find_time_expressions(text, 0, len(text), published)]


def test_parse_date_reads_the_common_news_formats() -> None:
    assert [
        parse_date(t)
        for t in (
            "Oct 28, 2016",
            "03 November, 2016",
            "November 3 2016",
            "2016-11-03",
            "Sept. 9, 2019",
            "no date here",
        )
    ] == [
        "2016-10-28",
        "2016-11-03",
        "2016-11-03",
        "2016-11-03",
        "2019-09-09",
        None,
    ]


def test_parse_date_refuses_impossible_days() -> None:
    assert parse_date("Feb 30, 2016") is None


def test_find_time_expressions_resolves_weekdays_to_the_last_one_on_or_before() -> None:
    assert resolve("on Friday and on Wednesday, since Friday morning, last Friday") == [
        ("on Friday", "2016-10-28", False),
        ("on Wednesday", "2016-10-26", False),
        ("since Friday morning", "2016-10-28", False),
        ("last Friday", "2016-10-21", False),
    ]


def test_find_time_expressions_reads_months_as_windows() -> None:
    assert resolve("throughout October, and in December, since July") == [
        ("throughout October", "2016-10-01/2016-10-31", True),
        ("in December", "2015-12-01/2015-12-31", True),
        ("since July", "2016-07-01/2016-10-28", True),
    ]


def test_find_time_expressions_reads_relative_periods() -> None:
    assert resolve("in less than a month, over the past two weeks, so far this year") == [
        ("in less than a month", "2016-09-28/2016-10-28", True),
        ("over the past two weeks", "2016-10-14/2016-10-28", True),
        ("so far this year", "2016-01-01/2016-10-28", True),
    ]


def test_find_time_expressions_reads_week_words() -> None:
    assert resolve("last week, yesterday, earlier this week") == [
        ("last week", "2016-10-17/2016-10-23", False),
        ("yesterday", "2016-10-27", False),
        ("earlier this week", "2016-10-24/2016-10-28", False),
    ]


def test_find_time_expressions_marks_war_totals_as_periods() -> None:
    assert resolve("since the war began") == [("since the war began", "2016-10-28", True)]


def test_find_time_expressions_leaves_dates_open_without_publication_date() -> None:
    assert resolve("on Friday, throughout October", published=None) == [
        ("on Friday", None, False),
        ("throughout October", None, True),
    ]


def test_find_time_expressions_keeps_may_the_verb_out() -> None:
    assert resolve("Prices may rise in May 2016, and the toll may fall in may.") == [
        ("in May 2016", "2016-05-01/2016-05-31", True)
    ]


def test_find_time_expressions_offsets_point_into_the_text() -> None:
    text = "Rebels attacked on Thursday."
    found = find_time_expressions(text, 0, len(text), "2016-11-03")
    assert [(text[t.start : t.end], t.date) for t in found] == [("on Thursday", "2016-11-03")]


def test_anchor_period_ends_a_relative_period_on_the_day_it_was_stated() -> None:
    period = TimeExpression(0, 20, "in less than a month", "2016-09-28/2016-10-28", True)
    said = TimeExpression(30, 42, "on Wednesday", "2016-10-26", False)
    assert anchor_period(period, said).date == "2016-09-26/2016-10-26"


def test_anchor_period_leaves_month_windows_alone() -> None:
    period = TimeExpression(0, 18, "throughout October", "2016-10-01/2016-10-31", True)
    said = TimeExpression(30, 42, "on Wednesday", "2016-10-26", False)
    assert anchor_period(period, said) == period


@pytest.mark.parametrize("published", ["2016-11", "2016", "Tuesday", "2016-13-45", "28 October 2016"])
def test_a_published_date_that_is_not_one_day_anchors_nothing_and_never_raises(published: str) -> None:
    text = "Ten people were killed on Friday, throughout October 2016."
    found = find_time_expressions(text, 0, len(text), published)
    friday = [t for t in found if t.text.endswith("Friday")]
    assert friday and friday[0].date is None


@pytest.mark.parametrize(
    ("published", "date"),
    [("2016-10-28", "2016-10-28"), ("2016-11", "2016-11"), ("2016", "2016"), ("Tuesday", None), (None, None)],
)
def test_publication_date_is_an_iso_day_month_or_year_only(published: str | None, date: str | None) -> None:
    assert publication_date(published) == date


def as_of(text: str, published: str | None = "2016-10-28") -> list[tuple[str, str | None, bool, bool]]:
    """Phrase, resolved date, whether its start is open, whether it names no day of its own."""
    return [(t.text, t.date, t.opens, t.weak) for t in find_time_expressions(text, 0, len(text), published)]


def test_find_time_expressions_reads_by_a_weekday_as_of_that_day() -> None:
    # 28 October 2016 was a Friday: Monday night is the 24th.
    assert as_of("The toll had reached 40 by Monday night.") == [
        ("by Monday night", "2016-10-24", True, False)
    ]
    assert as_of("Officials confirmed it on Sunday.") == [("on Sunday", "2016-10-23", False, False)]


def test_find_time_expressions_reads_the_last_hours_as_the_day_before_publication() -> None:
    assert resolve("In the last 24 hours, nine more died.") == [
        ("In the last 24 hours", "2016-10-27/2016-10-28", True)
    ]
    assert resolve("over the past 72 hours") == [("over the past 72 hours", "2016-10-25/2016-10-28", True)]


@pytest.mark.parametrize(
    "phrase",
    ["since the flooding began", "since the quake struck", "since the start of the epidemic"],
)
def test_find_time_expressions_reads_totals_since_a_disaster_as_open_periods(phrase: str) -> None:
    assert as_of(f"Deaths {phrase} rose to 80.") == [(phrase, "2016-10-28", True, False)]


@pytest.mark.parametrize("phrase", ["Up to now", "So far", "to date", "As it stands"])
def test_find_time_expressions_reads_as_of_now_as_publication_without_a_day(phrase: str) -> None:
    assert as_of(f"{phrase}, 31 bodies were found.") == [(phrase, "2016-10-28", True, True)]


def test_find_time_expressions_reads_a_day_and_month_without_year_up_to_publication() -> None:
    assert as_of("Rescuers had freed 12 by October 20 and four on 30 December.") == [
        ("by October 20", "2016-10-20", True, False),
        ("on 30 December", "2015-12-30", False, False),
    ]
    assert as_of("The march set off on October 3, 2015. It ended on October 5.") == [
        ("October 3, 2015", "2015-10-03", False, False),
        ("on October 5", "2016-10-05", False, False),
    ]


def test_find_time_expressions_keeps_the_words_when_publication_is_only_a_month() -> None:
    assert as_of("By Monday night 40 had died; up to now 50.", published="2016-10") == [
        ("By Monday night", None, True, False),
        ("up to now", None, True, True),
    ]


def test_find_time_expressions_takes_no_day_that_names_an_event() -> None:
    # "the October 9 fire" says which fire, not when its toll holds.
    assert as_of("The October 9 fire killed 30; by October 20 the toll was 41.") == [
        ("by October 20", "2016-10-20", True, False)
    ]
