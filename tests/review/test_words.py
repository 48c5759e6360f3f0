"""Plain words for reviewers: figures, ranges, dates, reason codes, conflicts and decisions."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from factledger.core.models import Claim, Conflict, Reconciled
from factledger.review import words

ROOT = Path(__file__).resolve().parents[2]


def claim(number_text: str, low: float | None, high: float | None, **fields: str) -> Claim:
    """A claim about shelling in a made-up town, with only what the words read filled in."""
    values = {
        "category": "killed",
        "subject": "civilians",
        "location": "Tel Maraq",
        "date": "2019-03-14",
        "source": "the Civil Defence",
        "qualifier": "exact",
        **fields,
    }
    text = f"{number_text} {values['subject']} were {values['category']}"
    return Claim(
        document_id="sha256:doc",
        article_id="sha256:article",
        start=0,
        end=len(number_text),
        number_text=number_text,
        quote_start=0,
        quote_end=len(text),
        quote=text,
        value_low=low,
        value_high=high,
        **values,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (9, 9, "9"),
        (9.0, 10.0, "9 to 10"),
        (15, None, "at least 15"),
        (None, 90, "at most 90"),
        (2000, 2500, "2,000 to 2,500"),
        (2.5, 2.5, "2.5"),
        (None, None, "no figure"),
    ],
)
def test_ranges_read_as_words_with_open_ends_named(
    low: float | None, high: float | None, expected: str
) -> None:
    assert words.range_words(low, high) == expected


def test_a_figure_shows_its_wording_and_its_reading_when_they_differ() -> None:
    assert words.figure_words(claim("over 70", 71, None, qualifier="more_than")) == "“over 70” (at least 71)"
    assert words.figure_words(claim("12", 12, 12)) == "12"
    assert words.figure_words(claim("1,200", 1200, 1200)) == "1,200"
    assert words.figure_words(claim("twelve", 12, 12)) == "“twelve” (12)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-14", "14 March 2019"),
        ("2019-03", "March 2019"),
        ("2019", "2019"),
        ("2019-03-01/2019-03-31", "1 to 31 March 2019"),
        ("2019-02-25/2019-03-02", "25 February to 2 March 2019"),
        ("2018-12-30/2019-01-02", "30 December 2018 to 2 January 2019"),
        ("last week", "last week"),
        (None, ""),
    ],
)
def test_dates_and_windows_read_as_words(value: str | None, expected: str) -> None:
    assert words.date_words(value) == expected


def conflict(kind: str = "hard_conflict") -> Conflict:
    return Conflict(
        kind, "high", ("a", "b"), ("disjoint_intervals",), Reconciled(9, 12, 9, 2), "k", 1.0, "r-1"
    )


def test_a_conflict_reads_as_a_sentence_built_from_its_figures() -> None:
    figures = [claim("twelve", 12, 12), claim("9", 9, 9, source="the health directorate")]
    assert words.conflict_sentence(conflict(), figures) == (
        "Sources disagree on how many civilians were killed in Tel Maraq on 14 March 2019."
    )
    window = [
        claim("at least 40", 40, None, category="injured", subject="people", date="2019-03-01/2019-03-31")
    ]
    assert words.conflict_sentence(conflict("divergence"), window) == (
        "Estimates diverge on how many people were injured in Tel Maraq from 1 to 31 March 2019."
    )


def test_the_reconcilers_own_explanation_is_the_sentence_when_it_gives_one() -> None:
    explained = replace(conflict(), explanation="The monitor says 12; the ministry says 9.")
    assert (
        words.conflict_sentence(explained, [claim("9", 9, 9)]) == "The monitor says 12; the ministry says 9."
    )


def test_decisions_read_as_what_they_did() -> None:
    twelve = claim("twelve", 12, 12)
    claims = {twelve.id: twelve}
    accept = words.decision_words("accept", {"claim_id": twelve.id, "headline": 12.0}, claims)
    assert accept == "accepted “twelve” (12) from the Civil Defence as the headline"
    assert words.decision_words("range", {"low": 9.0, "high": None}, claims) == "set the figure to at least 9"
    assert words.decision_words("revert", {"decision_id": 3}, claims) == "undid decision #3"
    assert words.headline_words("accept", {"headline": 12.0}) == "12"
    assert words.headline_words("dismiss", {}) == ""


def reconciliation_codes() -> list[str]:
    """The reason codes of RECONCILIATION.md's table (`| \\`code\\` | meaning |`)."""
    text = (ROOT / "RECONCILIATION.md").read_text(encoding="utf-8")
    table = text[text.index("| code | meaning |") :].split("\n\n")[0]
    return [re.sub(r":<.*", "", code) for code in re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE)]


def test_every_reason_code_of_reconciliation_md_has_a_meaning_for_reviewers() -> None:
    codes = reconciliation_codes()
    assert "disjoint_intervals" in codes
    assert [code for code in codes if code not in words.REASONS] == []


def test_reason_codes_read_as_labels_and_meanings() -> None:
    assert words.reason_words("divergent_floors")[0] == "divergent floors"
    assert words.reason_words("source:the Civil Defence") == ("the Civil Defence", words.REASONS["source"])
    assert words.reason_words("brand_new_code") == ("brand new code", "see RECONCILIATION.md")


def test_resolved_place_words_names_each_level_once_with_the_id() -> None:
    resolved = claim(
        "12",
        12,
        12,
        place_settlement="Nairobi",
        place_region="Nairobi City",
        place_country="Kenya",
        place_id="geonames:184745",
    )
    assert words.resolved_place_words(resolved) == "Nairobi, Nairobi City, Kenya (geonames:184745)"
    same_name = replace(resolved, place_region="Nairobi")
    assert words.resolved_place_words(same_name) == "Nairobi, Kenya (geonames:184745)"
    assert words.resolved_place_words(claim("12", 12, 12)) == ""


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"date_text": "on Friday", "time_start": "2019-03-15", "time_end": "2019-03-15"},
            "15 March 2019 (“on Friday”)",
        ),
        ({"date_text": "so far", "time_end": "2019-03-14"}, "up to 14 March 2019 (“so far”)"),
        (
            {"date_text": "in the last 24 hours", "time_start": "2019-03-13", "time_end": "2019-03-14"},
            "13 to 14 March 2019 (“in the last 24 hours”)",
        ),
        ({}, "14 March 2019"),
    ],
)
def test_time_words_gives_the_days_covered_and_the_phrase_as_written(
    fields: dict[str, str], expected: str
) -> None:
    assert words.time_words(claim("12", 12, 12, **fields)) == expected
