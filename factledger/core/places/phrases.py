"""Place phrases as written in news text, read as settlement, part and district.

Reconciliation must know whether two reports speak of the same place: a neighbourhood lies
in its city, "eastern Aleppo" and "western Aleppo" do not overlap, and a phrase we cannot
pin down ("the city's eastern districts" with no city) relates to nothing. There is no
gazetteer: two different named settlements are of unknown relation, never assumed apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

RELATIONS = ("same", "within", "contains", "disjoint", "unknown")

_COMPASS = {
    "north": "north",
    "south": "south",
    "east": "east",
    "west": "west",
    "northeast": "northeast",
    "northwest": "northwest",
    "southeast": "southeast",
    "southwest": "southwest",
    "central": "central",
    "centre": "central",
    "center": "central",
}
_OPPOSITES = (frozenset({"east", "west"}), frozenset({"north", "south"}))

# Words that describe a place without naming it; they never become part of a name.
_GENERIC_WORDS = """
the a an several some many most all parts part area areas neighborhood neighborhoods
neighbourhood neighbourhoods district districts quarter quarters suburb suburbs
outskirts countryside side sides city cities town towns village villages province
governorate region residential positions position government regime rebel rebels
opposition its city's town's held controlled besieged under siege shelling attack
attacks
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_HELD = re.compile(r"-(held|controlled|run|besieged)$")
_SPLIT = re.compile(r"\s*,\s*|\s+(?:in|of|at|on|inside|within)\s+")
_POSSESSIVE = re.compile(r"'s?$")  # "Kenya's" names Kenya
_PAREN = re.compile(r"\(([^)]*)\)")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Place:
    """A place narrowed down from settlement to part (compass side) to district.

    Fields are lower-cased and normalised; `settlement` None means the phrase named no
    settlement we could resolve, so its relation to any other place is unknown.
    """

    settlement: str | None
    part: str | None = None
    district: str | None = None


def parse_place(phrase: str | None) -> Place | None:
    """Read a place phrase as written ("Bustan al-Qasr area of western Aleppo").

    A parenthetical gloss ("the city's eastern districts (east Aleppo)") fills in what the
    main phrase leaves open. Returns None when the phrase names no place at all.
    """
    return None if phrase is None else _parse_phrase(phrase)


@lru_cache(maxsize=65536)
def _parse_phrase(phrase: str) -> Place | None:
    # Place phrases repeat across a corpus ("eastern Aleppo"), and a Place is immutable.
    text = _clean(phrase)
    glosses = _PAREN.findall(text)
    main = _parse_plain(_PAREN.sub(" ", text))
    for gloss in glosses:
        main = _fill_in(main, _parse_plain(gloss))
    if main == Place(None):
        return None
    return main


def place_relation(a: Place | None, b: Place | None) -> str:
    """How place `a` stands to place `b`: same, within, contains, disjoint or unknown."""
    if a is None or b is None or a.settlement is None or b.settlement is None:
        return "unknown"
    if a.settlement != b.settlement:
        return "unknown"
    part = _relate_parts(a.part, b.part)
    district = _relate_levels(a.district, b.district)
    return _combine(part, district)


def clean_phrase(phrase: str) -> str:
    """The phrase with quotes and dashes made plain, stray letters of other scripts and glosses dropped."""
    return " ".join(_PAREN.sub(" ", _clean(phrase)).split())


def name_segments(text: str) -> list[str]:
    """The names a cleaned phrase holds, outermost first, as written ("Pakistan", "Karachi").

    A list of places ("New Aleppo, Al-Furqan and Zahraa") is no single place: no names.
    """
    if any(token.lower() in ("and", "&") for token in text.split()):
        return []
    names = []
    for segment in reversed([s for s in _SPLIT.split(text.strip()) if s]):
        kept = [_POSSESSIVE.sub("", t.strip(".,;:'\"")) for t in segment.split() if not _is_descriptive(t)]
        if any(_is_capitalised(t) for t in kept):
            names.append(" ".join(kept))
    return names


def phrase_part(text: str) -> str | None:
    """The compass side a cleaned phrase names ("eastern Aleppo": east), if any."""
    return _find_part(text.split())


def _clean(phrase: str) -> str:
    text = unicodedata.normalize("NFKC", phrase).translate(_QUOTES)
    # Stray letters from other scripts inside English words ("neighbo\u0639rhoods").
    text = "".join(ch for ch in text if ch.isascii() or not ch.isalpha() or _is_latin(ch))
    return re.split(r"\s+near\s+", text, maxsplit=1)[0].strip()


def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _parse_plain(text: str) -> Place:
    """Walk the segments from the outermost ("... of western Aleppo") inwards."""
    segments = [s for s in _SPLIT.split(text.strip()) if s]
    if any(token.lower() in ("and", "&") for token in text.split()):
        # A list of places ("New Aleppo, Al-Furqan and Zahraa") is no single place.
        return Place(None, _find_part(text.split()), None)
    names: list[str] = []
    part: str | None = None
    for segment in reversed(segments):
        tokens = segment.split()
        part = _find_part(tokens) or part
        name = _find_name(tokens)
        if name is not None:
            names.append(name)
    settlement = names[0] if names else None
    district = names[1] if len(names) > 1 else None
    return Place(settlement, part, district)


def _find_part(tokens: list[str]) -> str | None:
    for token in tokens:
        part = _compass(token)
        if part is not None:
            return part
    return None


def _compass(token: str) -> str | None:
    word = token.lower().replace("-", "").strip(".'")
    if word.endswith("ern"):
        word = word[: -len("ern")]
    return _COMPASS.get(word)


def _find_name(tokens: list[str]) -> str | None:
    """The tokens left after dropping descriptive words, if any of them is capitalised."""
    kept = [t for t in tokens if not _is_descriptive(t)]
    if not any(_is_capitalised(t) for t in kept):
        return None
    return " ".join(t.strip(".,;:'\"").lower() for t in kept)


def _is_descriptive(token: str) -> bool:
    word = token.lower().strip(".,;:'\"")
    return word in _GENERIC or _HELD.search(word) is not None or _compass(token) is not None


def _is_capitalised(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    return bool(letters) and letters[0].isupper()


def _fill_in(main: Place, gloss: Place) -> Place:
    """Take from the gloss only what the main phrase left open, and only if they agree."""
    if main.settlement is not None and gloss.settlement not in (None, main.settlement):
        return main
    if main.part is not None and gloss.part not in (None, main.part):
        return main
    return Place(
        main.settlement or gloss.settlement,
        main.part or gloss.part,
        main.district or gloss.district,
    )


def parts_oppose(a: str | None, b: str | None) -> bool:
    """True for compass sides that cannot overlap ("east" and "west", "northeast" and "south")."""
    if a is None or b is None:
        return False
    return any(pair <= _components(a) | _components(b) for pair in _OPPOSITES) and a != b


def _components(part: str) -> frozenset[str]:
    if part == "central":
        return frozenset({"central"})
    return frozenset(p for p in ("north", "south", "east", "west") if p in part)


def _relate_parts(a: str | None, b: str | None) -> str:
    if a is None or b is None or a == b:
        return _relate_levels(a, b)
    ca, cb = _components(a), _components(b)
    if any(pair <= ca | cb for pair in _OPPOSITES):
        return "disjoint"
    if cb < ca:
        return "within"
    if ca < cb:
        return "contains"
    return "unknown"


def _relate_levels(a: str | None, b: str | None) -> str:
    """A missing level is the whole of the level above, so it contains any named one."""
    if a == b:
        return "same"
    if a is None:
        return "contains"
    if b is None:
        return "within"
    return "disjoint"


def _combine(part: str, district: str) -> str:
    if "disjoint" in (part, district):
        return "disjoint"
    if "unknown" in (part, district):
        return "unknown"
    narrowing = {part, district} - {"same"}
    if not narrowing:
        return "same"
    if len(narrowing) == 1:
        return narrowing.pop()
    # One side names the district, the other the part: we cannot tell if one is in the other.
    return "unknown"
