"""Who says so: speakers of figures, their type, canonical name and relay chain.

News attributes figures in a handful of shapes: "X said ...", "... , X said in a
statement.", "according to X", "X told Y", "X reported, citing Y", "“...,” said X", and
"He said" for the last named speaker. Sentences without an attribution inherit the one
before them in the same paragraph, which is how reporters write follow-on sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
from factledger.core.wordtrie import phrase_alternation

ATTRIBUTION_VERSION = "attribution-5"


_PAST_VERBS = "|".join(v for v in SPEECH_VERBS if v.endswith("ed") or v in ("said", "told", "wrote", "gave"))
# A subject holding a finished reporting clause ("The ministry released a statement")
# belongs to that clause's own cue.
_PAST_SPEECH_VERB = re.compile(rf"\s(?:{_PAST_VERBS})\s")
ACCORDING_TO = re.compile(r"\b(?:according to|as per) (?P<src>[^,.;:()“”\"–—]{2,120})", re.IGNORECASE)
BY_ESTIMATES = re.compile(r"\bby (?P<src>(?:[\w-]+ ){0,3}estimates)\b")
CITING = re.compile(r"\bciting (?P<src>[^,.;:“”\"–—]{2,120})")
INVERTED_SOURCE = re.compile(
    r"\s+(?P<src>(?:the |an? )?[A-Z][^,.;:“”\"]{1,100}|the [^,.;:“”\"]{2,100})(?=\s*[,.;](?!\d)|\s*$)"
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
_APPOSITIVE_START = re.compile(
    r"^(?:which|who|whose|a|an|one|formerly|itself|based|citing|[a-z]+ed\s+(?:by|for|in|from|with)\b)"
)
_SUBJECT_START = re.compile(
    r"^(?:[A-Z“‘]|the\b|an?\b|state\b|local\b|(?:latest|initial|official|preliminary|early|final|new)\s+"
    r"(?:figures|data|reports|estimates|statistics|counts?|tallies)\b|(?:officials|residents|activists|witnesses|doctors|"
    r"medics|rescuers|rescue workers|sources|authorities|police|monitors|aid workers)\b)"
)
# Verbs that revise a count are reporting verbs when a count is their object.
# Verbs that revise a count are reporting verbs when a count is their object.
_REVISION_FORMS = frozenset(
    f"{stem}{ending}"
    for stem, endings in (
        ("lower", ("", "s", "ed", "ing")),
        ("rais", ("e", "es", "ed", "ing")),
        ("revis", ("e", "es", "ed", "ing")),
        ("reduc", ("e", "es", "ed", "ing")),
        ("updat", ("e", "es", "ed", "ing")),
        ("put", ("s", "ting")),
    )
    for ending in endings
) - frozenset(SPEECH_VERBS)
_REVISION_OBJECT = re.compile(
    r"(?:\s+[\w’'-]+){0,6}?\s+(?:death toll|toll|tally|count|figure|number|estimate|total)s?\b"
)
# One scan finds reporting verbs and count-revising verbs alike.
REPORTING_VERB = re.compile(rf"\b{phrase_alternation([*SPEECH_VERBS, *_REVISION_FORMS])}\b")
_ADJECTIVE_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|much|far|even)\s+$", re.IGNORECASE)
_VERB_WITH_OBJECT = re.compile(r"\s+[a-z]+ed\s+(?=(?:the|a|an|its|their|his|her)\s)")
# How far back a passive agent reaches for its figure, and where a negation cuts it
# ("290 and not 359 as reported by the media": the media gave 359 only).
_AGENT_REACH = 60
_NEGATION = re.compile(r"\b(?:not|rather than|instead of)\b")
_DIGIT = re.compile(r"\d")
_QUOTE_MARK = re.compile(r"[“”\"]")
_CLAUSE_COMMA = re.compile(r",(?!\d)")
_AND = re.compile(r"\s+and\s+")
_AND_BUT = re.compile(r"\s+(?:and|but)\s+")
_SOURCE_CUT = re.compile(r"\s+(?:that|which|who|when|as|in a|on condition|from the)\b")
_SOURCE_TAIL = re.compile(r"\s+(?:on|from|in)\s*$")
_LAST_DIGIT = re.compile(r"\d(?=\D*\Z)")
_TRAILING_MARKS = re.compile(r"[,”\"]")
_COUNT_WORD = re.compile(
    r"\b(?:dozens|scores|hundreds|thousands|millions|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million)\b",
    re.IGNORECASE,
)
# "according to what the BBC reports": the outlet.
_FREE_RELATIVE = re.compile(r"^(?:according to\s+)?what\s+", re.IGNORECASE)
_WHAT_X_SAYS = re.compile(r"^what\s+(.+?)\s+(?:reports|reported|says|said|writes|wrote)\s*$")
# "– according to X –": an aside qualifies its own sentence only.
_ASIDE_REACH = 60
_ASIDE_BEFORE = re.compile(r"[(–—]\s*$")
_FINITE_VERB = re.compile(r"\b(?:was|were|is|are|has|have|had|will|would)\b")
_FIRST_PERSON = frozenset({"i", "we"})
# Passive agents of figures: "the 318,000 claimed by the government".
AGENT_OF_FIGURE = re.compile(
    r"\b(?:claimed|made|given|provided|released|issued|reported|announced|published|compiled|"
    r"recorded|estimated|counted|tallied|cited|confirmed|gathered|collected)\s+by\s+"
    r"(?P<src>[^,.;:()“”\"]{2,100})"
)
# A document and who issued it: "a revised report by the ministry", "the estimate came from X".
SOURCE_DOCUMENT = re.compile(
    r"\b(?:report|statement|survey|study|analysis|assessment|count|tally|data|figures|estimates?)\s+"
    r"(?:(?:issued|released|published|compiled|prepared|provided)\s+)?(?:by|came from|comes from)\s+"
    r"(?P<src>[^,.;:()“”\"]{2,100})"
)
POSSESSED_FIGURE = re.compile(
    r"[’']s\s+(?:(?:own|official|latest|new|earlier|initial|previous|final|revised|updated|confirmed|"
    r"provisional|preliminary)\s+)*(?:death toll|toll|figures?|estimates?|counts?|tally|tallies|data|"
    r"statistics|numbers?)\b"
)
ORGANISATION_NOUNS = frozenset(
    {
        "government",
        "ministry",
        "police",
        "authorities",
        "authority",
        "agency",
        "office",
        "army",
        "military",
        "department",
        "council",
        "commission",
        "organisation",
        "organization",
        "company",
        "firm",
        "group",
        "hospital",
        "service",
        "administration",
        "committee",
        "coalition",
        "union",
        "organisers",
        "organizers",
        "officials",
        "monitor",
        "observatory",
        "guard",
        "report",
        "survey",
    }
)
_ADJECTIVE_OK = frozenset(
    {"local", "state", "federal", "provincial", "regional", "national", "city", "health", "interior"}
)
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my", "your"})
_PHRASE_BOUNDARY = re.compile(r",(?!\d{3})|;|\(|\)|\s[–—]\s")
# Names that are outlets: the list of known ones, or the words outlets name themselves with.
_OUTLET_LIKE = re.compile(
    r"\b(?:News|Times|Post|Press|Herald|Journal|Telegraph|Tribune|Guardian|Gazette|Reuters|AFP|AP|"
    r"BBC|CNN|Television|TV|Radio|Broadcasting|Network)\b"
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
# "were not believed", "are reported", "was estimated": a passive reporting verb.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)(?:\s+(?:not|also|now|still|widely|initially|first))*\s*$",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_PERSON_NAME = re.compile(r"(?:[A-Z][\w’'.-]+\s+){1,3}[A-Z][\w’'-]+")
# A role after a name: "chief of surgery for the district", "Savar (sub-district) chairman".
_ROLE_PHRASE = re.compile(
    r"(?:the\s+|a\s+|an\s+)?(?:[\w’'()-]+\s+){0,6}?(?:chief|head|director|minister|spokes(?:man|woman|person)|"
    r"chairman|chairwoman|chair|commissioner|officer|official|secretary|governor|mayor|president|"
    r"manager|coordinator|commander|superintendent|inspector|surgeon|doctor|physician|leader|"
    r"administrator|deputy|adviser|advisor|general|representative|researcher|analyst|founder)\b",
    re.IGNORECASE,
)
_RELATIVE_PRONOUN = re.compile(r"(?:which|who|that)", re.IGNORECASE)
# In "X provided by Y" the agent Y is the nearest noun phrase.
_AGENT_TAIL = re.compile(r"\s(?:by|from)\s")
# "Death toll rises with Iran declaring ...": the noun after "with" governs the participle.
_ABSOLUTE_WITH = re.compile(r"\swith\s(?=[A-Z])")
# A clause before the subject ends at a colon: "Stampede: Officials raise the toll".
# and so does a dateline's dash: "CITY (AP) - An agency count shows".
_SUBORDINATE_LEAD = re.compile(r":\s+|\s[-–—]\s")
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
    # When set, the cue gives only the figures that start in this span ("the government's
    # figure of 316,000"), and gives them before any other cue of the sentence.
    scope: tuple[int, int] | None = None
    # Cued inside a quotation ("“Everyone told me ...”"): it speaks for its sentence only.
    quoted: bool = False


def find_attributions(text: str, start: int, end: int) -> list[Attribution]:
    """All attributions cued inside the sentence text[start:end], in no particular order."""
    sentence = text[start:end]
    found = _find_according_to(sentence, start)
    found += _find_agents(sentence, start)
    found += _find_possessors(sentence, start)
    verbs = _speech_verbs(sentence)
    if not verbs:
        return _apply_citing(sentence, start, found) if found else found
    trailing: list[Attribution] = []
    quotes = _QuoteSpans(sentence)
    digits = _LAST_DIGIT.search(sentence) if _TRAILING_MARKS.search(sentence) else None
    last_digit = digits.start() if digits else -1
    for match in verbs:
        if sentence[max(0, match.start() - 3) : match.start()].lower() == "to ":
            continue  # "nothing much to say": an infinitive reports nothing
        if sentence.startswith(" by ", match.end()) and AGENT_OF_FIGURE.match(sentence, match.start()):
            continue  # "images released by the coast guard": the agent is cued on its own
        inverted = _inverted_at(sentence, match)
        speaker = inverted or _subject_before(sentence, match.start(), match.group().endswith("ing"))
        if speaker is not None:
            relays = () if inverted else _relays_after(sentence, match.end())
            aside = quotes.inside(match.start()) or _in_aside(sentence, match.start())
            cue = _make(speaker, start + match.start(), relays, aside)
            (trailing if _is_trailing_outlet(sentence, match, speaker, last_digit) else found).append(cue)
    found = _relayed(_drop_quoted_first_person(found) if len(found) > 1 else found, trailing)
    return _apply_citing(sentence, start, found)


def _speech_verbs(sentence: str) -> list[re.Match[str]]:
    """Reporting verbs, and verbs that revise a toll ("Officials lower the toll to 253")."""
    return [
        m
        for m in REPORTING_VERB.finditer(sentence)
        if m.group() not in _REVISION_FORMS
        or (
            _REVISION_OBJECT.match(sentence, m.end())
            and not _ADJECTIVE_BEFORE.search(sentence, max(0, m.start() - 8), m.start())
        )
    ]


def _is_trailing_outlet(sentence: str, verb: re.Match[str], speaker: str, last_digit: int) -> bool:
    """ "..., NBC News reported.": an outlet closing the sentence relays what it says."""
    if verb.end() <= last_digit or not _OUTLET_LIKE.search(speaker):
        return False
    before = sentence[max(0, verb.start() - len(speaker) - 8) : verb.start()].rstrip()
    return before.endswith(speaker) and before[: -len(speaker)].rstrip().endswith((",", "”", '"'))


def _relayed(found: list[Attribution], trailing: list[Attribution]) -> list[Attribution]:
    """An outlet closing the sentence passes on the speakers cued before it; with no
    speaker before it, the outlet itself is the source."""
    if not trailing:
        return found
    outlet = min(trailing, key=lambda a: a.anchor)
    if not any(a.anchor < outlet.anchor and a.scope is None for a in found):
        return found + trailing
    link = canonical_source(outlet.source)
    return [
        Attribution(a.source, a.anchor, (link, *a.relays), a.is_pronoun, None, a.quoted)
        if a.anchor < outlet.anchor and a.scope is None
        else a
        for a in found
    ]


def _in_aside(sentence: str, position: int) -> bool:
    """Whether a position sits in an aside opened shortly before it by a dash or a
    parenthesis and not yet closed ("– according to what the BBC reports –")."""
    window = sentence[max(0, position - _ASIDE_REACH) : position]
    opened = max(window.rfind("–"), window.rfind("—"), window.rfind("("))
    return opened >= 0 and ")" not in window[opened:]


def _drop_quoted_first_person(found: list[Attribution]) -> list[Attribution]:
    """ "“I counted 40 bodies,” the mayor said": the quote's speaker, not "I"."""
    others = [a for a in found if a.source.lower() not in _FIRST_PERSON]
    return others if others else found


def _find_agents(sentence: str, offset: int) -> list[Attribution]:
    """ "the 318 claimed by the ministry" binds the figures of its phrase to the agent;
    "a report by the ministry" and "the estimate came from a survey firm" name a source."""
    found = []
    if " by " in sentence:
        for match in AGENT_OF_FIGURE.finditer(sentence):
            source = _trim_source(match.group("src"))
            low = max(_phrase_start(sentence, match.start()), match.start() - _AGENT_REACH)
            if (
                not source
                or not _is_plausible_subject(source)
                or _NEGATION.search(sentence, low, match.start())
            ):
                continue  # "290 and not 359 as reported by the media": the one who denies it speaks
            if not _DIGIT.search(sentence, low, match.start()) and not _COUNT_WORD.search(
                sentence, low, match.start()
            ):
                # "In images released by the coast guard, dozens ...": no figure of its own
                found.append(_make(source, offset + match.start(), ()))
                continue
            scope = (offset + low, offset + match.start())
            found.append(Attribution(source, offset + match.start(), (), False, scope))
    if " by " not in sentence and " from " not in sentence:
        return found
    for match in SOURCE_DOCUMENT.finditer(sentence):
        source = _trim_source(match.group("src"))
        if source and _is_plausible_subject(source):
            found.append(_make(source, offset + match.start("src"), ()))
    return found


def _find_possessors(sentence: str, offset: int) -> list[Attribution]:
    """ "the government's figure of 316,000": the possessor gives the figures of its phrase."""
    found: list[Attribution] = []
    if "’s" not in sentence and "'s" not in sentence:
        return found
    for match in POSSESSED_FIGURE.finditer(sentence):
        source = _possessor(sentence[max(0, match.start() - 120) : match.start()])
        if source:
            end = _phrase_end(sentence, match.end())
            found.append(
                Attribution(source, offset + match.start(), (), False, (offset + match.start(), offset + end))
            )
    return found


def _possessor(before: str) -> str | None:
    """The noun phrase that ends right before a possessive 's: names and organisation nouns."""
    words = before.split()
    taken: list[str] = []
    for word in reversed(words):
        if (
            word[:1].isupper()
            or word.lower() in ORGANISATION_NOUNS
            or (taken and word.lower() in _ADJECTIVE_OK)
        ):
            taken.insert(0, word)
            continue
        if word.lower() in _POSSESSIVE_PRONOUNS:
            return None  # "his office's figure": whose office needs the person
        if word.lower() in ("the", "a", "an") and taken:
            taken.insert(0, word)
        break
    if not taken or taken[-1].lower() in _DETERMINERS:
        return None
    source = " ".join(taken)
    return source if not re.search(r"[\d“”\"(),]", source) else None


def _phrase_start(sentence: str, position: int) -> int:
    """Where the phrase ending at `position` begins: after the last comma, semicolon or
    parenthesis (not a thousands separator), else at the sentence start."""
    low = max(0, position - 200)
    boundaries = [m.end() for m in _PHRASE_BOUNDARY.finditer(sentence, low, position)]
    return boundaries[-1] if boundaries else low


def _phrase_end(sentence: str, position: int) -> int:
    match = _PHRASE_BOUNDARY.search(sentence, position)
    return match.start() if match else len(sentence)


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
            source = _trim_source(_WHAT_X_SAYS.sub(r"\1", match.group("src")))
            if source:
                aside = bool(_ASIDE_BEFORE.search(sentence, max(0, match.start() - 3), match.start()))
                found.append(_make(source, offset + match.start(), (), aside))
    return found


def _inverted_at(sentence: str, verb: re.Match[str]) -> str | None:
    """'“...,” said Ismail Abdullah, a rescue worker': the speaker follows the verb."""
    if verb.group() in _REVISION_FORMS or verb.group() in ("told", "tells") or verb.group().endswith("ing"):
        return None  # "..., told the correspondent": the one told does not speak
    if not _BEFORE_INVERTED.search(sentence[max(0, verb.start() - 3) : verb.start()]):
        return None
    match = INVERTED_SOURCE.match(sentence, verb.end())
    if not match:
        return None
    source = _trim_source(match.group("src"))
    if not source or len(source.split()) > _MAX_SUBJECT_WORDS or source.lower() == "that":
        return None
    # "..., estimated the boat was carrying 750": a clause follows the verb, not a speaker.
    return None if _FINITE_VERB.search(source) else source


def _subject_before(sentence: str, verb_at: int, gerund: bool = False) -> str | None:
    """The noun phrase that governs a speech verb: clause start up to the verb."""
    head = _window_before(sentence, verb_at)
    if _PASSIVE_BEFORE.search(head):
        return None  # "were not believed to ..., police said": the agent speaks, not the subject
    head = _QUOTE_MARK.split(head)[-1] if head.count("”") or head.count('"') else head
    if head.rfind("(") > head.rfind(")"):
        head = head[head.rfind("(") + 1 :]  # "killing 25 (Sky News says 82": the aside's own subject
    after_comma = head.endswith(",")
    pieces = [p.strip() for p in _CLAUSE_COMMA.split(head.rstrip(","))]
    pieces = _join_abbreviated_places(pieces)
    if after_comma:
        pieces = _drop_appositives(pieces)
        named = _name_with_role(pieces)
        if named:
            return named
    if not pieces or not pieces[-1]:
        return None
    if _RELATIVE_PRONOUN.fullmatch(pieces[-1]) and len(pieces) > 1:
        # "numbers provided by the agency, which says ...": the nearest noun phrase speaks.
        pieces = [*pieces[:-1], _AGENT_TAIL.split(pieces[-2])[-1]]
    clause = _SUBORDINATE_LEAD.split(pieces[-1])[-1]
    clause = _ABSOLUTE_WITH.split(clause)[-1] if gerund else clause
    subject = _TRAILING_ADVERBS.sub("", _LEADING_FILLER.sub("", clause)).strip().lstrip('“‘"(')
    subject = _FREE_RELATIVE.sub("", subject)  # "what the BBC reports": the BBC
    if gerund:
        # "The director issued the correction, lowering the toll": the clause's subject.
        subject = _VERB_WITH_OBJECT.split(subject)[0]
    if _DIGIT.search(subject):
        # "Cumulative data from June 14 from across the country showed": the modifier goes;
        # "... was 45,000 strong and organisers put": the last conjunct speaks.
        subject = _DATED_MODIFIER.sub("", subject).strip()
        subject = _AND.split(subject)[-1] if _DIGIT.search(subject) else subject
    if _PAST_SPEECH_VERB.search(subject):
        # "The ministry released a statement stating": the inner verb has the cue;
        # "Organisers estimated a million and police said": the last conjunct speaks.
        subject = _AND_BUT.split(subject)[-1]
        if _PAST_SPEECH_VERB.search(f" {subject} "):
            return None
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


def _join_abbreviated_places(pieces: list[str]) -> list[str]:
    """ "in Washington, D.C." is one phrase: a comma before an abbreviation does not
    start a clause."""
    joined: list[str] = []
    for piece in pieces:
        if joined and _ABBREVIATION.fullmatch(piece):
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def _name_with_role(pieces: list[str]) -> str | None:
    """ "Dana Ortiz, head of the fire service, said": a name and its role speak together."""
    if len(pieces) < 2:
        return None
    name, role = pieces[-2], pieces[-1]
    name = _LEADING_FILLER.sub("", name.split("”")[-1].split('"')[-1]).strip()
    if not _PERSON_NAME.fullmatch(name) or not _ROLE_PHRASE.match(role):
        return None
    if len(role.split()) > _MAX_SUBJECT_WORDS:
        return None
    return f"{name}, {role}"


def _is_plausible_subject(subject: str) -> bool:
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return False
    if len(words) == 1 and words[0].lower() in _DETERMINERS:
        return False  # "The UN estimates": the cue was cut short, not a speaker
    if words[0].lower() in PRONOUNS:
        return len(words) == 1
    starts = _SUBJECT_START.match(subject) or _SPEAKER_HEAD.fullmatch(subject)
    return bool(starts) and not _DIGIT.search(subject)


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
    text = _SOURCE_CUT.split(raw)[0]
    text = _SOURCE_TAIL.sub("", text.strip())
    return text.strip(" –—-")


def _make(source: str, anchor: int, relays: tuple[str, ...], quoted: bool = False) -> Attribution:
    is_pronoun = source.lower() in PRONOUNS
    return Attribution(source, anchor, relays, is_pronoun, None, quoted)


class _QuoteSpans:
    """Whether a position of a sentence lies inside a quotation (curly quotes opened
    before it and not yet closed)."""

    def __init__(self, sentence: str) -> None:
        self.opens = [m.start() for m in re.finditer("“", sentence)] if "“" in sentence else []
        self.closes = [m.start() for m in re.finditer("”", sentence)] if self.opens else []

    def inside(self, position: int) -> bool:
        return bisect_right(self.opens, position) > bisect_right(self.closes, position)


def pick_attribution(
    candidates: list[Attribution], figure_start: int, clauses: list[tuple[int, int]] | None = None
) -> Attribution | None:
    """The attribution cued in the figure's own clause, else the one nearest the figure."""
    return SentenceCues(candidates, clauses or []).pick(figure_start)


def _anchor(attribution: Attribution) -> int:
    return attribution.anchor


class SentenceCues:
    """A sentence's attribution cues and its clauses (contiguous, as `clause_spans` cuts
    them), indexed once: a sentence listing thousands of figures and cues must not compare
    every pair."""

    def __init__(
        self,
        candidates: Sequence[Attribution],
        clauses: list[tuple[int, int]],
        contrasts: Sequence[int] = (),
    ) -> None:
        self.contrasts = contrasts
        scoped = [c for c in candidates if c.scope is not None]
        self.cues = Nearest([c for c in candidates if c.scope is None] if scoped else candidates, _anchor)
        self.scoped = sorted(scoped, key=lambda a: a.scope or (0, 0))
        self.scope_starts = [c.scope[0] for c in self.scoped if c.scope is not None]
        self.clauses = clauses
        self.clause_starts = [c[0] for c in clauses]

    def pick(self, figure_start: int) -> Attribution | None:
        """The cue whose scope holds the figure, else the cue in the figure's own clause
        nearest it, else the nearest in the sentence."""
        bound = self._scoped_at(figure_start)
        if bound is not None:
            return bound
        clause = self._clause_of(figure_start)
        inside = self.cues.nearest(figure_start, *clause) if clause is not None else None
        if inside is not None or clause is None:
            return inside or self.cues.nearest(figure_start)
        # A later clause opened by "while", "but" ... has a subject of its own: its
        # speaker does not reach back ("104 survived, while the coast guard said 78 died").
        later = bisect_left(self.contrasts, clause[1])
        if later == len(self.contrasts):
            return self.cues.nearest(figure_start)
        return self.cues.nearest(figure_start, None, self.contrasts[later])

    def _scoped_at(self, position: int) -> Attribution | None:
        index = bisect_right(self.scope_starts, position) - 1
        if index < 0:
            return None
        cue = self.scoped[index]
        return cue if cue.scope is not None and position < cue.scope[1] else None

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


def contrastive_clause_starts(text: str, start: int, end: int) -> list[int]:
    """Where clauses opened by "while", "but", "whereas", "although" ... begin; a clause
    that closes the sentence with its attribution (", but it is unclear, witnesses said.")
    speaks for the whole sentence and is left out."""
    starts = [m.start() for m in _CONTRAST_BREAK.finditer(text, start, end)]
    if starts and _CLOSING_ATTRIBUTION.search(text, starts[-1], end):
        starts.pop()
    return starts


_CLOSING_ATTRIBUTION = re.compile(
    r",\s*[^,\d]{1,80}?\s(?:said|says|told|reported|added|stated|confirmed)\b[^,\d]{0,80}$"
)
_CONTRAST_BREAK = re.compile(r",\s*(?:while|whilst|but|whereas|although|though|yet)\b")


def refers_back(sentence: str) -> bool:
    """Whether a sentence's speaker points at the figures just before it: "The minister
    announced the new figure", "This was reported by the agency"."""
    return bool(_REFERS_BACK.search(sentence))


_REFERS_BACK = re.compile(
    r"\b(?:announced|confirmed|gave|released|issued|said|says|revealed)\s+(?:that\s+)?(?:the|this|these)\s+"
    r"(?:(?:new|latest|revised|updated|dramatic|official|higher|lower)\s+)*"
    r"(?:figures?|toll|tally|count|numbers?|lowering|rise|increase|revision)\b"
    r"|^\W*(?:This|That|These figures|The figures?)\s+(?:was|were|is|has been|have been)\s+"
    r"(?:reported|confirmed|announced|given|released)\s+by\b"
)
# "the toll of 359 announced yesterday": a figure an unnamed party gave earlier.
UNNAMED_REPORT_AFTER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:announced|reported|given|released|stated)\b(?!\s+by\b)"
)


class SpeakerMemory:
    """Carries speakers across sentences: "He said" and follow-on sentences.

    Within a paragraph a sentence without a cue continues the last speaker, unless it
    tells of another time ("In 1998, ..."): background names nobody. A paragraph without a
    speaker of its own continues the previous paragraph's speaker for one paragraph when
    that speaker was reporting figures ("Data from the agency showed ...", then "In the last
    24 hours, 12 died") or when it opens by adding to what was said ("In addition, ...").
    The first paragraph (the headline) passes its speaker to no other.

    One instance per article; feed it sentences in order with `attribute_sentence`.
    """

    def __init__(self) -> None:
        self.last_named: Attribution | None = None
        self.previous: Attribution | None = None
        self.paragraph: int = -1
        self.paragraphs_seen = 0
        self.cue_sentence = ""  # the sentence of the last cue
        self.carried_in = False  # the current paragraph's speaker came from the one before

    def attribute_sentence(
        self, candidates: list[Attribution], paragraph: int, opens_quote: bool = False, text: str = ""
    ) -> list[Attribution]:
        """Resolve pronouns; when a sentence has no cue, return the carried-over speaker.

        A paragraph that opens with a quotation mark continues the last named speaker's
        words (reporters split long quotes over paragraphs), so it starts with that speaker.
        """
        if paragraph != self.paragraph:
            self._enter_paragraph(paragraph, text, candidates)
            if opens_quote and self.last_named is not None:
                self.previous = self.last_named
        resolved = []
        for candidate in sorted(candidates, key=_anchor) if len(candidates) > 1 else candidates:
            found = self._resolve(candidate)
            if found is None:
                continue
            resolved.append(found)
            if not found.is_pronoun and found.scope is None and not found.quoted:
                self.last_named = found  # "The agency published a list of those it said died"
        carried = [r for r in resolved if r.scope is None and not r.quoted]
        if carried:
            named = [r for r in carried if not r.is_pronoun]
            self.last_named = max(named, key=lambda a: a.anchor) if named else self.last_named
            self.previous = max(carried, key=lambda a: a.anchor)
            self.cue_sentence = text
            self.carried_in = False
            return resolved
        if self.previous is None or (_MAY_NAME_A_YEAR.search(text) and _BACKGROUND_TIME.search(text)):
            return resolved
        return [*resolved, self.previous]

    def _enter_paragraph(self, paragraph: int, text: str, candidates: list[Attribution]) -> None:
        continues = (
            self.previous is not None
            and self.paragraphs_seen > 1
            and not self.carried_in
            # A first sentence with a speaker of its own needs nothing carried.
            and not any(c.scope is None and not c.quoted for c in candidates)
            and (bool(_ADDS_TO_WHAT_WAS_SAID.match(text)) or self._reported_figures())
        )
        self.paragraph = paragraph
        self.paragraphs_seen += 1
        self.carried_in = continues
        if not continues:
            self.previous = None

    def _reported_figures(self) -> bool:
        """Whether the last speaker reported figures: its name or its sentence names data."""
        if self.previous is None:
            return False
        text = self.cue_sentence
        return bool(
            _DATA_SOURCE.search(self.previous.source)
            or _DATA_NAMED.search(text)
            or _FIGURE_OBJECT.search(text)
        )

    def _resolve(self, candidate: Attribution) -> Attribution | None:
        if not candidate.is_pronoun:
            return candidate
        if self.last_named is None:
            return None
        named = self.last_named
        return Attribution(named.source, candidate.anchor, named.relays, False)


# A speaker reporting figures: a source that is data ("Data from the agency", "the latest
# count"), or a speaker whose verb takes a figure ("announced the new figure").
_DATA_SOURCE = re.compile(
    r"\b(?:data|figures|statistics|count|tally|report|sit ?rep|survey|estimates)\b", re.IGNORECASE
)
# "According to the latest data by the agency": the data are named beside their issuer.
_DATA_NAMED = re.compile(r"\b(?:data|figures|statistics|sit ?rep)\b", re.IGNORECASE)
_FIGURE_OBJECT = re.compile(
    r"\b(?:announced|released|issued|gave|published|updated|revised|raised|lowered|put)\s+"
    r"(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:figures?|toll|tally|count|total|numbers?)\b"
)
_ADDS_TO_WHAT_WAS_SAID = re.compile(r"[\s“\"]*(?:In addition|Additionally|Also|Moreover|Furthermore)\b")
# Another time than the news: "In 1967, ...", "... in November last year", "years ago".
_MAY_NAME_A_YEAR = re.compile(r"1[89]\d\d|20\d\d|year")
_BACKGROUND_TIME = re.compile(r"\b(?:[Ii]n\s+(?:[A-Z][a-z]+\s+)?(?:1[89]\d\d|20\d\d)\b|last year|years ago)")


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
