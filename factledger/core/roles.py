"""People named by their role: a named speaker takes the source type of the title they hold.

A report introduces a person once with a role ("UN envoy Staffan de Mistura", "Igor
Konashenkov, a spokesman for the Russian defence ministry,", "The UN Under-Secretary-General
for Humanitarian Affairs said ... Stephen O’Brien also told ...") and later quotes them by
name alone. The name says nothing about the speaker's type; the role does. `RoleBook` holds
what one report has said about who is who, keyed by full name and by surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factledger.core.attribution import classify_source
from factledger.core.categories import ROLE_QUALIFIERS, ROLE_TITLES
from factledger.core.wordtrie import phrase_alternation, whole_words

_TITLES = phrase_alternation(ROLE_TITLES, ignore_case=True)
_TITLE = re.compile(whole_words(ROLE_TITLES, ignore_case=True), re.IGNORECASE)
_PARTICLE = r"(?:de|da|di|del|van|von|der|bin|ibn|abu|al|el|le|la)"
_NAME_WORD = r"(?:[A-Z][a-z]*[’'])?[A-Z][a-z][\w’'-]*"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+|al-|el-)?{_NAME_WORD}){{1,3}}"
_FULL_NAME = re.compile(rf"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col)\.?\s+)?(?P<name>{NAME})")
# A person as quoted later: full name or surname, with an honorific or not ("Mr de Mistura").
_PERSON = re.compile(
    rf"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col)\.?\s+)?(?P<name>(?:{_PARTICLE}\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:{_PARTICLE}\s+|al-|el-)?{_NAME_WORD}){{0,3}})"
)
_TITLE_THEN_NAME = re.compile(rf"\b(?P<title>(?i:{_TITLES}))\s+(?P<name>{NAME})\b")
_NAME_THEN_ROLE = re.compile(
    rf"(?P<name>{NAME}),\s+(?:the|an?|its|their)\s+(?P<role>[^,.;:()“”\"]{{2,90}}?)\s*[,.;]"
)
_ROLE_THEN_NAME = re.compile(
    rf"\b(?P<role>(?:[Tt]he|[Aa]n?)\s+[^,.;:()“”\"]{{2,90}}?),\s+(?P<name>{NAME})\s*,"
)
_WORD_BEFORE = re.compile(r"([\w.’'-]+)\s+$")
_UNTYPED = frozenset({"unattributed", "witness"})
_WINDOW = 160  # characters around a title that an introduction can span


class RoleBook:
    """Source types of the people one report names by role."""

    def __init__(self) -> None:
        self.by_name: dict[str, str] = {}

    def learn(self, name: str, kind: str) -> None:
        """Record that `name` speaks as `kind` (first statement wins; later ones restate it)."""
        key = _key(name)
        self.by_name.setdefault(key, kind)
        self.by_name.setdefault(_surname(key), kind)

    def kind_of(self, name: str) -> str | None:
        """The role type of a speaker named by full name or surname, if the report gave one."""
        match = _PERSON.fullmatch(name.strip())
        if match is None:
            return None
        key = _key(match.group("name"))
        return self.by_name.get(key) or self.by_name.get(_surname(key))

    def classify(self, source: str | None) -> str:
        """The speaker's type: from the words naming it, else from the role of the person named."""
        kind = classify_source(source)
        if source is None or kind not in _UNTYPED:
            return kind
        return self.kind_of(source) or kind

    def learn_succession(self, previous: str | None, current: str | None) -> None:
        """A person quoted right after an unnamed titled role is the holder of that role."""
        if previous is None or current is None or self.kind_of(current) is not None:
            return
        if _FULL_NAME.fullmatch(current.strip()) is None or not is_titled_role(previous):
            return
        kind = classify_source(previous)
        if kind not in _UNTYPED:
            self.learn(current, kind)


def read_roles(text: str, spans: Iterable[tuple[int, int]]) -> RoleBook:
    """Every person the spans of `text` introduce with a role, in document order."""
    book = RoleBook()
    windows = [w for start, end in spans for w in _title_windows(text, start, end)]
    for start, end in windows:
        for name, role in _introductions(text, start, end):
            kind = classify_source(role)
            if kind not in _UNTYPED and is_titled_role(role):
                book.learn(name, kind)
    return book


def is_titled_role(phrase: str) -> bool:
    """A role phrase holding a title ("spokesman", "envoy") and naming nobody after it."""
    return _TITLE.search(phrase) is not None and _TITLE_THEN_NAME.search(phrase) is None


def _title_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches around each title, merged, cut at lines: introductions only happen there.

    Running the apposition patterns over these alone, not the whole report, keeps their
    cost in proportion to the titles a report holds.
    """
    windows: list[tuple[int, int]] = []
    for match in _TITLE.finditer(text, start, end):
        low = max(start, match.start() - _WINDOW)
        low = max(low, text.rfind("\n", low, match.start()) + 1)
        if low > start and not text[low - 1].isspace():
            low = text.rfind(" ", start, low) + 1 or start  # keep the whole first word
        high = min(end, match.end() + _WINDOW)
        newline = text.find("\n", match.end(), high)
        high = newline if newline >= 0 else high
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


def _introductions(text: str, start: int, end: int) -> Iterable[tuple[str, str]]:
    """(name, role phrase) pairs: title before name, and appositions either way round."""
    for match in _TITLE_THEN_NAME.finditer(text, start, end):
        yield match.group("name"), _role_before(text, start, match.start("title"), match.group("title"))
    for match in _NAME_THEN_ROLE.finditer(text, start, end):
        yield match.group("name"), match.group("role")
    for match in _ROLE_THEN_NAME.finditer(text, start, end):
        yield match.group("name"), match.group("role")


def _role_before(text: str, floor: int, at: int, title: str) -> str:
    """The title with the organisation words before it: "Russian defence ministry spokesman"."""
    words = [title]
    cursor = at
    while len(words) < 6:
        match = _WORD_BEFORE.search(text, max(floor, cursor - 40), cursor)
        if match is None or not _qualifies_title(match.group(1)):
            break
        words.insert(0, match.group(1))
        cursor = match.start()
    return " ".join(words)


def _qualifies_title(word: str) -> bool:
    return word[:1].isupper() or word.lower() in ROLE_QUALIFIERS


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("'", "’").strip().lower())


def _surname(key: str) -> str:
    """The family name with its particles: "staffan de mistura" -> "de mistura"."""
    words = key.split()
    at = len(words) - 1
    while at > 1 and re.fullmatch(_PARTICLE, words[at - 1]):
        at -= 1
    return " ".join(words[at:])
