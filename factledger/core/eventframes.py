"""An article's event frame: where, when and what kind of event it reports.

Real articles about one event disagree on every detail an exact key would use ("Thursday"
resolved against two publication dates, "western Aleppo" vs no place at all), so events
are found by linking articles, not by keys. The frame is what the linking reads: the
article's main place, the days it speaks of, the kind of event, the names and terms it
uses, and a MinHash signature of its wording that recognises copies of one report.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import numpy as np

from factledger.core.models import Claim
from factledger.core.places import ResolvedPlace, parse_place, resolve_place
from factledger.core.scopes import settlement_key
from factledger.core.segment import is_furniture_line
from factledger.core.timeexpr import find_time_expressions

# Periods that reach far back before any one event: a total over them is background.
BACKGROUND_PERIOD = re.compile(
    r"\bsince the (?:war|conflict|uprising|revolution|crisis|fighting|start|beginning|outbreak)"
    r"|\b(?:this|last) year\b|\bsince (?:19|20)\d\d\b",
    re.IGNORECASE,
)
# Figures that count no people or things: never an event's toll.
NOT_COUNTS = frozenset({"share", "ratio", "duration", "population"})
# A figure's day counts towards its article's event only this far before publication: an
# article names the day of the event it reports, a week or so earlier at most.
LOOKBACK_DAYS = 30
# Only the start of an article is read for its terms and dates: the lead says what it is about.
LEAD_CHARS = 3000
# MinHash permutations: 64 give a Jaccard estimate within about 0.12 at the thresholds used.
NUM_PERM = 64
SHINGLE_WORDS = 3
SEED = 1
# datasketch's 32-bit affine permutations: stored signatures must be read back in the same scheme.
SCHEME = "affine32"

# Categories by the kind of event they describe. A gathering is counted in participants;
# harm in people killed, hurt, missing, displaced or held.
_KIND_OF_CATEGORY = {
    "participants": "gathering",
    "killed": "harm",
    "injured": "harm",
    "missing": "harm",
    "displaced": "harm",
    "homeless": "harm",
    "trapped": "harm",
    "arrested": "harm",
    "detained": "harm",
    "buildings_damaged": "harm",
    "buildings_destroyed": "harm",
    "property_damaged": "harm",
    "attacks": "harm",
    "rescued": "harm",
    "hospitalized": "harm",
    "critical_condition": "harm",
    "bodies_recovered": "harm",
    "in_need": "harm",
}
# Words that say what happened: the field's vocabulary, shared by reports of one event.
EVENT_NOUNS = frozenset(
    [
        "attack",
        "attacks",
        "airstrike",
        "airstrikes",
        "bombing",
        "bombings",
        "blast",
        "blasts",
        "explosion",
        "shelling",
        "strike",
        "strikes",
        "shooting",
        "shootings",
        "gunman",
        "gunmen",
        "massacre",
        "stabbing",
        "crush",
        "stampede",
        "collapse",
        "fire",
        "blaze",
        "earthquake",
        "quake",
        "tsunami",
        "flood",
        "floods",
        "flooding",
        "landslide",
        "storm",
        "hurricane",
        "cyclone",
        "typhoon",
        "tornado",
        "drought",
        "famine",
        "epidemic",
        "outbreak",
        "shipwreck",
        "sinking",
        "capsized",
        "crash",
        "derailment",
        "protest",
        "protests",
        "rally",
        "rallies",
        "march",
        "marches",
        "demonstration",
        "demonstrations",
        "strike",
        "riot",
        "riots",
        "clashes",
        "siege",
        "offensive",
        "raid",
        "ambush",
        "ceasefire",
        "evacuation",
    ]
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "our",
        "not",
        "no",
        "more",
        "than",
        "least",
        "about",
        "after",
        "before",
        "over",
        "under",
        "into",
        "out",
        "up",
        "down",
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "would",
        "could",
        "will",
        "may",
        "might",
        "can",
        "new",
        "news",
        "report",
        "reports",
        "reported",
        "people",
        "killed",
        "injured",
        "dead",
        "death",
        "toll",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "read",
        "more",
        "photo",
        "image",
        "video",
        "live",
        "updates",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
# A capital opens the pattern, so the engine skips to capitals in one scan; the look back
# after it is the word boundary before it (`\b[A-Z]...`).
_NAME = re.compile(r"[A-Z](?<!\w\w)[a-z]+(?:[ -][A-Z][a-z]+)*\b")


@dataclass(frozen=True)
class ArticleFrame:
    """What an article reports: the event's place, days, kind, terms and wording.

    place: the settlement the article's figures keep returning to (lower-cased), None if
        no figure names one.
    first_day, last_day: the days the article speaks of (ISO), from the earliest day its
        lead or its figures name (at most LOOKBACK_DAYS before publication) to its
        publication date; None when nothing dates it.
    kind: "gathering", "harm" or "" (unknown), from the categories of its figures.
    terms: names and event words of its title and lead, lower-cased.
    signature: MinHash values of its word shingles; empty when the text is unknown.
    """

    article_id: str
    published: str | None
    outlet: str | None
    place: str | None
    first_day: str | None
    last_day: str | None
    kind: str
    terms: frozenset[str]
    signature: tuple[int, ...]

    def content(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "published": self.published,
            "outlet": self.outlet,
            "place": self.place,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "kind": self.kind,
            "terms": sorted(self.terms),
            "signature": list(self.signature),
        }

    @classmethod
    def from_content(cls, data: dict[str, Any]) -> ArticleFrame:
        return cls(
            data["article_id"],
            data["published"],
            data["outlet"],
            data["place"],
            data["first_day"],
            data["last_day"],
            data["kind"],
            frozenset(data["terms"]),
            tuple(data["signature"]),
        )

    @property
    def placed(self) -> bool:
        """Place and days are known, so the article can be linked with others by time."""
        return self.place is not None and self.dated

    @property
    def dated(self) -> bool:
        return self.first_day is not None and self.last_day is not None


def frame_article(
    article_id: str,
    published: str | None,
    outlet: str | None,
    title: str | None,
    text: str,
    claims: Sequence[Claim],
) -> ArticleFrame:
    """The frame of an article from its title, its text and the figures found in it.

    A publication date that is not one ISO day ("2016-11", words) dates nothing.
    """
    published = iso_day(published)
    lead = f"{title or ''}\n{text[:LEAD_CHARS]}"
    first, last = _days(published, lead, claims)
    return ArticleFrame(
        article_id=article_id,
        published=published,
        outlet=outlet,
        place=main_place(claims, lead),
        first_day=first,
        last_day=last,
        kind=event_kind(claims),
        terms=lead_terms(lead),
        signature=signature(f"{title or ''}\n{text}"),
    )


def frame_from_claims(article_id: str, claims: Sequence[Claim], published: str | None = None) -> ArticleFrame:
    """A frame read from the figures alone, for an article whose text is not at hand."""
    published = iso_day(published)
    first, last = _days(published, "", claims, own_only=False)
    claims = sorted(claims, key=lambda c: (c.start, c.id))
    outlet = next((c.source_chain[0] for c in claims if c.source_chain), None)
    return ArticleFrame(
        article_id, published, outlet, main_place(claims), first, last, event_kind(claims), frozenset(), ()
    )


def iso_day(text: str | None) -> str | None:
    """The text if it is one ISO day, else None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


def main_place(claims: Iterable[Claim], lead: str = "") -> str | None:
    """The place most figures are placed in, as the gazetteer knows it when it does.

    Figures' places the gazetteer resolves come first (read near the country the title and
    lead name most, so a town's namesake abroad is not taken); then, when none resolves,
    the settlement figures are put "in" (or at, near, from) as written; then the first
    place the title and lead name; then the settlement any figure names as written. A
    background figure (a total since the war began, a share) places nothing while the
    article has others: a report from a city often ends with figures for the whole country.
    The first named in the text breaks ties.
    """
    near = _lead_country(lead)
    # In the order of the text, however the figures were stored: the first named breaks ties.
    claims = sorted(claims, key=lambda c: (c.start, c.id))
    claims = [c for c in claims if not is_background(c)] or claims
    placed = [k for c in claims if (k := place_key(resolve_place(_phrase(c.location), near)))]
    if not placed:
        placed = [k for c in claims if _placed_in(c) and (k := _written_settlement(c))]
    if not placed:
        placed = [k for name in _NAME.findall(lead) if (k := place_key(resolve_place(name, near)))][:1]
    if not placed:
        placed = [k for c in claims if (k := _written_settlement(c))]
    if not placed:
        return None
    counts = Counter(placed)
    return max(counts, key=lambda name: (counts[name], -placed.index(name)))


def is_background(claim: Claim) -> bool:
    """A figure that is no count of the report's own event: a total over a period reaching
    far back ("since the war began", "this year") or a share, a ratio, a duration."""
    far_back = claim.date_text is not None and BACKGROUND_PERIOD.search(claim.date_text) is not None
    return far_back or claim.category in NOT_COUNTS


def _written_settlement(claim: Claim) -> str | None:
    place = parse_place(claim.location)
    return settlement_key(place.settlement) if place is not None else None


def _placed_in(claim: Claim) -> bool:
    """The figure's sentence puts it in its place: "killed in the village of Miznaz"."""
    location = " ".join((claim.location or "").split())
    pattern = r"\b(?:in|at|on|near|from)\s+" + re.escape(location)
    return bool(location) and re.search(pattern, " ".join(claim.quote.split()), re.IGNORECASE) is not None


def _phrase(location: str | None) -> str | None:
    """A place phrase without a trailing possessive ("Serbia's" is Serbia)."""
    return re.sub(r"['’]s\b", "", location) if location else None


def _lead_country(lead: str) -> ResolvedPlace | None:
    """The country the title and lead name most often, to read their place names near.

    Only names of countries count: a town's name alone may be a namesake abroad."""
    found = [
        r for name in _NAME.findall(lead) if (r := resolve_place(name)) is not None and r.level == "country"
    ]
    countries = Counter(r.country_code for r in found)
    if not countries:
        return None
    code = max(countries, key=lambda c: (countries[c], -[r.country_code for r in found].index(c)))
    return next(r for r in found if r.country_code == code)


def place_key(place: ResolvedPlace | None) -> str | None:
    """A resolved place as a frame's place key that resolves back to it: "belgrade, serbia"."""
    if place is None:
        return None
    name = place.settlement or place.region
    return f"{name}, {place.country}".lower() if name else place.country.lower()


@lru_cache(maxsize=65536)
def resolve_key(key: str | None, near: str | None = None) -> ResolvedPlace | None:
    """A place key (lower-cased, as stored) pinned to the gazetteer, read near another key's country."""
    if not key:
        return None
    return resolve_place(key.title(), resolve_key(near) if near and near != key else None)


def event_kind(claims: Iterable[Claim]) -> str:
    """gathering or harm when the figures count only one of them; "" when both or neither.

    A march with arrests counts both, so it may meet reports of either; only a report of
    a gathering alone and one of harm alone are kept apart.
    """
    kinds = {_KIND_OF_CATEGORY[c.category] for c in claims if c.category in _KIND_OF_CATEGORY}
    return kinds.pop() if len(kinds) == 1 else ""


def lead_terms(lead: str) -> frozenset[str]:
    """Names (capitalised runs) and event words of an article's title and lead.

    Page furniture (bulleted headlines of other stories, boilerplate) is no part of the
    lead: a list of related links would drown the report's own names."""
    lead = "\n".join(line for line in lead.splitlines() if not is_furniture_line(line))
    names = {m.group().lower() for m in _NAME.finditer(lead)}
    words = {w.lower() for w in _WORD.findall(lead)}
    terms = {n for n in names if n not in _STOP and len(n) > 2} | (words & EVENT_NOUNS)
    return frozenset(terms)


@cache
def permutations() -> Any:
    """The MinHash permutations of NUM_PERM and SEED: drawn once, not for every article."""
    # Imported when first needed: datasketch's package imports scipy.integrate (half a second
    # of CPU), which a run that finds nothing new to frame never uses.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> tuple[int, ...]:
    """MinHash values of the text's word shingles (lower-cased), for near-duplicate search.

    Each shingle is hashed as datasketch's default hash does (the first four bytes of its
    SHA-1, little-endian), read into one array at once instead of through a Python function
    and an unpack per shingle, which were most of the cost. The minimum ignores their order.
    """
    from datasketch import MinHash

    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return ()
    # zip stops at the shortest tail: one run per word that starts SHINGLE_WORDS words.
    shingles = {" ".join(run) for run in zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)}
    digests = b"".join([hashlib.sha1(shingle.encode()).digest()[:4] for shingle in shingles])
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=permutations(), hashfunc=int)
    minhash.update_batch(np.frombuffer(digests, dtype="<u4").tolist())
    return tuple(int(v) for v in minhash.hashvalues)


def _days(
    published: str | None, lead: str, claims: Sequence[Claim], own_only: bool = True
) -> tuple[str | None, str | None]:
    """The article's days: the earliest day it names (within the lookback) to its publication."""
    named = [*_own_days(claims, own_only), *_lead_days(lead, published)]
    if published:
        end = date.fromisoformat(published)
        recent = [d for d in named if end - timedelta(days=LOOKBACK_DAYS) <= d <= end]
        return min([*recent, end]).isoformat(), end.isoformat()
    if not named:
        return None, None
    return min(named).isoformat(), max(named).isoformat()


def _own_days(claims: Iterable[Claim], own_only: bool) -> list[date]:
    """Days the figures' text names (one-day points only); every figure's day when not own_only."""
    found = []
    for claim in claims:
        named = claim.date_text or not own_only
        day = iso_day(claim.date) if named else None
        if day is not None:
            found.append(date.fromisoformat(day))
    return found


def _lead_days(lead: str, published: str | None) -> list[date]:
    if not lead:
        return []
    times = find_time_expressions(lead, 0, len(lead), published)
    return [date.fromisoformat(t.date) for t in times if t.date and len(t.date) == 10 and not t.is_period]
