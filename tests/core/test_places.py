"""Place phrases as the extractor hands them over, and how places relate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factledger.core.places import Place, parse_place, place_relation

WEST = Place("aleppo", "west")
EAST = Place("aleppo", "east")
ALEPPO = Place("aleppo")
BUSTAN = Place("aleppo", "west", "bustan al-qasr")


@pytest.mark.parametrize(
    ("phrase", "place"),
    [
        ("Bustan al-Qasr area of western Aleppo", Place("aleppo", "west", "bustan al-qasr")),
        ("several residential neighborhoods in regime-held areas of western Aleppo", Place("aleppo", "west")),
        ("Aleppo", Place("aleppo")),
        ("the village of Miznaz", Place("miznaz")),
        ("eastern Aleppo", Place("aleppo", "east")),
        ("East Aleppo", Place("aleppo", "east")),
        ("the city’s eastern districts", Place(None, "east")),
        ("the city’s eastern districts (east Aleppo)", Place("aleppo", "east")),
        ("Aleppo (residential areas under shelling)", Place("aleppo")),
        ("Aleppo, in the west of the city", Place("aleppo", "west")),
        ("southwestern outskirts of Aleppo", Place("aleppo", "southwest")),
        ("the north-eastern districts of Aleppo", Place("aleppo", "northeast")),
        ("Bustan al-Qasr, Aleppo", Place("aleppo", None, "bustan al-qasr")),
    ],
)
def test_parse_place_reads_phrases_as_written(phrase: str, place: Place) -> None:
    assert parse_place(phrase) == place


@pytest.mark.parametrize(
    "phrase",
    [
        None,
        "",
        "residential areas",
        "a village near Aleppo",
        "the New Aleppo, Al-Furqan and Zahraa neighboعrhoods",
    ],
)
def test_parse_place_returns_none_without_a_single_place(phrase: str | None) -> None:
    assert parse_place(phrase) is None


def test_parse_place_keeps_the_main_phrase_over_a_disagreeing_gloss() -> None:
    assert parse_place("eastern Aleppo (west Homs)") == Place("aleppo", "east")


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        (WEST, WEST, "same"),
        (BUSTAN, WEST, "within"),
        (BUSTAN, ALEPPO, "within"),
        (ALEPPO, BUSTAN, "contains"),
        (WEST, EAST, "disjoint"),
        (BUSTAN, EAST, "disjoint"),
        (Place("aleppo", "southwest"), WEST, "within"),
        (Place("aleppo", "northeast"), Place("aleppo", "southwest"), "disjoint"),
        (Place("aleppo", "north"), EAST, "unknown"),
        (Place("aleppo", "west", "al-furqan"), BUSTAN, "disjoint"),
        (Place("aleppo", None, "bustan al-qasr"), WEST, "unknown"),
        (Place("miznaz"), ALEPPO, "unknown"),
        (Place(None, "east"), EAST, "unknown"),
        (None, ALEPPO, "unknown"),
    ],
)
def test_place_relation_orders_places(a: Place | None, b: Place | None, relation: str) -> None:
    assert place_relation(a, b) == relation


MIRROR = {
    "same": "same",
    "within": "contains",
    "contains": "within",
    "disjoint": "disjoint",
    "unknown": "unknown",
}
places = st.builds(
    Place,
    st.sampled_from([None, "aleppo", "homs"]),
    st.sampled_from([None, "east", "west", "north", "southwest", "central"]),
    st.sampled_from([None, "bustan al-qasr", "al-furqan"]),
)


@given(places, places)
def test_place_relation_mirrors_when_swapped(a: Place, b: Place) -> None:
    assert place_relation(b, a) == MIRROR[place_relation(a, b)]


@given(st.text(max_size=80))
def test_parse_place_reads_any_text_without_failing(phrase: str) -> None:
    place = parse_place(phrase)

    assert place is None or place != Place(None)
