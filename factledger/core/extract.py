"""Numeric claims from articles: each figure with what it counts, about whom, where,
when and who says so.

The rule extractor walks each article sentence by sentence (skipping boilerplate spans),
asks `numbers.find_figures` for the figures, reads the words around each figure for its
category and subject, and carries time and speaker across sentences the way reporters
write. It is deterministic and offline; another extractor (a model) can stand in for it
through the `Extractor` protocol.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from factledger.core.attribution import (
    ATTRIBUTION_VERSION,
    UNNAMED_REPORT_AFTER,
    Attribution,
    SentenceCues,
    SpeakerMemory,
    build_source_chain,
    clause_spans,
    contrastive_clause_starts,
    find_attributions,
    refers_back,
)
from factledger.core.categories import (
    ATTACK_NOUNS,
    BUILDING_NOUNS,
    CUMULATIVE_MARKERS,
    DURATION_NOUNS,
    NOUN_CATEGORIES,
    NOUN_DEFAULTS,
    PEOPLE_CATEGORIES,
    PROPERTY_NOUNS,
    SUBJECT_NOUNS,
    THING_NOUNS,
    VOCABULARY_VERSION,
)
from factledger.core.frames import (
    FigureSpan,
    FrameMemory,
    default_of,
    frame_before,
    governing_verb,
    is_difference,
    is_population,
    measure_before,
    noun_category,
    noun_class,
    predicate_after,
    resolve,
    shared_predicate_limits,
)
from factledger.core.models import Article, Claim, Figure
from factledger.core.numbers import NUMBERS_VERSION, find_figures
from factledger.core.places import ResolvedPlace, parse_place, resolve_place
from factledger.core.places.dateline import Dateline, find_dateline
from factledger.core.places.resolve import country_place, is_place_phrase
from factledger.core.roles import RoleBook, read_roles
from factledger.core.segment import is_furniture_line
from factledger.core.spans import Nearest
from factledger.core.timeexpr import (
    TIMEEXPR_VERSION,
    TimeExpression,
    anchor_period,
    find_time_expressions,
    publication_date,
)

RULES_VERSION = "rules-3"
EXTRACTOR_VERSION = (
    f"{RULES_VERSION}+{NUMBERS_VERSION}+{VOCABULARY_VERSION}+{ATTRIBUTION_VERSION}+{TIMEEXPR_VERSION}"
)

_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Gen",
    "Lt",
    "Col",
    "Capt",
    "Sgt",
    "Prof",
    "Rev",
    "Sen",
    "Rep",
    "Gov",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "No",
    "Vol",
    "vs",
    "etc",
    "U.S",
    "U.N",
    "U.K",
    "E.U",
    "Inc",
    "Ltd",
    "Co",
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")|\b[A-Z])\.$"
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_NOUN_STOP = frozenset(
    """were was are is had have has been be being and or of in on at to from by with who
    which that when as confirmed reportedly more less than who's others' said say says
    the a an their its his her killed injured wounded dead died including among after before
    since for into over amid during than per across through under while but so if because
    until till following about around like via within without against toward towards""".split()  # noqa: SIM905
)
# A counted noun phrase ends at punctuation or another number ("992 houses, 170 bridges").
_PHRASE_END = re.compile(r"[,;:.()\[\]“”\"—–]|\d")
_NOUN_ADJUNCTS = frozenset({"other", "more", "additional", "further", "extra", "new", "others'"})
_QUOTE_OPENERS = frozenset('“"‘')
_OF_DETERMINERS = frozenset({"its", "their", "the", "his", "her", "our", "those", "these"})
_KNOWN_NOUNS = (
    frozenset(SUBJECT_NOUNS)
    | ATTACK_NOUNS
    | BUILDING_NOUNS
    | DURATION_NOUNS
    | frozenset(NOUN_CATEGORIES)
    | frozenset(NOUN_DEFAULTS)
    | frozenset(THING_NOUNS)
    | PROPERTY_NOUNS
    | frozenset({"percent", "per cent", "journalists", "doctors", "nurses", "medics"})
)
_SUBCOUNT_CUE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|among those|among the dead|"
    r"most of them|mostly)\b[\s,:]*$",
    re.IGNORECASE,
)
_SUBCOUNT_CHAIN = re.compile(r"^\s*[A-Za-z-]+(?:\s+[A-Za-z-]+)?\s*(?:,|and|,\s*and)\s*$")
_PLACE = re.compile(
    # Not "from": "an offensive launched from east Aleppo" names an origin, not where people died.
    r"\b(?:in|on|of|at|near|across|around|outside|inside)\s+"
    r"(?P<place>(?:the\s+(?:(?:village|town|city|district|neighbou?rhood|province|suburb|area|"
    r"outskirts|countryside|region|governorate)s?\s+of\s+))?"
    r"(?:(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|central)\s+)?"
    r"(?:[A-Z][\w’'-]*|al-[A-Z][\w’'-]*)(?:[\s-]+(?:al-)?[A-Z][\w’'-]*)*"
    r"(?:\s+(?:area|district|neighbou?rhood|province|suburb)\s+of\s+"
    r"(?:(?:north|south|east|west)(?:ern)?\s+)?[A-Z][\w’'-]*)?)"
)
# The run of names is atomic: a hyphen may end a word or join two, and trying every split
# of a long hyphenated run before giving up took exponential time.
_AREA = re.compile(
    r"\bthe\s+(?>(?:al-)?[A-Z][\w’'-]*(?:[\s-]+(?:al-)?[A-Z][\w’'-]*)*)\s+"
    r"(?:area|district|neighbou?rhood|quarter|suburb)\s+of\s+"
    r"(?:(?:north|south|east|west)(?:ern)?\s+)?[A-Z][\w’'-]*"
)
_NOT_PLACES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The Russian Syrian Russia's UN
    Twitter Telegram Facebook He She They It""".split()  # noqa: SIM905
)


class Extractor(Protocol):
    """Anything that turns a document's text and its articles into claims."""

    @property
    def version(self) -> str:
        """Recorded with every claim and extract activity; a new version re-extracts."""
        ...

    def extract(self, text: str, articles: Sequence[Article]) -> list[Claim]: ...


@dataclass(frozen=True)
class Sentence:
    """A sentence span of the document text and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class _Context:
    """What the sentence around a figure tells about it."""

    article: Article
    article_id: str
    sentence: Sentence
    figures: tuple[Figure, ...]
    times: _SentenceTimes
    attributions: SentenceCues
    location: str | None
    place: ResolvedPlace | None  # the location resolved in the gazetteer
    roles: RoleBook
    frames: FrameMemory
    predicate_limits: list[int]  # how far each figure's predicate is searched
    quote: str  # one string shared by every claim of the sentence, not a copy each
    names_cumulative: bool  # the sentence holds a marker of a running total


class RuleExtractor:
    """The default extractor: word rules over figures found by `numbers`."""

    @property
    def version(self) -> str:
        # Read at call time, like the version each claim records, so the two never disagree.
        return EXTRACTOR_VERSION

    def extract(self, text: str, articles: Sequence[Article]) -> list[Claim]:
        """Claims of every article, in document order; offsets are into `text`."""
        claims: list[Claim] = []
        for article in articles:
            claims.extend(self._extract_article(text, article))
        return claims

    def _extract_article(self, text: str, article: Article) -> list[Claim]:
        claims: list[Claim] = []
        speakers = SpeakerMemory()
        times = _TimeMemory()
        frames = FrameMemory()
        sentences = list(split_sentences(text, article))
        figures = _bucket(sentences, _figures_in(text, article))
        counted = {s.paragraph for s, f in zip(sentences, figures, strict=True) if f}
        found_times = _times_by_sentence(text, article, sentences, counted)
        dateline = find_dateline(text, sentences[0].start, sentences[0].end) if sentences else None
        places = locate_sentences(text, sentences, counted, dateline.text if dateline else None)
        near = _article_place(places, dateline)
        roles = read_roles(text, _runs_outside_skips(article))
        last_speaker: tuple[int, str] | None = None
        previous_figures: tuple[int, int] | None = None  # sentence index, first claim index
        article_id = article.id
        for index, sentence in enumerate(sentences):
            carried = times.carry(sentence.paragraph, found_times[index])
            frames.enter(sentence.paragraph)
            cues = find_attributions(text, sentence.start, sentence.end)
            opens_quote = text[sentence.start : sentence.start + 1] in _QUOTE_OPENERS
            attributions = speakers.attribute_sentence(
                cues, sentence.paragraph, opens_quote, text[sentence.start : sentence.end]
            )
            if cues and attributions:
                last_speaker = _learn_roles(roles, last_speaker, attributions, sentence.paragraph)
                if previous_figures is not None and previous_figures[0] == index - 1:
                    _credit_back(text, sentence, claims, previous_figures[1], cues, article.outlet, roles)
            if not figures[index]:
                continue
            previous_figures = (index, len(claims))
            quote = text[sentence.start : sentence.end]
            context = _Context(
                article,
                article_id,
                sentence,
                tuple(figures[index]),
                _SentenceTimes(found_times[index], carried),
                SentenceCues(
                    attributions,
                    clause_spans(text, sentence.start, sentence.end),
                    contrastive_clause_starts(text, sentence.start, sentence.end),
                ),
                places[index],
                resolve_place(places[index], near),
                roles,
                frames,
                _predicate_limits(text, sentence, figures[index]),
                quote,
                _names_cumulative(quote),
            )
            claims.extend(_claims_in_sentence(text, context))
        return claims


def _credit_back(
    text: str,
    sentence: Sentence,
    claims: list[Claim],
    first: int,
    cues: list[Attribution],
    outlet: str | None,
    roles: RoleBook,
) -> None:
    """A sentence whose speaker points at the figures just before it ("The minister announced
    the new figure") gives its speaker to those of them that had none."""
    named = [c for c in cues if not c.is_pronoun and c.scope is None]
    if not named or not refers_back(text[sentence.start : sentence.end]):
        return
    speaker = min(named, key=lambda c: c.anchor)
    for position in range(first, len(claims)):
        claim = claims[position]
        if claim.source is None and not UNNAMED_REPORT_AFTER.match(text, claim.end):
            claims[position] = replace(
                claim,
                source=speaker.source,
                source_type=roles.classify(speaker.source),
                source_chain=build_source_chain(outlet, speaker),
            )


def _learn_roles(
    roles: RoleBook, last: tuple[int, str] | None, attributions: list[Attribution], paragraph: int
) -> tuple[int, str]:
    """Let a person quoted right after a titled role in the same paragraph take its type."""
    if last is not None and last[0] == paragraph:
        for attribution in attributions:
            roles.learn_succession(last[1], attribution.source)
    return paragraph, max(attributions, key=lambda a: a.anchor).source


def _figures_in(text: str, article: Article) -> list[Figure]:
    return [f for s, e in _runs_outside_skips(article) for f in find_figures(text, s, e)]


def _times_by_sentence(
    text: str, article: Article, sentences: list[Sentence], paragraphs: set[int]
) -> list[list[TimeExpression]]:
    """Time phrases of the lead and of paragraphs with figures: no other can be used."""
    lead = sentences[0].paragraph if sentences else None
    return [
        find_time_expressions(text, s.start, s.end, article.published)
        if s.paragraph in paragraphs or s.paragraph == lead
        else []
        for s in sentences
    ]


_Spanned = TypeVar("_Spanned", bound=Figure)


def _bucket(sentences: list[Sentence], items: list[_Spanned]) -> list[list[_Spanned]]:
    """Items grouped by the sentence that holds their start (items outside any are dropped)."""
    starts = [s.start for s in sentences]
    buckets: list[list[_Spanned]] = [[] for _ in sentences]
    for item in items:
        index = bisect_right(starts, item.start) - 1
        if index >= 0 and item.end <= sentences[index].end:
            buckets[index].append(item)
    return buckets


def extract_claims(text: str, articles: Sequence[Article]) -> list[Claim]:
    """Extract claims with the default rule extractor."""
    return RuleExtractor().extract(text, articles)


def split_sentences(text: str, article: Article) -> Iterator[Sentence]:
    """Sentences of an article outside its skip spans; every line is a paragraph."""
    paragraph = 0
    for run_start, run_end in _runs_outside_skips(article):
        for line in re.finditer(r"[^\n]+", text[run_start:run_end]):
            if is_furniture_line(line.group()):
                continue  # app prompts and link lists inside a report's text
            line_start = run_start + line.start()
            paragraph += 1
            yield from _sentences_in_line(text, line_start, run_start + line.end(), paragraph)


def _runs_outside_skips(article: Article) -> list[tuple[int, int]]:
    runs, cursor = [], article.start
    for skip_start, skip_end in sorted(article.skip_spans):
        if skip_start > cursor:
            runs.append((cursor, skip_start))
        cursor = max(cursor, skip_end)
    if cursor < article.end:
        runs.append((cursor, article.end))
    return runs


def _sentences_in_line(text: str, start: int, end: int, paragraph: int) -> Iterator[Sentence]:
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION_END.search(text, max(start, match.start() - 6), match.start() + 1):
            continue
        yield from _trimmed(text, cursor, match.end(), paragraph)
        cursor = match.end()
    yield from _trimmed(text, cursor, end, paragraph)


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Iterator[Sentence]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        yield Sentence(start + lead, start + lead + len(stripped), paragraph)


class _TimeMemory:
    """The time phrase a sentence without one inherits: paragraph first, then the lead."""

    def __init__(self) -> None:
        self.paragraph = -1
        self.in_paragraph: TimeExpression | None = None
        self.lead: TimeExpression | None = None
        self.lead_paragraph: int | None = None

    def carry(self, paragraph: int, found: list[TimeExpression]) -> TimeExpression | None:
        if paragraph != self.paragraph:
            self.paragraph, self.in_paragraph = paragraph, None
            if self.lead_paragraph is None:
                self.lead_paragraph = paragraph
        carried = self.in_paragraph or self.lead
        usable = [t for t in found if t.date is not None and not t.weak]
        if usable:
            self.in_paragraph = usable[-1]
            if paragraph == self.lead_paragraph and self.lead is None:
                self.lead = usable[0]
        return carried


def locate_sentences(
    text: str, sentences: list[Sentence], paragraphs: set[int], dateline: str | None = None
) -> list[str | None]:
    """Each sentence's place: its own, else the paragraph's last before it, else the next.

    Reporters often name the place a sentence or two after the figure ("The shelling
    targeted the Bustan al-Qasr area"), so a paragraph's later place fills in earlier ones.
    A paragraph naming none is about the article's main settlement, else its dateline's place.
    """
    own = [find_place(text, s.start, s.end) if s.paragraph in paragraphs else None for s in sentences]
    fallback = article_settlement([p for p in own if p]) or dateline
    # One pass each way, not a scan of the paragraph per sentence.
    last_before: list[str | None] = []  # the paragraph's last place up to each sentence
    for index, sentence in enumerate(sentences):
        same = index > 0 and sentences[index - 1].paragraph == sentence.paragraph
        last_before.append(own[index] or (last_before[index - 1] if same else None))
    first_after: list[str | None] = [None] * len(sentences)  # its first place after each
    for index in range(len(sentences) - 2, -1, -1):
        if sentences[index + 1].paragraph == sentences[index].paragraph:
            first_after[index] = own[index + 1] or first_after[index + 1]
    return [before or after or fallback for before, after in zip(last_before, first_after, strict=True)]


def _article_place(phrases: list[str | None], dateline: Dateline | None) -> ResolvedPlace | None:
    """The place that settles namesakes: the dateline's, else the country most phrases resolve to."""
    if dateline is not None:
        return dateline.place
    countries = Counter(p.country_code for phrase in set(phrases) if (p := resolve_place(phrase)))
    if not countries:
        return None
    return country_place(countries.most_common(1)[0][0])


def article_settlement(phrases: list[str]) -> str | None:
    """The town or city an article keeps returning to, as written ("Aleppo").

    A paragraph that names no place is about the article's main settlement, not about
    whatever district a neighbouring paragraph happens to name.
    """
    settlements = [(place.settlement, phrase) for phrase in phrases if (place := parse_place(phrase))]
    counts = Counter(name for name, _ in settlements if name)
    if not counts:
        return None
    first: dict[str, int] = {}
    for index, (name, _) in enumerate(settlements):
        if name:
            first.setdefault(name, index)
    top = max(counts, key=lambda name: (counts[name], -first[name]))
    phrase = next(phrase for name, phrase in settlements if name == top)
    match = re.search(re.escape(top), phrase, re.IGNORECASE)
    return match.group() if match else top


def find_place(text: str, start: int, end: int) -> str | None:
    """The first place phrase ("the village of Miznaz", "western Aleppo") in a span."""
    area = _AREA.search(text, start, end)
    if area:
        return area.group()
    for match in _PLACE.finditer(text, start, end):
        place = match.group("place").strip()
        words = place.split()
        if words[0] not in _NOT_PLACES and not _is_person_like(place) and is_place_phrase(place):
            return place
    return None


def _is_person_like(place: str) -> bool:
    return bool(
        re.search(
            r"\b(?:President|Minister|Secretary|Council|Committee|Observatory|"
            r"Front|Army|Legion|Sham|Coalition|Nations)\b",
            place,
        )
    )


def _claims_in_sentence(text: str, context: _Context) -> list[Claim]:
    claims: list[Claim] = []
    roots: dict[int, Claim] = {}  # figure index -> the top-level claim it belongs to
    parent_index: int | None = None
    for index in range(len(context.figures)):
        parent_index = _parent_index(text, context, index, parent_index)
        parent = roots[parent_index] if parent_index is not None else None
        claim = _build_claim(text, context, index, parent)
        claims.append(claim)
        roots[index] = parent or claim
    return claims


def _parent_index(text: str, context: _Context, index: int, previous_parent: int | None) -> int | None:
    """A sub-count ("including 17 women") points at the count it breaks down.

    A chain ("including 17 women, 4 children") goes on while the figure before had a
    parent; that answer is passed in, so a long list costs one step per figure.
    """
    if index == 0:
        return None
    previous = context.figures[index - 1]
    gap = text[previous.end : context.figures[index].start]
    if _SUBCOUNT_CUE.search(gap) or (_SUBCOUNT_CHAIN.match(gap) and previous_parent is not None):
        return index - 1
    return None


def _build_claim(text: str, context: _Context, index: int, parent: Claim | None) -> Claim:
    figure = context.figures[index]
    noun = counted_noun(text, figure.end, context.sentence.end)
    category = _category(text, context, index, noun) or (parent.category if parent else "other")
    subject = _subject(noun, category)
    time = context.times.nearest(figure)
    attribution = context.attributions.pick(figure.start)
    source = attribution.source if attribution else None
    sentence = context.sentence
    place, window = context.place, _time_window(time)
    return Claim(
        document_id=context.article.document_id,
        article_id=context.article_id,
        start=figure.start,
        end=figure.end,
        number_text=figure.text,
        quote_start=sentence.start,
        quote_end=sentence.end,
        quote=context.quote,
        value_low=figure.value_low,
        value_high=figure.value_high,
        qualifier=figure.qualifier,
        category=category,
        subject=subject,
        unit=_unit(noun, category, subject, figure),
        location=context.location,
        date=(time.date if time else None) or publication_date(context.article.published),
        date_text=time.text if time else None,
        scope=parent.scope if parent else _scope(context, time),
        source=source,
        source_type=context.roles.classify(source),
        source_chain=build_source_chain(context.article.outlet, attribution),
        parent_id=parent.id if parent else None,
        extractor_version=EXTRACTOR_VERSION,
        place_settlement=place.settlement if place else None,
        place_region=place.region if place else None,
        place_country=place.country if place else None,
        place_id=place.gazetteer_id if place else None,
        time_start=window[0],
        time_end=window[1],
    )


def _time_window(time: TimeExpression | None) -> tuple[str | None, str | None]:
    """The first and last day a time phrase covers; an "as of" phrase gives only the last."""
    if time is None or time.date is None:
        return None, None
    first, _, last = time.date.partition("/")
    return (None if time.opens else first), (last or first)


def counted_noun(text: str, position: int, limit: int) -> str | None:
    """The noun a figure counts: "six civilians", "hundreds of mortar rounds"."""
    window = _PHRASE_END.split(text[position : min(limit, position + 60)], maxsplit=1)[0]
    tokens = [m.group() for m in _TOKEN.finditer(window)][:5]
    if tokens and tokens[0].lower() == "of":
        tokens = tokens[2:] if len(tokens) > 1 and tokens[1].lower() in _OF_DETERMINERS else tokens[1:]
    while tokens and tokens[0].lower() in _NOUN_ADJUNCTS:
        tokens = tokens[1:]
    words: list[str] = []
    for token in tokens:
        lower = token.lower()
        if lower in _NOUN_STOP and lower not in _KNOWN_NOUNS:
            break
        if words and words[-1] in _KNOWN_NOUNS and lower not in _KNOWN_NOUNS:
            break  # "mortar rounds" goes on to the last known noun, then stops
        words.append(lower)
    while words and words[-1] not in _KNOWN_NOUNS:
        words.pop()
    if words:
        return " ".join(words)
    first = tokens[0].lower() if tokens else ""
    return first if first.endswith("s") and len(first) > 3 and first not in _NOUN_STOP else None


def _category(text: str, context: _Context, index: int, noun: str | None) -> str | None:
    """What the figure counts, from the frame that governs it (see `frames.py`)."""
    figure = context.figures[index]
    head = noun.split()[-1] if noun else None
    if figure.is_share:
        return "share"
    if head in DURATION_NOUNS:
        return "duration"
    if head in ATTACK_NOUNS:
        return "attacks"
    if is_population(text, figure.start, figure.end) or is_difference(text, figure.start, figure.end):
        return "population" if is_population(text, figure.start, figure.end) else "other"
    fixed = noun_category(noun)
    if fixed is not None:
        context.frames.learn(fixed)
        return fixed
    frame, anaphoric = _own_frame(text, context, index, noun)
    if frame is None:
        frame = context.frames.carried() if anaphoric or noun_class(noun) in ("people", "none") else None
    else:
        context.frames.learn(frame)
    return resolve(frame, noun_class(noun)) if frame is not None else None


def _own_frame(text: str, context: _Context, index: int, noun: str | None) -> tuple[str | None, bool]:
    """The figure's own frame, most binding first; (None, anaphoric) when it has none."""
    figure, floor = context.figures[index], context.sentence.start
    measure = measure_before(text, floor, figure.start)
    if measure is not None and measure[0] is not None and noun_class(noun) in ("people", "none"):
        return measure
    limit = context.predicate_limits[index]
    after = predicate_after(text, limit, _noun_end(text, figure.end, noun))
    frame = after or governing_verb(text, floor, figure.start) or default_of(noun)
    if frame is None and noun_class(noun) == "responder":
        return "other", False
    return frame or frame_before(text, floor, figure.start), measure is not None


def _predicate_limits(text: str, sentence: Sentence, figures: list[Figure]) -> list[int]:
    spans = [FigureSpan(f.start, f.end) for f in figures]
    return shared_predicate_limits(text, spans, sentence.end)


def _noun_end(text: str, position: int, noun: str | None) -> int:
    """Where the counted noun phrase ends ("of mourners" included), or the figure's end."""
    if not noun:
        return position
    last = noun.split()[-1]
    at = text[position : position + 80].lower().find(last)  # not the whole text's lower() per figure
    return position + at + len(last) if at >= 0 else position


def _subject(noun: str | None, category: str) -> str:
    head = noun.split()[-1] if noun else None
    if head in SUBJECT_NOUNS:
        return SUBJECT_NOUNS[head]
    if category in PEOPLE_CATEGORIES:
        return noun or "people"
    return noun or category


def _unit(noun: str | None, category: str, subject: str, figure: Figure) -> str:
    if figure.is_share:
        return "percent" if re.search(r"%|per\s?cent", figure.text) else "share"
    if category in PEOPLE_CATEGORIES or subject in ("civilians", "children", "women", "people", "fighters"):
        return "people"
    return noun or "count"


class _SentenceTimes:
    """A sentence's dated time phrases, and the one it inherits when it has none."""

    def __init__(self, found: Sequence[TimeExpression], carried: TimeExpression | None) -> None:
        usable = [t for t in found if t.date is not None and not t.weak]
        self.periods = Nearest([t for t in usable if t.is_period], lambda t: t.start)
        self.points = Nearest([t for t in usable if not t.is_period], lambda t: t.start)
        # "so far" dates a figure only when nothing else in its sentence does.
        self.weak = Nearest([t for t in found if t.weak], lambda t: t.start)
        # Without a publication day a phrase resolves to nothing, but the claim keeps its words.
        self.undated = Nearest([t for t in found if t.date is None and not t.weak], lambda t: t.start)
        self.own = frozenset(found)
        self.carried = carried

    def nearest(self, figure: Figure) -> TimeExpression | None:
        period = self.periods.nearest(figure.start)
        point = self.points.nearest(figure.start)
        if period is not None:
            return anchor_period(period, point) if point is not None else period
        own = point or self.weak.nearest(figure.start) or self.undated.nearest(figure.start)
        return own or self.carried


def _names_cumulative(quote: str) -> bool:
    lowered = quote.lower()
    return any(m in lowered for m in CUMULATIVE_MARKERS)


def _scope(context: _Context, time: TimeExpression | None) -> str:
    in_sentence = time is not None and time in context.times.own
    if in_sentence and time is not None and time.is_period:
        return "cumulative"
    return "cumulative" if context.names_cumulative else "incident"
