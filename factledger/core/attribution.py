"""Who says so: speakers of figures, their type, canonical name and relay chain.

News attributes figures in a handful of shapes: "X said ...", "... , X said in a
statement.", "according to X", "X told Y", "X reported, citing Y", "“...,” said X", and
"He said" for the last named speaker. Sentences without an attribution inherit the one
before them in the same paragraph, which is how reporters write follow-on sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from factledger.core.categories import (
    OUTLETS,
    PRONOUNS,
    SOURCE_ALIASES,
    SOURCE_TYPE_WORDS,
    SPEECH_VERBS,
)
from factledger.core.spans import Nearest

ATTRIBUTION_VERSION = "attribution-3"

_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
SPEECH_VERB = re.compile(rf"\b(?:{_VERBS})\b")
ACCORDING_TO = re.compile(r"\b(?:according to|as per) (?P<src>[^,.;:()“”\"]{2,120})", re.IGNORECASE)
BY_ESTIMATES = re.compile(r"\bby (?P<src>(?:[\w-]+ ){0,3}estimates)\b")
CITING = re.compile(r"\bciting (?P<src>[^,.;:“”\"–—]{2,120})")
INVERTED_SOURCE = re.compile(
    r"\s+(?P<src>(?:the |an? )?[A-Z][^,.;:“”\"]{1,100}|the [^,.;:“”\"]{2,100})(?=\s*[,.;]|\s*$)"
)
_BEFORE_INVERTED = re.compile(r"(?:^|[,”\"’])\s*$")
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:meanwhile|also|later|earlier|separately|previously|initially|then|has|had|just|"
    r"recently|now|reportedly|officially|already|once|"
    r"have|was|is|were|had previously|last week|on \w+day))+$",
    re.IGNORECASE,
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|but|however|meanwhile|yet|so|also|moreover|separately|in addition|while|whilst|"
    r"although|though|as|when|if|because|since|whereas|on \w+day|earlier|later|now)\b[\s,]*)+",
    re.IGNORECASE,
)
_APPOSITIVE_START = re.compile(r"^(?:which|who|whose|a|an|one|formerly|itself|based|citing)\b")
_SUBJECT_START = re.compile(
    r"^(?:[A-Z“‘]|the\b|an?\b|state\b|local\b|(?:latest|initial|official|preliminary|early|final|new)\s+"
    r"(?:figures|data|reports|estimates|statistics|counts?|tallies)\b|(?:officials|residents|activists|witnesses|doctors|"
    r"medics|rescuers|rescue workers|sources|authorities|police|monitors|aid workers)\b)"
)
_OUTLET_NAMES = "|".join(re.escape(o) for o in sorted(OUTLETS, key=len, reverse=True))
TOLD_OUTLET = re.compile(rf"\btold (?P<o>{_OUTLET_NAMES})\b")
OWN_STAFF = re.compile(
    rf"^(?:an? |the )?(?:(?P<o1>{_OUTLET_NAMES})(?:[’']s)? (?:crew|correspondent|reporter|team)s?"
    rf"|(?:correspondent|reporter)s? (?:for|of|with) (?P<o2>{_OUTLET_NAMES})(?: \w+ edition)?"
    # "RT's Murad Gazdiev": an outlet's named journalist speaks for the outlet.
    rf"|(?P<o3>{_OUTLET_NAMES})[’']s (?:[\w-]+ ){{0,3}}[\w-]+)$",
    re.IGNORECASE,
)
_MAX_SUBJECT_WORDS = 14
# How far before a cue its speaker (with appositives) may be named. A window, not the whole
# sentence before it: a sentence of thousands of cues must cost each cue the same.
_SPEAKER_WINDOW = 1000
# A lower-case noun phrase headed by a speaker noun: "city officials", "local organisers".
_SPEAKER_HEAD = re.compile(
    r"(?:[a-z][\w’'-]*\s+){0,3}(?:officials|authorities|police|organi[sz]ers|monitors|activists|"
    r"residents|witnesses|rescuers|sources|volunteers|medics|doctors|survivors|investigators|"
    r"ministry|government|agency|agencies|groups?|estimates|figures|data|reports?|statistics)"
)
_DATED_MODIFIER = re.compile(r"\s+(?:from|since|on|in|as of|until|till|through)\s+.*\d.*$")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Clauses of one sentence: a speaker cued in one clause does not speak for the other
# ("Organisers put the turnout at 90,000, while police gave 40,000").
_CLAUSE_BREAK = re.compile(
    r",\s*(?:while|whilst|but|whereas|although|though|yet)\b|;|\s[–—]\s|,\s*and\s+(?=[A-Z]|the\b)"
)


@dataclass(frozen=True)
class Attribution:
    """A speaker phrase as written, where it sits, and outlets it passed through."""

    source: str
    anchor: int  # offset of the attribution cue, to pick the one nearest a figure
    relays: tuple[str, ...] = ()
    is_pronoun: bool = False


def find_attributions(text: str, start: int, end: int) -> list[Attribution]:
    """All attributions cued inside the sentence text[start:end], in no particular order."""
    sentence = text[start:end]
    found = _find_according_to(sentence, start)
    for match in SPEECH_VERB.finditer(sentence):
        inverted = _inverted_at(sentence, match)
        speaker = inverted or _subject_before(sentence, match.start())
        if speaker is not None:
            relays = () if inverted else _relays_after(sentence, match.end())
            found.append(_make(speaker, start + match.start(), relays))
    return _apply_citing(sentence, start, found)


def _find_according_to(sentence: str, offset: int) -> list[Attribution]:
    found = []
    lowered = sentence.lower()
    for cue, pattern in (
        ("according to", ACCORDING_TO),
        ("as per", ACCORDING_TO),
        ("estimates", BY_ESTIMATES),
    ):
        if cue not in lowered:
            continue
        for match in pattern.finditer(sentence):
            source = _trim_source(match.group("src"))
            if source:
                found.append(_make(source, offset + match.start(), ()))
    return found


def _inverted_at(sentence: str, verb: re.Match[str]) -> str | None:
    """'“...,” said Ismail Abdullah, a rescue worker': the speaker follows the verb."""
    if not _BEFORE_INVERTED.search(sentence[max(0, verb.start() - 3) : verb.start()]):
        return None
    match = INVERTED_SOURCE.match(sentence, verb.end())
    if not match:
        return None
    source = _trim_source(match.group("src"))
    if source and len(source.split()) <= _MAX_SUBJECT_WORDS and source.lower() != "that":
        return source
    return None


def _subject_before(sentence: str, verb_at: int) -> str | None:
    """The noun phrase that governs a speech verb: clause start up to the verb."""
    head = _window_before(sentence, verb_at)
    head = re.split(r"[“”\"]", head)[-1] if head.count("”") or head.count('"') else head
    after_comma = head.endswith(",")
    pieces = [p.strip() for p in re.split(r",(?!\d)", head.rstrip(","))]
    if after_comma:
        pieces = _drop_appositives(pieces)
    if not pieces or not pieces[-1]:
        return None
    subject = _TRAILING_ADVERBS.sub("", _LEADING_FILLER.sub("", pieces[-1])).strip()
    if re.search(r"\d", subject):
        # "Cumulative data from June 14 from across the country showed": the modifier goes;
        # "... was 45,000 strong and organisers put": the last conjunct speaks.
        subject = _DATED_MODIFIER.sub("", subject).strip()
        subject = re.split(r"\s+and\s+", subject)[-1] if re.search(r"\d", subject) else subject
    return subject if _is_plausible_subject(subject) else None


def _window_before(sentence: str, at: int) -> str:
    """The sentence up to `at`; cut to the window from its first comma or quotation mark, so
    no clipped phrase passes for a speaker."""
    if at <= _SPEAKER_WINDOW:
        return sentence[:at].rstrip()
    window = sentence[at - _SPEAKER_WINDOW : at]
    cut = re.search(r"[,“”\"]", window)
    return (window[cut.start() :] if cut else window).rstrip()


def _drop_appositives(pieces: list[str]) -> list[str]:
    while len(pieces) > 1 and _APPOSITIVE_START.match(pieces[-1]):
        pieces = pieces[:-1]
    return pieces


def _is_plausible_subject(subject: str) -> bool:
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return False
    if len(words) == 1 and words[0].lower() in _DETERMINERS:
        return False  # "The UN estimates": the cue was cut short, not a speaker
    if words[0].lower() in PRONOUNS:
        return len(words) == 1
    starts = _SUBJECT_START.match(subject) or _SPEAKER_HEAD.fullmatch(subject)
    return bool(starts) and not re.search(r"\d", subject)


def _relays_after(sentence: str, verb_end: int) -> tuple[str, ...]:
    match = TOLD_OUTLET.match(sentence, max(0, verb_end - 4))
    return (match.group("o"),) if match else ()


def _apply_citing(sentence: str, offset: int, found: list[Attribution]) -> list[Attribution]:
    """ "X reported, citing Y": Y is the source and X a relay."""
    match = CITING.search(sentence) if found and "citing" in sentence else None
    if not match:
        return found
    cited = _trim_source(match.group("src"))
    relay = _relay_of(sentence, offset, match.start(), found)
    if relay is None or not cited:
        return found
    chained = Attribution(cited, relay.anchor, (*relay.relays, canonical_source(relay.source)))
    return [chained if a is relay else a for a in found]


def _relay_of(sentence: str, offset: int, citing_at: int, found: list[Attribution]) -> Attribution | None:
    """Who cites: the cue before "citing", else a later cue whose speaker is named before it
    ("Reuters, citing a spokesman, said ...")."""
    before = [a for a in found if a.anchor < offset + citing_at]
    if before:
        return max(before, key=lambda a: a.anchor)
    since = max(0, citing_at - _SPEAKER_WINDOW)
    named_first = [a for a in found if sentence.find(a.source, since, citing_at + len(a.source) - 1) >= 0]
    return min(named_first, key=lambda a: a.anchor, default=None)


def _trim_source(raw: str) -> str:
    text = re.split(r"\s+(?:that|which|who|when|as|in a|on condition|from the)\b", raw)[0]
    text = re.sub(r"\s+(?:on|from|in)\s*$", "", text.strip())
    return text.strip(" –—-")


def _make(source: str, anchor: int, relays: tuple[str, ...]) -> Attribution:
    is_pronoun = source.lower() in PRONOUNS
    return Attribution(source, anchor, relays, is_pronoun)


def pick_attribution(
    candidates: list[Attribution], figure_start: int, clauses: list[tuple[int, int]] | None = None
) -> Attribution | None:
    """The attribution cued in the figure's own clause, else the one nearest the figure."""
    return SentenceCues(candidates, clauses or []).pick(figure_start)


class SentenceCues:
    """A sentence's attribution cues and its clauses (contiguous, as `clause_spans` cuts
    them), indexed once: a sentence listing thousands of figures and cues must not compare
    every pair."""

    def __init__(self, candidates: Sequence[Attribution], clauses: list[tuple[int, int]]) -> None:
        self.cues = Nearest(candidates, lambda a: a.anchor)
        self.clauses = clauses
        self.clause_starts = [c[0] for c in clauses]

    def pick(self, figure_start: int) -> Attribution | None:
        """The cue in the figure's own clause nearest it, else the nearest in the sentence."""
        clause = self._clause_of(figure_start)
        inside = self.cues.nearest(figure_start, *clause) if clause is not None else None
        return inside or self.cues.nearest(figure_start)

    def _clause_of(self, position: int) -> tuple[int, int] | None:
        index = bisect_right(self.clause_starts, position) - 1
        if index < 0 or not self.clauses[index][0] <= position < self.clauses[index][1]:
            return None
        return self.clauses[index]


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence text[start:end], split where a new subject takes over."""
    spans, cursor = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.start()
    spans.append((cursor, end))
    return spans


class SpeakerMemory:
    """Carries speakers across sentences: "He said" and follow-on sentences.

    One instance per article; feed it sentences in order with `attribute_sentence`.
    """

    def __init__(self) -> None:
        self.last_named: Attribution | None = None
        self.previous: Attribution | None = None
        self.paragraph: int = -1

    def attribute_sentence(
        self, candidates: list[Attribution], paragraph: int, opens_quote: bool = False
    ) -> list[Attribution]:
        """Resolve pronouns; when a sentence has no cue, return the carried-over speaker.

        A paragraph that opens with a quotation mark continues the last named speaker's
        words (reporters split long quotes over paragraphs), so it starts with that speaker.
        """
        if paragraph != self.paragraph:
            self.paragraph, self.previous = paragraph, None
            if opens_quote and self.last_named is not None:
                self.previous = self.last_named
        resolved = [r for r in (self._resolve(c) for c in candidates) if r is not None]
        if resolved:
            named = [r for r in resolved if not r.is_pronoun]
            self.last_named = max(named, key=lambda a: a.anchor) if named else self.last_named
            self.previous = max(resolved, key=lambda a: a.anchor)
            return resolved
        return [self.previous] if self.previous else []

    def _resolve(self, candidate: Attribution) -> Attribution | None:
        if not candidate.is_pronoun:
            return candidate
        if self.last_named is None:
            return None
        named = self.last_named
        return Attribution(named.source, candidate.anchor, named.relays, False)


@lru_cache(maxsize=4096)
def canonical_source(name: str) -> str:
    """One key per speaker: "SOHR", "the Observatory" and "The Britain-based Syrian
    Observatory for Human Rights" all map to "Syrian Observatory for Human Rights"."""
    plain = _normalise(name)
    staff = OWN_STAFF.match(plain)
    if staff:
        return _outlet_case(staff.group("o1") or staff.group("o2") or staff.group("o3"))
    for candidate in _alias_candidates(name, plain):
        for canonical, aliases in SOURCE_ALIASES.items():
            if candidate in aliases:
                return canonical
    return _strip_descriptors(name)


def _normalise(name: str) -> str:
    plain = name.replace("’", "'").strip().lower()
    plain = re.sub(r"\s+", " ", plain)
    return re.sub(r"^(?:the|an?)\s+", "", plain)


def _alias_candidates(name: str, plain: str) -> list[str]:
    stripped = _normalise(_strip_descriptors(name))
    no_paren = re.sub(r"\s*\([^)]*\)", "", stripped).strip()
    acronyms = [a.lower() for a in re.findall(r"\(([^)]{2,12})\)", name)]
    possessive_tail = re.sub(r"^[\w .-]+'s\s+", "", no_paren)
    return [plain, stripped, no_paren, possessive_tail, *acronyms, no_paren.split(" ")[-1]]


def _strip_descriptors(name: str) -> str:
    text = re.sub(r"^(?:the|an?)\s+", "", name.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^(?:[A-Z]{2,}[’']s)\s+(?=[A-Z])", "", text)
    previous = None
    while previous != text:
        previous, text = text, _DESCRIPTOR.sub("", text)
    return text.strip()


_DESCRIPTOR = re.compile(
    r"^(?:[\w.-]+-(?:based|run|backed|led|affiliated)|monitoring group|war monitor|monitor)\s+",
    re.IGNORECASE,
)


def _outlet_case(name: str) -> str:
    return next((o for o in OUTLETS if o.lower() == name.lower()), name)


_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    # A word names its plural too: "officials", "residents", "rebels".
    (kind, re.compile(r"\b(?:" + "|".join(re.escape(w.strip()) for w in words) + r")s?\b"))
    for kind, words in SOURCE_TYPE_WORDS
)


@lru_cache(maxsize=4096)
def classify_source(name: str | None) -> str:
    """The kind of speaker (models.SOURCE_TYPES) from the words that name it."""
    if not name:
        return "unattributed"
    plain = name.replace("’", "'").lower()
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(plain):
            return kind
    return "witness" if re.match(r"^[A-Z][a-z]+ [A-Z]", name) else "unattributed"


def build_source_chain(outlet: str | None, attribution: Attribution | None) -> tuple[str, ...]:
    """Publisher first, then relaying outlets, then the speaker's canonical name."""
    links = [outlet] if outlet else []
    if attribution is not None:
        links += list(attribution.relays) + [canonical_source(attribution.source)]
    chain: list[str] = []
    for link in links:
        if not chain or chain[-1].lower() != link.lower():
            chain.append(link)
    return tuple(chain)
