"""The number parser: the seed annotations, the interval convention, and properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factledger.core.models import Figure
from factledger.core.numbers import MAX_DIGITS, NUMBERS_VERSION, find_figures, parse_number

ROOT = Path(__file__).resolve().parents[2]
GOLD = [json.loads(line) for line in (ROOT / "tests/data/seeds_gold.jsonl").read_text().splitlines()]


def read_seed(name: str) -> str:
    return (ROOT / "seeds" / name).read_text(encoding="utf-8")


def summarise(text: str) -> list[tuple[str, object, object, str, bool]]:
    return [(f.text, f.value_low, f.value_high, f.qualifier, f.is_share) for f in find_figures(text)]


# --- the seeds -------------------------------------------------------------------------


def expected_interval(claim: dict[str, object]) -> tuple[object, object]:
    """The gold writes the number after "more than"; we store the closed integer interval.

    "more than 100" people is [101, open); "more than five years" is not a count of whole
    things, so it stays [5, open). "up to 90 percent" has no written floor; we store 0.
    """
    low, high = claim["value_low"], claim["value_high"]
    if claim["qualifier"] == "more_than" and claim["category"] != "duration":
        assert isinstance(low, int)
        low = low + 1
    if claim["qualifier"] == "up_to" and low is None:
        low = 0
    return low, high


@pytest.mark.parametrize("claim", [c for c in GOLD if c["record"] == "claim"], ids=lambda c: str(c["id"]))
def test_find_figures_finds_every_seed_claim(claim: dict[str, object]) -> None:
    text = read_seed(str(claim["article"]))
    by_start = {f.start: f for f in find_figures(text)}
    figure = by_start.get(int(str(claim["number_start"])))
    assert figure is not None, f"no figure at {claim['number_start']}: {claim['number_text']!r}"
    assert str(claim["number_text"]).startswith(figure.text)
    assert figure.qualifier == claim["qualifier"]
    assert (figure.value_low, figure.value_high) == expected_interval(claim)
    assert figure.is_share == (claim["category"] == "share")


@pytest.mark.parametrize(
    "record", [c for c in GOLD if c["record"] == "non_claim"], ids=lambda c: str(c["quote"])
)
def test_find_figures_skips_seed_non_claims(record: dict[str, object]) -> None:
    text = read_seed(str(record["article"]))
    start = int(str(record["quote_start"]))
    end = start + len(str(record["quote"]))
    assert text[start:end] == record["quote"]
    assert [f for f in find_figures(text) if f.start < end and f.end > start] == []


def test_find_figures_skips_the_two_year_old_boy() -> None:
    text = read_seed("000_530d1556fb073557.txt")
    position = text.index("two-year-old")
    assert [f for f in find_figures(text) if f.start <= position < f.end] == []


def test_find_figures_reads_seed_000_exactly() -> None:
    text = read_seed("000_530d1556fb073557.txt")
    assert [(f.start, f.text) for f in find_figures(text)] == [
        (308, "at least six"),
        (349, "over 70"),
        (503, "at least six"),
        (618, "Dozens"),
        (1092, "a full 10"),
        (3258, "At least 15"),
        (3293, "more than 100"),
        (3332, "hundreds"),
        (4089, "three"),
        (4971, "hundreds of thousands"),
        (5128, "at least 400"),
        (5359, "at least 100"),
        (5390, "17"),
        (5403, "22"),
    ]


# --- the interval convention -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 people", [("15", 15, 15, "exact", False)]),
        ("fifteen people", [("fifteen", 15, 15, "exact", False)]),
        ("at least 15", [("at least 15", 15, None, "at_least", False)]),
        ("no fewer than 15", [("no fewer than 15", 15, None, "at_least", False)]),
        ("a minimum of 15", [("a minimum of 15", 15, None, "at_least", False)]),
        ("more than 100", [("more than 100", 101, None, "more_than", False)]),
        ("over 70", [("over 70", 71, None, "more_than", False)]),
        ("in excess of 70", [("in excess of 70", 71, None, "more_than", False)]),
        ("up to 90 percent", [("up to 90 percent", 0, 90, "up_to", True)]),
        ("as many as 90", [("as many as 90", 0, 90, "up_to", False)]),
        ("no more than 90", [("no more than 90", 0, 90, "up_to", False)]),
        ("less than 50", [("less than 50", 0, 49, "less_than", False)]),
        ("fewer than 50", [("fewer than 50", 0, 49, "less_than", False)]),
        ("under 50", [("under 50", 0, 49, "less_than", False)]),
        ("nearly 300", [("nearly 300", 270, 299, "almost", False)]),
        ("almost 300", [("almost 300", 270, 299, "almost", False)]),
        ("close to 300", [("close to 300", 270, 299, "almost", False)]),
        ("just under 300", [("just under 300", 270, 299, "almost", False)]),
        ("about 500", [("about 500", 450, 550, "about", False)]),
        ("some 500", [("some 500", 450, 550, "about", False)]),
        ("an estimated 500", [("an estimated 500", 450, 550, "about", False)]),
        ("about 5 people", [("about 5", 4, 6, "about", False)]),
        ("2,000 to 2,500", [("2,000 to 2,500", 2000, 2500, "range", False)]),
        ("between 20 and 35", [("between 20 and 35", 20, 35, "range", False)]),
        ("2,000-2,500", [("2,000-2,500", 2000, 2500, "range", False)]),
        ("from 20 to 35", [("from 20 to 35", 20, 35, "range", False)]),
        ("2,000 or 2,500", [("2,000 or 2,500", 2000, 2500, "range", False)]),
        ("two or three", [("two or three", 2, 3, "range", False)]),
        ("2 to 3 million", [("2 to 3 million", 2_000_000, 3_000_000, "range", False)]),
        ("20-30%", [("20-30%", 20, 30, "range", True)]),
        ("Dozens", [("Dozens", 24, 99, "vague", False)]),
        ("scores of people", [("scores", 40, 99, "vague", False)]),
        ("hundreds of", [("hundreds", 200, 999, "vague", False)]),
        ("thousands", [("thousands", 2000, 9999, "vague", False)]),
        ("tens of thousands", [("tens of thousands", 20000, 99999, "vague", False)]),
        ("hundreds of thousands", [("hundreds of thousands", 200000, 999999, "vague", False)]),
        ("millions", [("millions", 2_000_000, 9_999_999, "vague", False)]),
        ("a dozen", [("a dozen", 12, 12, "exact", False)]),
        ("a couple of days", [("a couple", 2, 2, "exact", False)]),
        ("at least hundreds", [("at least hundreds", 200, None, "at_least", False)]),
        ("up to thousands", [("up to thousands", 0, 9999, "up_to", False)]),
        ("90 percent", [("90 percent", 90, 90, "exact", True)]),
        ("90%", [("90%", 90, 90, "exact", True)]),
        ("90 per cent", [("90 per cent", 90, 90, "exact", True)]),
        ("one in five", [("one in five", 20, 20, "exact", True)]),
        ("more than 50 percent", [("more than 50 percent", 50, None, "more_than", True)]),
        ("a full 10 days", [("a full 10", 10, 10, "exact", False)]),
        ("more than five years", [("more than five", 5, None, "more_than", False)]),
        ("15 or more", [("15 or more", 15, None, "at_least", False)]),
        ("At least 15", [("At least 15", 15, None, "at_least", False)]),
        ("Nine", [("Nine", 9, 9, "exact", False)]),
    ],
)
def test_find_figures_reads_intervals(
    text: str, expected: list[tuple[str, object, object, str, bool]]
) -> None:
    assert summarise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a two-year-old boy",
        "aged 12",
        "a 12-year-old",
        "2016",
        "in 2000",
        "the 1990s",
        "at 10:30",
        "at 5 pm",
        "03 November, 2016",
        "Oct 28, 2016",
        "28 October",
        "a 7.8-magnitude quake",
        "magnitude 7.8",
        "$5 million",
        "£3",
        "5 dollars",
        "€20",
        "the first",
        "the 3rd",
        "the second",
        "call 555-1234",
        "the 3000 Housing complex",
        "Route 66",
        "the G20 summit",
        "COVID-19",
        "an F-16 jet",
        "5 min read",
        "one of the wounded",
        "no one",
        "the one who left",
        "9/11",
    ],
)
def test_find_figures_skips_non_counts(text: str) -> None:
    assert find_figures(text) == []


def test_find_figures_keeps_changes_apart() -> None:
    assert summarise("the toll rose from 20 to 35") == [
        ("20", 20, 20, "exact", False),
        ("35", 35, 35, "exact", False),
    ]


def test_find_figures_counts_a_bare_four_digit_number_of_people() -> None:
    assert summarise("2000 people marched") == [("2000", 2000, 2000, "exact", False)]


def test_find_figures_reports_offsets_in_the_whole_text() -> None:
    text = "Police said 12 died. Later 30 more were found."
    assert find_figures(text, 21) == [Figure(27, 29, "30", 30, 30, "exact")]
    assert find_figures(text, 0, 20) == [Figure(12, 14, "12", 12, 12, "exact")]


def test_numbers_version_is_recorded() -> None:
    assert NUMBERS_VERSION == "numbers-2"


# --- parse_number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("275,000", 275000),
        ("1.03 million", 1030000),
        ("1.5m", 1500000),
        ("3 billion", 3000000000),
        ("10,000", 10000),
        ("two hundred and fifty", 250),
        ("twenty-three", 23),
        ("a hundred", 100),
        ("one thousand two hundred", 1200),
        ("a dozen", 12),
        ("Nine", 9),
        ("half a million", 500000),
        ("2.5", 2.5),
    ],
)
def test_parse_number_reads_one_number(text: str, value: int | float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "dozens", "one two", "ten people", "abc", "first"])
def test_parse_number_refuses_anything_else(text: str) -> None:
    assert parse_number(text) is None


# --- properties ------------------------------------------------------------------------

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ONES += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
ONES += ["eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10**9, "billion"), (10**6, "million"), (1000, "thousand")]


def to_words(n: int) -> str:
    """English words for 0 <= n < 10**12, the way a reporter writes them."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = " and " + to_words(n % 100) if n % 100 else ""
        return ONES[n // 100] + " hundred" + rest
    for size, name in SCALES:
        if n >= size:
            rest = " " + to_words(n % size) if n % size else ""
            return to_words(n // size) + " " + name + rest
    raise ValueError(n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_parse_number_reads_words_back(n: int) -> None:
    assert parse_number(to_words(n)) == n


@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1))
def test_parse_number_reads_digits_back(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 20, 400, 5000])
def test_a_number_of_more_digits_than_the_bound_is_not_read_or_converted(digits: int) -> None:
    written = "9" * digits
    assert parse_number(written) is None
    assert find_figures(f"At least {written} people were killed.") == []


@given(st.integers(min_value=1, max_value=10**9))
def test_find_figures_finds_a_separated_count_in_a_sentence(n: int) -> None:
    text = f"Officials said {n:,} people were affected."
    figures = find_figures(text)
    assert [(f.text, f.value_low, f.value_high) for f in figures] == [(f"{n:,}", n, n)]


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_find_figures_never_raises_and_offsets_slice(text: str) -> None:
    figures = find_figures(text)
    for figure in figures:
        assert text[figure.start : figure.end] == figure.text
    starts = [f.start for f in figures]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(figures, figures[1:], strict=False))


NUMBERISH = st.sampled_from(
    [" ", "-", ",", ".", "at least ", "more than ", "about ", "between ", " and ", " to ", "%",
     "one", "two", "hundred", "thousand", "dozens", " of ", "million", "a ", "1", "2", "0",
     "$", "-year-old", "May", "in ", "the ", "Route ", "people"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(NUMBERISH, max_size=20).map("".join))
def test_find_figures_handles_number_like_noise(text: str) -> None:
    for figure in find_figures(text):
        assert text[figure.start : figure.end] == figure.text
        assert (
            figure.value_high is None or figure.value_low is None or (figure.value_low <= figure.value_high)
        )


@pytest.mark.parametrize(
    "text",
    [
        "The verdict came three weeks after the fire.",  # a time span placing an event
        "Rain fell in the last 48 hours without pause.",  # a time window
        "The village lies about 40 miles (64 km) north of the capital.",  # distances
        "The river carried 250,000 cusecs past the barrage.",  # a flow
        "It was 31.5°C in the shade.",  # a temperature
        "Police named the driver as Jane Marlowe, 47, of the harbour district.",  # an age
        "He was charged with two counts of arson.",  # legal counts
        "Troops of the 7 division moved in.",  # a unit's name
        "The protest invoked article 48 of the charter.",  # an article number
        "1. Open the settings page.",  # list numbering
        "Updated 2021-08-14 09:00",  # an ISO date stamp
        "The crew left at 0430 hrs on Monday.",  # a clock time
        "Veterans marched to the Thousand Island Bridge.",  # a number word inside a name
    ],
)
def test_find_figures_skips_numbers_that_are_not_counts(text: str) -> None:
    assert find_figures(text) == []


def test_find_figures_keeps_a_length_of_damaged_road() -> None:
    figures = find_figures("Floods washed away 1,200 kilometres (746 miles) of roads.")
    assert [(f.text, f.value_low) for f in figures] == [("1,200", 1200)]


def test_find_figures_reads_a_gapped_list_after_a_figure() -> None:
    figures = find_figures("Chile lost 31 and Peru 12.")
    assert [f.text for f in figures] == ["31", "12"]


def test_find_figures_from_to_after_a_change_verb_is_an_update_not_a_range() -> None:
    figures = find_figures("The toll was raised to 40 dead and from 300 to 412 injured.")
    assert [f.text for f in figures] == ["40", "300", "412"]
