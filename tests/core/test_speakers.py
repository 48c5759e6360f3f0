"""Who gives each figure: sentences written for these tests."""

from __future__ import annotations

from factledger.core.extract import extract_claims
from factledger.core.models import Article


def sources(text: str) -> dict[str, str | None]:
    article = Article("doc", 0, len(text), None, None, None, "2021-05-04")
    return {c.number_text: c.source for c in extract_claims(text, [article])}


def test_source_each_clause_keeps_its_own_speaker() -> None:
    text = "The union put the turnout at 60,000, while city officials gave a lower estimate of 25,000."
    assert sources(text) == {"60,000": "The union", "25,000": "city officials"}


def test_source_subordinating_word_is_not_part_of_the_speaker() -> None:
    text = "Marchers filled the square. While the ministry put attendance at 12,000, others disagreed."
    assert sources(text)["12,000"] == "the ministry"


def test_source_thousands_separator_is_not_a_clause_comma() -> None:
    text = "Volunteers said the crowd was 45,000 strong and organisers put the number at 52,000."
    assert sources(text)["52,000"] == "organisers"


def test_source_a_quote_split_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        "Fire chief Dana Ortiz said crews worked through the night.\n"
        "“We found 14 people alive in the basement,” she said.\n"
        "“Six of them are in a serious condition.”"
    )
    assert sources(text) == {"14": "Fire chief Dana Ortiz", "Six": "Fire chief Dana Ortiz"}


def test_source_as_per_names_the_source() -> None:
    assert sources("As per the agency, 17 homes were swept away.")["17"] == "the agency"


def test_source_dated_modifier_is_dropped_from_the_speaker() -> None:
    text = "Figures from 3 May from the coast showed that 210 boats were lost."
    assert sources(text)["210"] == "Figures"


def test_source_narrative_sentence_names_nobody() -> None:
    assert sources("In 2009, about 400 people were killed in a similar flood.")["about 400"] is None
