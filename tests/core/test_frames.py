"""What a figure counts, read from the frame that governs it: sentences written for these tests."""

from __future__ import annotations

import pytest

from factledger.core.extract import extract_claims
from factledger.core.models import Article


def categories(text: str) -> dict[str, str]:
    article = Article("doc", 0, len(text), None, None, None, "2021-05-04")
    return {c.number_text: c.category for c in extract_claims(text, [article])}


def test_category_each_coordinated_figure_hangs_on_its_own_verb() -> None:
    text = "At least 12 villagers were killed and more than 40 wounded when the dam burst."
    assert categories(text) == {"At least 12": "killed", "more than 40": "injured"}


def test_category_active_verbs_govern_their_objects_not_the_figure_before() -> None:
    text = "The storm killed dozens of farmers and injured hundreds of others in the valley."
    assert categories(text) == {"dozens": "killed", "hundreds": "injured"}


def test_category_crowd_predicate_after_a_reporting_verb() -> None:
    text = "Union leaders said more than 2.4 million took part across the region."
    assert categories(text) == {"more than 2.4 million": "participants"}


def test_category_measure_noun_governs_its_complement_across_a_modifier() -> None:
    text = "The death toll from the blasts at three stations in the port rose to 61 on Tuesday."
    assert categories(text) == {"three": "other", "61": "killed"}


def test_category_turnout_and_the_anaphoric_figure_of_another_party() -> None:
    text = "Organisers put the turnout at 90,000. Police gave a lower figure of 40,000."
    assert categories(text) == {"90,000": "participants", "40,000": "participants"}


def test_category_list_without_a_verb_inherits_the_paragraph_frame() -> None:
    text = "Officials said 26 people died in the region.\nNorthfield had 14, Eastbrook 9 and Westmoor 3."
    assert categories(text) == {"26": "killed", "14": "killed", "9": "killed", "3": "killed"}


def test_category_shared_predicate_of_coordinated_things() -> None:
    text = "So far 1,204 houses, 38 bridges and 77 shops have been destroyed by the flood."
    assert categories(text) == {
        "1,204": "buildings_destroyed",
        "38": "property_damaged",
        "77": "buildings_destroyed",
    }


@pytest.mark.parametrize(
    ("sentence", "figure", "category"),
    [
        ("Nine people remain in critical condition at the city hospital.", "Nine", "critical_condition"),
        ("Another 23 passengers were taken to hospital with burns.", "23", "hospitalized"),
        ("Firefighters said 31 survivors were pulled out alive overnight.", "31", "rescued"),
        ("Divers have recovered 17 bodies from the lake.", "17", "bodies_recovered"),
        ("About 12,000 people have been affected by the landslides.", "About 12,000", "in_need"),
        ("Some 6,500 residents were moved into relief camps.", "Some 6,500", "displaced"),
        ("Thousands of mourners attended the funeral on Friday.", "Thousands", "participants"),
        ("The gunman killed 14 worshippers before fleeing.", "14", "killed"),
        ("Authorities deployed 3,000 police officers along the route.", "3,000", "other"),
        ("The ferry was carrying as many as 300 passengers.", "as many as 300", "other"),
        ("The province, home to a population of 4.1 million, was hit hardest.", "4.1 million", "population"),
        ("The ministry cut the toll by 35 to 212.", "35", "other"),
        ("More than 9,000 livestock have been killed.", "More than 9,000", "other"),
    ],
)
def test_category_frames_of_the_field(sentence: str, figure: str, category: str) -> None:
    assert categories(sentence)[figure] == category


def test_category_capitalised_word_after_a_lower_case_one_is_a_name_not_a_verb() -> None:
    text = "About 40 other Walk For Peace events took place abroad."
    assert categories(text)["About 40"] != "participants"
