"""What a figure counts, read from the frame that governs it rather than the nearest word.

A figure's category comes from, in order:

1. its counted noun when the noun fixes it ("three suicide bombings", "ten days", "twelve
   bridges" with a damage verb, "40 percent", "700,000 livestock");
2. the predicate of its own clause: the verb or adjective phrase after the noun phrase,
   shared by a coordinated list of noun phrases ("992 houses, 170 shops and 15 bridges were
   destroyed") but never borrowed across another figure's predicate ("15 were killed and
   100 wounded": each figure hangs on its own verb);
3. a noun of the crowd or of the aftermath that sets a default ("thousands of mourners",
   "104 survivors", "78 bodies");
4. the frame before it: a transitive verb or gerund ("killing 58", "damaged 3,500 km") or a
   measure noun whose complement it is ("the death toll rose to 50", "put the turnout at
   300,000", "the camp population reached 1.5 million");
5. the frame carried from the figures before it in the paragraph, or in the previous
   paragraph when this one has none ("The dead include 16 countries ... Others are: Chad 11").

Frames are vocabulary of the field (casualty verbs, crowd verbs, measure nouns), kept in
`categories.py`; this module holds the rules only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from factledger.core.categories import (
    ANAPHORIC_MEASURES,
    BEFORE_FRAMES,
    MEASURE_NOUNS,
    NOUN_CATEGORIES,
    NOUN_DEFAULTS,
    PLACE_NOUNS,
    PREDICATES,
    PROPERTY_NOUNS,
    RESPONDER_NOUNS,
    SUBJECT_NOUNS,
    THING_NOUNS,
)
from factledger.core.wordtrie import phrase_alternation, whole_words

# What a predicate can say of any plural noun ("50 Iranians died"); measures and carried
# frames need a noun known to count people.
_PEOPLE_PREDICATE_FRAMES = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "hospitalized",
        "critical_condition",
        "rescued",
        "trapped",
        "displaced",
        "homeless",
        "in_need",
        "participants",
        "arrested",
        "detained",
    }
)
# Frames that are verbs of damage: their category depends on what was damaged.
DAMAGE_FRAMES = frozenset({"damaged", "destroyed"})


def _alternation(phrases: Iterable[str]) -> str:
    return phrase_alternation(phrases, ignore_case=True, any_spaces=True)


def _whole_words(phrases: Iterable[str]) -> str:
    return whole_words(phrases, ignore_case=True, any_spaces=True)


_PREDICATE = re.compile(_whole_words(PREDICATES), re.IGNORECASE)
_PREDICATE_FRAME = {k.lower(): v for k, v in PREDICATES.items()}
_INNER_NOUN = {**NOUN_DEFAULTS, **NOUN_CATEGORIES, **THING_NOUNS}
_DEFAULT_NOUN = re.compile(_whole_words(_INNER_NOUN), re.IGNORECASE)
# A figure that measures a change or a difference, not a count of its own: "lowered the
# toll by more than 100", "almost 100 fewer than", "less by 100".
_DIFFERENCE_BEFORE = re.compile(
    r"\b(?:lowered|raised|reduced|revised|increased|decreased|cut|less|fewer|more|higher|lower|"
    r"up|down|rose|fell|dropped)\b[^.;:]{0,70}?\bby\s+$",
    re.IGNORECASE,
)
_DIFFERENCE_AFTER = re.compile(r"^\s+(?:\w+\s+)?(?:fewer|more|less|lower|higher)\s+than\b", re.IGNORECASE)
_BEFORE = re.compile(_whole_words(BEFORE_FRAMES), re.IGNORECASE)
_BEFORE_FRAME = {k.lower(): v for k, v in BEFORE_FRAMES.items()}
_MEASURE = re.compile(_whole_words([*MEASURE_NOUNS, *ANAPHORIC_MEASURES]), re.IGNORECASE)
# A figure is the complement of a measure noun when the words before it end in a link.
_LINKS = """to at of is was were are reached reaching hit hits topped tops stands stood remains
    remained accumulates total totals totaled totalled crossed surpassed exceeded passed be between
    from now include includes included showed shows has have had in numbered numbering""".split()  # noqa: SIM905
_LINK_END = re.compile(
    rf"(?:\b{_alternation([*_LINKS, 'in the'])}\s+"
    r"(?:\w+ly\s+|somewhere\s+|still\s+|now\s+|already\s+)?|[:—–-]\s*)$",
    re.IGNORECASE,
)
_POPULATION_BEFORE = re.compile(
    rf"\b(?:{_alternation(PLACE_NOUNS)})\s+of\s+(?:some\s+|about\s+|around\s+|nearly\s+|"
    r"more\s+than\s+|over\s+)?$|\bpopulation\s+(?:of|is|was|stands\s+at)\s+(?:some\s+|about\s+)?$",
    re.IGNORECASE,
)
_POPULATION_AFTER = re.compile(rf"^[\s-]*(?:{_alternation(PLACE_NOUNS)})\b(?!\s+[a-z]+s\b)", re.IGNORECASE)
_CLAUSE_STOP = re.compile(r"[.;:!?()\[\]“”\"]|\s[–—]\s|,\s+(?:who|which|while|but|whereas|as)\b")
# Between two coordinated noun phrases ("992,871 houses, 170 bridges and"): only a noun
# phrase and a coordinator, so the later predicate is shared.
_COORDINATION = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?[A-Za-z’'-]+\s*(?:,|,?\s+and|,?\s+or)\s*$")
# "28 people, including 11 children and three women, were killed": the breakdown is an
# apposition; the predicate after it is the total's too.
_SUBCOUNT_OPEN = re.compile(r",\s*(?:including|among them|among whom|of whom)\s*$", re.IGNORECASE)
_PREDICATE_REACH = 75
_OBJECT_GAP = re.compile(r"\s+(?:(?:a|an|the|some|another|at\s+least|more\s+than|over|nearly|about)\s+)?")
_IMMEDIATE_VERB = re.compile(
    rf"\b(?P<verb>{_alternation(BEFORE_FRAMES)})\s+(?:(?:a|an|the|some|another)\s+)?$", re.IGNORECASE
)
_BEFORE_REACH = 60


@dataclass(frozen=True)
class FigureSpan:
    """A figure's offsets in the text, the only thing frame reading needs of it."""

    start: int
    end: int


def noun_class(noun: str | None) -> str:
    """people, responder, building, property, thing, fixed (a noun that names its category),
    unknown (a plural noun of no known class: "three stations") or none."""
    head = noun.split()[-1] if noun else None
    if head is None:
        return "none"
    if head in NOUN_CATEGORIES:
        return "fixed"
    if head in PROPERTY_NOUNS:
        return "property"
    if head in THING_NOUNS:
        return "thing"
    if head in _BUILDINGS:
        return "building"
    if head in RESPONDER_NOUNS:
        return "responder"
    return "people" if head in _PEOPLE_NOUNS or not head.endswith("s") else "unknown"


_BUILDINGS = frozenset(
    {"buildings", "building", "houses", "house", "homes", "home", "shops", "shop", "structures"}
    | {"apartments", "schools", "hospitals", "factories", "dwellings", "shelters", "stores"}
)


_PEOPLE_NOUNS = (
    frozenset(SUBJECT_NOUNS)
    | frozenset(NOUN_DEFAULTS)
    | frozenset(
        """people persons others pilgrims migrants passengers residents nationals citizens folks crew
    tourists visitors students workers employees officers members victims""".split()  # noqa: SIM905
    )
)


def noun_category(noun: str | None) -> str | None:
    """The category a counted noun fixes on its own ("ten days", "two mosques")."""
    head = noun.split()[-1] if noun else None
    if head is None:
        return None
    if head in NOUN_CATEGORIES:
        return NOUN_CATEGORIES[head]
    if head in THING_NOUNS:
        return THING_NOUNS[head]
    return None


def resolve(frame: str, klass: str) -> str:
    """A frame read for a noun: damage verbs split by what was damaged; things stay other."""
    if frame in DAMAGE_FRAMES:
        if klass == "property":
            return "property_damaged"
        if klass in ("building", "none"):
            return "buildings_destroyed" if frame == "destroyed" else "buildings_damaged"
        return "other"
    if klass in ("building", "property", "thing"):
        return "other"
    if klass == "unknown" and frame not in _PEOPLE_PREDICATE_FRAMES:
        return "other"
    if klass == "responder" and frame in ("participants", "rescued", "displaced", "in_need"):
        return "other"  # police deployed to a rally are not part of the crowd
    return frame


def predicate_after(text: str, limit: int, noun_end: int) -> str | None:
    """The frame of the predicate that follows the figure's noun phrase in its clause, read
    up to `limit` (the figure's entry in `shared_predicate_limits`)."""
    window_end = min(limit, noun_end + _PREDICATE_REACH)
    stop = _CLAUSE_STOP.search(text, noun_end, window_end)
    window_end = stop.start() if stop else window_end
    for match in _PREDICATE.finditer(text, noun_end, window_end):
        if not _in_name(text, match.start()) and not _governs_next(text, match.end(), limit):
            return _PREDICATE_FRAME[_norm(match.group())]
    return None


def _governs_next(text: str, end: int, next_start: int) -> bool:
    """ "killed scores of people and injured hundreds": the verb's object is the next figure."""
    return _OBJECT_GAP.fullmatch(text, end, next_start) is not None


def _in_name(text: str, at: int) -> bool:
    """A capitalised word after a lower-case one is part of a name ("800 other March For Our
    Lives events"); in a title-case headline the word before is the figure, not a word."""
    if not text[at].isupper():
        return False
    before = text[max(0, at - 30) : at].split()
    return bool(before) and before[-1][:1].islower()


def shared_predicate_limits(text: str, figures: list[FigureSpan], end: int) -> list[int]:
    """For each figure of a sentence, how far its predicate is searched: up to the next
    figure, or past it when the two are coordinated noun phrases.

    Worked out from the last figure back, so a list of thousands of coordinated figures
    costs one step each instead of a walk to its end from every figure.
    """
    limits = [end] * len(figures)
    for at in range(len(figures) - 2, -1, -1):
        gap = text[figures[at].end : figures[at + 1].start]
        transparent = _COORDINATION.match(gap) or _SUBCOUNT_OPEN.search(gap)
        limits[at] = figures[at + 1].start if not transparent or _PREDICATE.search(gap) else limits[at + 1]
    return limits


def frame_before(text: str, floor: int, start: int) -> str | None:
    """The nearest verb before the figure in its sentence that governs it ("killing 58")."""
    low = max(floor, start - 160)
    verbs = list(_BEFORE.finditer(text, max(low, start - _BEFORE_REACH), start))
    return _BEFORE_FRAME[_norm(verbs[-1].group())] if verbs else None


def measure_before(text: str, floor: int, start: int) -> tuple[str | None, bool] | None:
    """The frame of a measure noun whose complement the figure is; None when there is none."""
    return _measure_before(text, max(floor, start - 160), start)


def _measure_before(text: str, low: int, start: int) -> tuple[str | None, bool] | None:
    if not _LINK_END.search(text, max(low, start - 30), start):
        return None
    for match in reversed(list(_MEASURE.finditer(text, low, start))):
        gap = text[match.end() : start]
        if _CLAUSE_STOP.search(gap) or _BEFORE.search(gap):
            return None
        name = _norm(match.group())
        if name in MEASURE_NOUNS and not _PREDICATE.search(gap):
            return MEASURE_NOUNS[name], False
        if name in ANAPHORIC_MEASURES:
            # "the number of workers rescued alive reached": what is counted follows "of".
            head = gap[:50] if re.match(r"\s+of\b", gap) else ""
            inner = _PREDICATE.search(head) or _DEFAULT_NOUN.search(head)
            if inner is not None:
                word = _norm(inner.group())
                return _PREDICATE_FRAME.get(word) or _INNER_NOUN[word], False
            return None, True
    return None


def is_difference(text: str, start: int, end: int) -> bool:
    """The size of a change or a gap ("lowered by 100", "almost 100 fewer than")."""
    before = text[max(0, start - 90) : start]
    # Only a window ending in "by " can end in the change pattern: testing that first spares
    # most figures a scan of the whole window.
    by_before = before[-1:].isspace() and before.rstrip()[-2:].lower() == "by"
    if by_before and _DIFFERENCE_BEFORE.search(before):
        return True
    return _DIFFERENCE_AFTER.match(text, end, end + 40) is not None


def governing_verb(text: str, floor: int, start: int) -> str | None:
    """A verb right before the figure that takes it as its object ("killed 769 pilgrims")."""
    match = _IMMEDIATE_VERB.search(text, max(floor, start - 30), start)
    return _BEFORE_FRAME[_norm(match.group("verb"))] if match else None


def is_population(text: str, start: int, end: int) -> bool:
    """ "a nation of 21 million people", "the 7.5 million region", "population of 4,000"."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    return bool(_POPULATION_BEFORE.search(before) or _POPULATION_AFTER.match(after))


def default_of(noun: str | None) -> str | None:
    """The category a crowd or aftermath noun implies when no predicate says otherwise."""
    head = noun.split()[-1] if noun else None
    return NOUN_DEFAULTS.get(head) if head else None


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower())


class FrameMemory:
    """The frame a figure without one inherits: the paragraph's, else the last paragraph's."""

    def __init__(self) -> None:
        self.paragraph = -1
        self.current: str | None = None
        self.previous: str | None = None

    def enter(self, paragraph: int) -> None:
        if paragraph != self.paragraph:
            self.paragraph = paragraph
            self.previous = self.current or self.previous
            self.current = None

    def carried(self) -> str | None:
        return self.current or self.previous

    def learn(self, frame: str | None) -> None:
        if frame is not None and frame not in ("other", "share", "duration", "population"):
            self.current = frame
