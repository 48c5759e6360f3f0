"""Events across articles, and copies of one report.

Articles are linked into one event when their days overlap (with a tolerance for weekdays
resolved against different publication dates and for publication lag), their places are
compatible (the same settlement, or one within the other) and they speak of the same kind
of event in shared names and terms. Only articles that share a block (a place and a week)
are ever compared, so the work grows with the corpus, not with its square. An event is a
connected group of linked articles, named after its first article.

Inside an event, near-duplicate articles (the same wire story in several outlets, with
small edits) are copies of one report: MinHash LSH (datasketch) finds them without
comparing every pair, and each copy points at the report's first appearance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from factledger.core.eventframes import NUM_PERM, SCHEME, SEED, ArticleFrame, permutations, resolve_key
from factledger.core.places import ResolvedPlace, parse_place, place_relation, relate

if TYPE_CHECKING:
    from datasketch import MinHash

# Days two articles' windows may miss each other by and still be one event: a weekday
# resolved against two publication dates, a report published the day after.
TOLERANCE_DAYS = 2
# Share of the smaller term set two articles must share (when both have enough terms).
MIN_TERM_OVERLAP = 0.2
# An undated article is linked on its place and terms alone, so it must share more of them.
UNDATED_TERM_OVERLAP = 0.35
MIN_TERMS = 5
# Jaccard similarity of word shingles from which two articles are copies of one report.
COPY_THRESHOLD = 0.7
# At most this many articles of one block are compared with a new one (the nearest in
# time); beyond it a block is a flood of reports, and later ones link through earlier ones.
BLOCK_LIMIT = 200


@dataclass(frozen=True)
class Events:
    """Which event each article belongs to, and which report each copy repeats."""

    event_of: Mapping[str, str]  # article id -> event id (the id of its first article)
    copy_of: Mapping[str, str]  # article id of a copy -> article id of the first appearance


def blocks(frame: ArticleFrame) -> frozenset[str]:
    """The blocks an article is filed under: its place with each week its days touch, and
    its place alone (`any`, where undated articles look); an undated one under `undated`."""
    if frame.place is None:
        return frozenset()
    place = block_place(frame.place)
    if frame.first_day is None or frame.last_day is None:
        return frozenset({f"{place}|undated", f"{place}|any"})
    return _week_blocks(place, frame.first_day, frame.last_day) | {f"{place}|any"}


def search_blocks(frame: ArticleFrame) -> frozenset[str]:
    """The blocks a new article looks in: its weeks and the undated articles of its place;
    an undated article looks at every article of its place."""
    if frame.place is None:
        return frozenset()
    place = block_place(frame.place)
    if frame.first_day is None or frame.last_day is None:
        return frozenset({f"{place}|any"})
    return _week_blocks(place, frame.first_day, frame.last_day) | {f"{place}|undated"}


def _week_blocks(place: str, first_day: str, last_day: str) -> frozenset[str]:
    first = date.fromisoformat(first_day) - timedelta(days=TOLERANCE_DAYS)
    last = date.fromisoformat(last_day) + timedelta(days=TOLERANCE_DAYS)
    weeks = {_week(first + timedelta(days=d)) for d in range(0, (last - first).days + 1, 7)} | {_week(last)}
    return frozenset(f"{place}|{week}" for week in weeks)


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def linked(a: ArticleFrame, b: ArticleFrame) -> bool:
    """Two placed articles report one event: days, place, kind and terms all agree.

    An undated article has no days to compare: it is linked on place, kind and a larger
    share of shared terms.
    """
    if a.place is None or b.place is None or not _places_meet(a, b) or not _kinds_meet(a, b):
        return False
    if not (a.dated and b.dated):
        return _terms_meet(a, b, UNDATED_TERM_OVERLAP, strict=True)
    return _days_meet(a, b) and _terms_meet(a, b)


def _days_meet(a: ArticleFrame, b: ArticleFrame) -> bool:
    assert a.first_day and a.last_day and b.first_day and b.last_day  # placed
    gap = timedelta(days=TOLERANCE_DAYS)
    a_first, a_last = date.fromisoformat(a.first_day), date.fromisoformat(a.last_day)
    b_first, b_last = date.fromisoformat(b.first_day), date.fromisoformat(b.last_day)
    return a_first - gap <= b_last and b_first - gap <= a_last


def _places_meet(a: ArticleFrame, b: ArticleFrame) -> bool:
    return places_nest(a.place, b.place)


def places_nest(a: str | None, b: str | None) -> bool:
    """Two places (lower-cased) are the same, or one lies within the other: through the
    gazetteer when both resolve ("belgrade" in "serbia"), else by their words."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    found_a, found_b = resolved(a), resolved(b)
    if found_a is not None and found_b is not None:
        return relate(found_a, found_b) in ("same", "within", "contains")
    return place_relation(parse_place(a.title()), parse_place(b.title())) in ("within", "contains")


def resolved(place: str | None, near: str | None = None) -> ResolvedPlace | None:
    """A frame's or slot's place key pinned to the gazetteer, read near another key's country."""
    return resolve_key(place, near)


def block_place(place: str) -> str:
    """The place part of a block: the country of a resolved place, so a city and its country
    (or two districts of one city) share a block; an unresolved place's own key."""
    found = resolved(place)
    return f"country:{found.country_code}" if found is not None else place


def _kinds_meet(a: ArticleFrame, b: ArticleFrame) -> bool:
    return not a.kind or not b.kind or a.kind == b.kind


def _terms_meet(
    a: ArticleFrame, b: ArticleFrame, share: float = MIN_TERM_OVERLAP, strict: bool = False
) -> bool:
    if len(a.terms) < MIN_TERMS or len(b.terms) < MIN_TERMS:
        return not strict  # too little text to judge: place and days decide, if known
    shared = len(a.terms & b.terms)
    return shared >= share * min(len(a.terms), len(b.terms))


def resolve_events(frames: Iterable[ArticleFrame]) -> Events:
    """Link articles into events (compared only within shared blocks), then find copies."""
    ordered = sorted({f.article_id: f for f in frames}.values(), key=first_order)
    groups = _DisjointSets([f.article_id for f in ordered])
    for block, members in _by_block(ordered).items():
        if block.endswith("|any"):
            _link_undated(members, groups)
        else:
            _link_block(members, groups)
    event_of = {f.article_id: groups.find(f.article_id) for f in ordered}
    by_event: dict[str, list[ArticleFrame]] = defaultdict(list)
    for frame in ordered:
        by_event[event_of[frame.article_id]].append(frame)
    copy_of: dict[str, str] = {}
    for members in by_event.values():
        copy_of.update(find_copies(members))
    return Events(event_of, copy_of)


def first_order(frame: ArticleFrame) -> tuple[str, str, str]:
    """Articles in the order they appeared: dated before undated, then by id."""
    return (frame.published or "9999", frame.last_day or "9999", frame.article_id)


def _by_block(frames: list[ArticleFrame]) -> dict[str, list[ArticleFrame]]:
    index: dict[str, list[ArticleFrame]] = defaultdict(list)
    for frame in frames:
        for block in blocks(frame):
            index[block].append(frame)
    return index


def _link_block(members: list[ArticleFrame], groups: _DisjointSets) -> None:
    """Link the articles of one block; each is compared with at most BLOCK_LIMIT before it."""
    for index, frame in enumerate(members):
        for other in members[max(0, index - BLOCK_LIMIT) : index]:
            if groups.find(other.article_id) != groups.find(frame.article_id) and linked(frame, other):
                groups.union(other.article_id, frame.article_id)


def _link_undated(members: list[ArticleFrame], groups: _DisjointSets) -> None:
    """Link each undated article of a place with at most BLOCK_LIMIT dated ones (the latest)."""
    dated = [f for f in members if f.dated][-BLOCK_LIMIT:]
    for frame in (f for f in members if not f.dated):
        for other in dated:
            if groups.find(other.article_id) != groups.find(frame.article_id) and linked(frame, other):
                groups.union(other.article_id, frame.article_id)


def find_copies(members: list[ArticleFrame]) -> dict[str, str]:
    """Copy -> first appearance, for near-duplicate articles among one event's members."""
    signed = sorted((f for f in members if len(f.signature) == NUM_PERM), key=first_order)
    if len(signed) < 2:
        return {}
    from datasketch import MinHashLSH  # see eventframes.permutations: imported when first needed

    lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM, params=lsh_bands())
    hashes = {f.article_id: _minhash(f.signature) for f in signed}
    copies = _DisjointSets([f.article_id for f in signed])
    for frame in signed:
        mine = hashes[frame.article_id]
        for other in lsh.query(mine):
            if mine.jaccard(hashes[other]) >= COPY_THRESHOLD:
                copies.union(str(other), frame.article_id)
        lsh.insert(frame.article_id, mine)
    found = {f.article_id: copies.find(f.article_id) for f in signed}
    return {article: first for article, first in found.items() if article != first}


def _minhash(values: tuple[int, ...]) -> MinHash:
    from datasketch import MinHash

    hashvalues = np.array(values, dtype=np.uint32)
    return MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=hashvalues, permutations=permutations()
    )


@cache
def lsh_bands() -> tuple[int, int]:
    """The LSH bands and rows for the copy threshold, worked out once (datasketch integrates
    false positive and negative rates for every index it builds otherwise)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM)
    return index.b, index.r


class _DisjointSets:
    """Union-find whose root is always the member that came first (its insertion rank)."""

    def __init__(self, members: list[str]) -> None:
        self.rank = {m: i for i, m in enumerate(members)}
        self.parent = {m: m for m in members}

    def find(self, member: str) -> str:
        root = member
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[member] != root:
            self.parent[member], member = root, self.parent[member]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=self.rank.__getitem__)
            self.parent[second] = first
