"""Place phrases resolved against the gazetteer: settlement, region, country and their ids.

A phrase is read from its outermost name inwards ("Karachi, Pakistan": Pakistan, then
Karachi inside it; "the Bustan al-Qasr area of western Aleppo": Aleppo, then a district of
it). Where a name fits several places, the one inside the outer name wins, then the one in
the article's own country (its dateline), then a country over a settlement over a region,
a main name over an alternate one, and the larger settlement. Small settlements (under
15,000 people) count only inside a named outer place or the article's country: "Mecca"
alone is Makkah, not the Californian village.

What is not a place resolves to None: a name made only of months or weekdays, an
organisation ("the Meteorological Department"), a demonym ("Pakistani"), or a name the
gazetteer does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from factledger.core.places.gazetteer import Entry, Gazetteer, fold_name, load_gazetteer
from factledger.core.places.phrases import clean_phrase, name_segments, parts_oppose, phrase_part

_RANK = {"country": 3, "settlement": 2, "district": 2, "region": 1}
_CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday easter christmas ramadan eid
    diwali hanukkah passover thanksgiving new year""".split()  # noqa: SIM905
)
# Words that make a capitalised name an organisation, an outlet or an office, never a place,
# even when a place's name is part of it ("the Pakistan Meteorological Department").
ORGANISATION_WORDS = frozenset(
    """ministry department authority agency observatory council committee commission police
    army forces force university party front organisation organization association society
    institute bank airlines airways company corporation news times post herald tribune press
    television tv radio network federation union office court parliament assembly government
    foundation fund programme program service services crescent cross guard navy brigade
    battalion movement coalition group club league college school academy""".split()  # noqa: SIM905
)
# Words naming a site inside a settlement: "Karachi Port" is in Karachi.
SITE_WORDS = frozenset(
    """hospital mosque church temple stadium plaza square street road avenue bridge airport
    camp hotel market park strip center centre mall port station beach festival campus""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z0-9]+")
ALTERNATE_POPULATION = 100000


@dataclass(frozen=True)
class ResolvedPlace:
    """A place pinned to the gazetteer, from country down to a district of a settlement.

    `gazetteer_id` is the most specific record the gazetteer holds ("geonames:170063");
    a district the text names but the gazetteer lacks keeps its settlement's id and its
    own name in `district`. `part` is a compass side of the place ("east").
    """

    gazetteer_id: str
    level: str  # country | region | settlement | district
    country: str
    country_code: str
    region: str | None = None
    region_id: str | None = None
    settlement: str | None = None
    settlement_id: str | None = None
    district: str | None = None
    part: str | None = None


def resolve_place(phrase: str | None, near: ResolvedPlace | None = None) -> ResolvedPlace | None:
    """Resolve a place phrase as written; `near` (the dateline's place) settles ambiguity."""
    if not phrase:
        return None
    return _resolve(phrase, near.country_code if near else None)


@lru_cache(maxsize=65536)
def _resolve(phrase: str, country: str | None) -> ResolvedPlace | None:
    # Phrases repeat across a corpus and the result is immutable: resolve each once.
    gazetteer = load_gazetteer()
    text = clean_phrase(phrase)
    names = [name for name in name_segments(text) if is_place_name(name)]
    if not names:
        return None
    place = _best_reading(gazetteer, names, country)
    if place is None:
        return None
    part = phrase_part(text)
    return place if part is None else _with_part(place, part)


def _best_reading(gazetteer: Gazetteer, names: list[str], country: str | None) -> ResolvedPlace | None:
    """The reading of the outermost name under which most inner names resolve.

    "Atlanta, Georgia": Georgia the country holds no Atlanta, Georgia the state does.
    """
    outers: list[ResolvedPlace | None] = [
        _placed(gazetteer, e) for e in _ranked(gazetteer, names[0], None, country)[:5]
    ]
    if not outers:
        outers = [_narrow(gazetteer, None, names[0], country)]
    best: tuple[int, ResolvedPlace | None] = (-1, None)
    for outer in outers:
        place, found = outer, 0
        for name in names[1:]:
            narrower = _narrow(gazetteer, place, name, country)
            found += narrower is not place and narrower is not None and narrower.level != "district"
            place = narrower
        if found > best[0]:
            best = (found, place)
    return best[1]


def _narrow(
    gazetteer: Gazetteer, outer: ResolvedPlace | None, name: str, country: str | None
) -> ResolvedPlace | None:
    """The place `name` names inside `outer`; an unknown name inside a settlement is a district."""
    ranked = _ranked(gazetteer, name, outer, country)
    if ranked:
        return _placed(gazetteer, ranked[0])
    site = _site_of(gazetteer, name, outer, country)
    if site is not None:
        place = _placed(gazetteer, site)
        # A site ("Mombasa Port") is a district of its settlement; other words add nothing.
        named_site = site.level == "settlement" and fold_name(name.split()[-1]) in SITE_WORDS
        return _district(place, name) if named_site else place
    if outer is not None and outer.level == "settlement":
        return _district(outer, name)
    return outer


@lru_cache(maxsize=65536)
def is_place_phrase(phrase: str) -> bool:
    """False for a capitalised phrase that names no place whatever the gazetteer holds.

    A month or weekday ("in March"), an organisation ("at the Kenya Red Cross"), and a
    demonym ("of Kenyan origin": a country's name with an ending) are not places; an unknown
    name may still be one (a village the gazetteer lacks), so it passes.
    """
    names = name_segments(clean_phrase(phrase))
    return bool(names) and all(is_place_name(n) and not is_demonym(n) for n in names)


_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish", "ean")


@lru_cache(maxsize=4096)
def is_demonym(name: str) -> bool:
    """A one-word name that is a country's name with a demonym ending and no place itself.

    "Kenyan", "Iraqi", "Sudanese", "Italian" (Italy less its last letter): they say whose,
    not where.
    """
    key = fold_name(name)
    if " " in key or len(key) < 5 or load_gazetteer().by_name.get(key):
        return False
    stems = _country_stems()
    return any(key.endswith(end) and key[: -len(end)] in stems for end in _DEMONYM_ENDINGS)


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    """One-word country names, and the same less a final vowel or y ("ital", "kenya")."""
    keys = {fold_name(e.name) for e in load_gazetteer().countries.values()}
    single = {k for k in keys if " " not in k}
    return frozenset(single | {k[:-1] for k in single if k[-1] in "aeyo"})


def is_place_name(name: str) -> bool:
    """False for names that are calendar words or organisations, whatever the gazetteer holds."""
    words = _WORD.findall(fold_name(name))
    if not words or len("".join(words)) < 2 or all(w in _CALENDAR_WORDS for w in words):
        return False
    return not any(w in ORGANISATION_WORDS for w in words)


def _ranked(gazetteer: Gazetteer, name: str, outer: ResolvedPlace | None, country: str | None) -> list[Entry]:
    """The records `name` may mean inside `outer`, the likeliest first."""
    entries = gazetteer.lookup(name, minor=outer is not None or country is not None)
    fitting = [e for e in entries if _fits(gazetteer, e, outer, country)]
    return sorted(
        fitting,
        key=lambda e: (e.country_code == country, _RANK[e.level], e.primary, not e.minor, e.population),
        reverse=True,
    )


def _fits(gazetteer: Gazetteer, entry: Entry, outer: ResolvedPlace | None, country: str | None) -> bool:
    if outer is None:
        if entry.level == "district":
            return False  # a bare neighbourhood name is too easily something else
        if entry.country_code == country:
            return True
        # Alone, an alternate name counts for large settlements only: "Mecca" is Makkah,
        # but a town's rare other spelling is more likely some other place.
        large = entry.population >= ALTERNATE_POPULATION
        return not entry.minor and (entry.primary or entry.level != "settlement" or large)
    return contains(outer, _placed(gazetteer, entry)) and entry.gazetteer_id != outer.gazetteer_id


def _site_of(
    gazetteer: Gazetteer, name: str, outer: ResolvedPlace | None, country: str | None
) -> Entry | None:
    """The place a longer name opens with: "Mombasa Port" (a site in Mombasa), "the Kenya floods".

    Only a country, a region or a settlement of 15,000 or more counts, so a person's or a
    shop's name that happens to begin with a village's name does not.
    """
    words = name.split()
    for end in range(len(words) - 1, 0, -1):
        for entry in _ranked(gazetteer, " ".join(words[:end]), outer, country):
            if entry.level != "district" and not entry.minor:
                return entry
    return None


def _placed(gazetteer: Gazetteer, entry: Entry) -> ResolvedPlace:
    """The entry with the country and region it lies in."""
    country = gazetteer.countries.get(entry.country_code)
    region = gazetteer.regions.get(entry.region_key) if entry.region_key else None
    country_name = country.name if country else entry.country_code
    if entry.level == "country":
        return ResolvedPlace(entry.gazetteer_id, "country", entry.name, entry.country_code)
    if entry.level == "region":
        return ResolvedPlace(
            entry.gazetteer_id, "region", country_name, entry.country_code, entry.name, entry.gazetteer_id
        )
    region_name, region_id = (region.name, region.gazetteer_id) if region else (None, None)
    if entry.level == "settlement":
        return ResolvedPlace(
            entry.gazetteer_id,
            "settlement",
            country_name,
            entry.country_code,
            region_name,
            region_id,
            entry.name,
            entry.gazetteer_id,
        )
    city = gazetteer.settlements[entry.within or ""]
    return ResolvedPlace(
        entry.gazetteer_id,
        "district",
        country_name,
        entry.country_code,
        region_name,
        region_id,
        city.name,
        city.gazetteer_id,
        entry.name,
    )


def _district(place: ResolvedPlace, name: str) -> ResolvedPlace:
    return replace(place, level="district", district=" ".join(name.split()))


def _with_part(place: ResolvedPlace, part: str) -> ResolvedPlace:
    return replace(place, part=part)


def place_by_id(gazetteer_id: str | None) -> ResolvedPlace | None:
    """The place a gazetteer id stands for (a claim's `place_id`), with its region and country."""
    if not gazetteer_id:
        return None
    gazetteer = load_gazetteer()
    entry = gazetteer.by_id(gazetteer_id)
    return _placed(gazetteer, entry) if entry else None


def country_place(country_code: str) -> ResolvedPlace | None:
    """The country with this ISO code as a place."""
    gazetteer = load_gazetteer()
    entry = gazetteer.countries.get(country_code)
    return _placed(gazetteer, entry) if entry else None


def claim_place(location: str | None, place_id: str | None) -> ResolvedPlace | None:
    """A claim's place from what it stores: its gazetteer id, narrowed by its phrase's words.

    The id pins the settlement, region or country; the phrase adds what the gazetteer does
    not list, a compass side ("eastern Aleppo") or a named district ("the Old City area of ...").
    """
    place = place_by_id(place_id)
    if place is None or not location:
        return place
    narrowed = _resolve(location, place.country_code)
    return narrowed if narrowed is not None and contains(place, narrowed) else place


def contains(a: ResolvedPlace | None, b: ResolvedPlace | None) -> bool:
    """True when place `b` lies inside place `a` or is the same place.

    A country holds its regions and settlements, a region its settlements, a settlement its
    districts, and a compass side only what lies on that side. Unresolved places hold nothing.
    """
    if a is None or b is None or a.country_code != b.country_code:
        return False
    if a.part is not None and a.part != b.part:
        return False
    if a.level == "country":
        return True
    if a.level == "region":
        return b.region_id == a.region_id and a.region_id is not None
    if a.settlement_id is None or b.settlement_id != a.settlement_id:
        return False
    return a.district is None or _same_district(a, b)


def _same_district(a: ResolvedPlace, b: ResolvedPlace) -> bool:
    return b.district is not None and fold_name(a.district or "") == fold_name(b.district)


def compatible(a: ResolvedPlace | None, b: ResolvedPlace | None) -> bool:
    """False only when the gazetteer knows the two places apart: reports of them can be one event.

    One inside the other, the same place, or places we cannot tell apart (an unresolved
    phrase, a district against a compass side) are compatible; two countries, regions,
    settlements or named districts that differ, or opposite sides of one place, are not.
    """
    return relate(a, b) != "disjoint"


def relate(a: ResolvedPlace | None, b: ResolvedPlace | None) -> str:
    """How `a` stands to `b`: same, within, contains, disjoint, or unknown (unresolved or overlapping)."""
    if a is None or b is None:
        return "unknown"
    inside, around = contains(b, a), contains(a, b)
    if inside and around:
        return "same"
    if inside:
        return "within"
    if around:
        return "contains"
    return "disjoint" if _apart(a, b) else "unknown"


def _apart(a: ResolvedPlace, b: ResolvedPlace) -> bool:
    """A difference the gazetteer or the phrases state, not one we would only guess."""
    if a.country_code != b.country_code:
        return True
    if a.region_id and b.region_id and a.region_id != b.region_id:
        return True
    if a.settlement_id and b.settlement_id and a.settlement_id != b.settlement_id:
        return True
    if a.district and b.district and fold_name(a.district) != fold_name(b.district):
        return True
    return parts_oppose(a.part, b.part)
