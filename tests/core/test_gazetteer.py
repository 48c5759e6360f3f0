"""Place phrases resolved against the gazetteer, and containment between resolved places."""

from __future__ import annotations

import pytest

from factledger.core.places import (
    ResolvedPlace,
    claim_place,
    compatible,
    contains,
    place_by_id,
    relate,
    resolve_place,
)
from factledger.core.places.gazetteer import fold_name, load_gazetteer


def where(phrase: str, near: str | None = None) -> tuple[str | None, ...] | None:
    place = resolve_place(phrase, resolve_place(near) if near else None)
    if place is None:
        return None
    return (place.level, place.district, place.settlement, place.region, place.country, place.part)


@pytest.mark.parametrize(
    ("phrase", "reading"),
    [
        ("Nairobi", ("settlement", None, "Nairobi", "Nairobi City", "Kenya", None)),
        ("Houston, Texas", ("settlement", None, "Houston", "Texas", "United States", None)),
        ("Lyon, France", ("settlement", None, "Lyon", "Auvergne-Rhône-Alpes", "France", None)),
        ("Texas", ("region", None, None, "Texas", "United States", None)),
        ("Maharashtra province", ("region", None, None, "Mahārāshtra", "India", None)),
        ("Kenya", ("country", None, None, None, "Kenya", None)),
        ("northern Kenya", ("country", None, None, None, "Kenya", "north")),
        ("eastern Aleppo", ("settlement", None, "Aleppo", "Aleppo", "Syria", "east")),
        ("the Kibera area of Nairobi", ("district", "Kibera", "Nairobi", "Nairobi City", "Kenya", None)),
        ("Mombasa Port", ("district", "Mombasa Port", "Mombasa", "Mombasa", "Kenya", None)),
        ("Kenya’s", ("country", None, None, None, "Kenya", None)),
        ("the Kenya floods", ("country", None, None, None, "Kenya", None)),
    ],
)
def test_resolve_place_reads_settlement_region_and_country(
    phrase: str, reading: tuple[str | None, ...]
) -> None:
    assert where(phrase) == reading


@pytest.mark.parametrize(
    ("phrase", "settlement"),
    [("Bombay", "Mumbai"), ("Kiev", "Kyiv"), ("Halab", "Aleppo"), ("the city of Lyons", "Lyon")],
)
def test_resolve_place_knows_older_and_other_names(phrase: str, settlement: str) -> None:
    place = resolve_place(phrase)
    assert place is not None and place.settlement == settlement


def test_resolve_place_gives_gazetteer_ids_down_to_the_settlement() -> None:
    place = resolve_place("Houston, Texas")
    assert place == ResolvedPlace(
        "geonames:4699066",
        "settlement",
        "United States",
        "US",
        "Texas",
        "geonames:4736286",
        "Houston",
        "geonames:4699066",
    )


def test_resolve_place_takes_the_reading_under_which_the_inner_name_resolves() -> None:
    assert where("Georgia") == ("country", None, None, None, "Georgia", None)
    assert where("Atlanta, Georgia") == ("settlement", None, "Atlanta", "Georgia", "United States", None)


def test_resolve_place_prefers_the_articles_country() -> None:
    assert where("Punjab", near="Lahore") == ("region", None, None, "Punjab", "Pakistan", None)
    assert where("Punjab", near="Amritsar") == ("region", None, None, "Punjab", "India", None)


def test_resolve_place_finds_small_towns_only_in_the_articles_country() -> None:
    # Kirkwall (Orkney, about 9,000 people) is under the settlement list's 15,000 floor.
    assert where("Kirkwall") is None
    kirkwall = ("settlement", None, "Kirkwall", "Scotland", "United Kingdom", None)
    assert where("Kirkwall", near="Scotland") == kirkwall


def test_resolve_place_puts_curated_neighbourhoods_in_their_city() -> None:
    place = resolve_place("the Saif al-Dawla district of Aleppo")
    assert place is not None
    assert (place.gazetteer_id, place.district, place.settlement_id) == (
        "curated:saif-al-dawla",
        "Saif al-Dawla",
        "geonames:170063",
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "March",
        "Sunday morning",
        "Easter Sunday",
        "Monday's",
        "U",
        "Nairobi School",
        "Kenyan",
        "the Kenya Meteorological Department",
        "Nairobi City Council",
        "the Red Cross",
        "Twitter",
        "",
        None,
    ],
)
def test_resolve_place_takes_no_month_organisation_or_demonym_for_a_place(phrase: str | None) -> None:
    assert resolve_place(phrase) is None


def test_contains_orders_country_region_settlement_and_district() -> None:
    kenya, nairobi = resolve_place("Kenya"), resolve_place("Nairobi")
    kibera = resolve_place("the Kibera area of Nairobi")
    assert contains(kenya, nairobi) and contains(nairobi, kibera) and contains(kenya, kibera)
    assert not contains(nairobi, kenya) and not contains(kibera, nairobi)
    assert contains(resolve_place("Texas"), resolve_place("Houston"))
    assert not contains(resolve_place("Texas"), resolve_place("Atlanta, Georgia"))


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Lyon", "Lyon, France", "same"),
        ("Houston", "Texas", "within"),
        ("Kenya", "Mombasa", "contains"),
        ("Lyon", "Marseille", "disjoint"),
        ("Nairobi", "Houston", "disjoint"),
        ("eastern Aleppo", "western Aleppo", "disjoint"),
        ("the Kibera area of Nairobi", "eastern Nairobi", "unknown"),
        ("Nairobi", "the Old Market area of Zqarvelt", "unknown"),
    ],
)
def test_relate_tells_same_within_contains_disjoint_and_unknown(a: str, b: str, relation: str) -> None:
    assert relate(resolve_place(a), resolve_place(b)) == relation


def test_compatible_is_false_only_for_places_known_apart() -> None:
    assert compatible(resolve_place("Houston"), resolve_place("Texas"))
    assert compatible(resolve_place("Nairobi"), None)
    assert not compatible(resolve_place("Houston"), resolve_place("Lyon"))


def test_place_by_id_and_claim_place_rebuild_a_stored_place() -> None:
    aleppo = place_by_id("geonames:170063")
    assert aleppo is not None
    assert (aleppo.settlement, aleppo.region, aleppo.country) == ("Aleppo", "Aleppo", "Syria")
    east = claim_place("eastern Aleppo", "geonames:170063")
    assert east is not None and east.part == "east"
    assert claim_place("Lyon", "geonames:170063") == aleppo  # a phrase elsewhere does not move it
    assert place_by_id("geonames:0") is None and place_by_id(None) is None


def test_fold_name_ignores_case_accents_and_hyphens() -> None:
    assert fold_name("Deir ez-Zor") == fold_name("deir ez zor") == "deir ez zor"
    assert fold_name("Pýlos") == "pylos"
    assert load_gazetteer().lookup("AUVERGNE RHONE ALPES")[0].gazetteer_id == "geonames:11071625"


def test_resolve_place_reads_a_small_towns_other_names_only_in_its_country() -> None:
    # Tolbiac is an old name of Zülpich (about 20,000 people); alone it may be anything.
    assert where("Tolbiac") is None
    zuelpich = where("Tolbiac", near="Germany")
    assert zuelpich is not None and zuelpich[2] == "Zülpich"
