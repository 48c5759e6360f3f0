"""The row checks behind the custom expectations, as plain functions.

Pure and free of Great Expectations, so each rule can be read and tested on its own; the
expectation classes in `custom.py` only map them over a column or a few columns.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from functools import cache
from numbers import Integral
from typing import Any

import regex

# A word is a run of letters with their combining marks; digits and punctuation split words.
WORD = regex.compile(r"[\p{L}\p{M}]+")


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' missing markers all mean "no value"."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return str(value) in ("<NA>", "NaT")


def text_at(text: Any, start: Any, end: Any) -> str | None:
    """The characters of `text` between two offsets, or None when they fall outside it.

    Python slicing would quietly clamp or wrap bad offsets; a defect must stay visible.
    """
    if not isinstance(text, str) or not isinstance(start, Integral) or not isinstance(end, Integral):
        return None
    low, high = int(start), int(end)
    if not 0 <= low <= high <= len(text):
        return None
    return text[low:high]


def matches_text_at(value: Any, text: Any, start: Any, end: Any) -> bool:
    """Whether `value` is exactly the text at its offsets."""
    return isinstance(value, str) and value == text_at(text, start, end)


@cache
def _script_pattern(scripts: tuple[str, ...]) -> dict[str, regex.Pattern[str]]:
    return {name: regex.compile(rf"\p{{Script={name}}}") for name in scripts}


def mixed_script_words(text: Any, scripts: Sequence[str]) -> list[str]:
    """Words whose letters come from two or more of `scripts` ("neighboعrhoods").

    Only the named scripts count, so a script that legitimately mixes within a word
    (Japanese kana with kanji) is left alone unless it is named.
    """
    if not isinstance(text, str):
        return []
    patterns = _script_pattern(tuple(scripts))
    found = []
    for word in WORD.findall(text):
        if word.isascii():
            continue  # the common case: one script, nothing to look up
        if sum(1 for pattern in patterns.values() if pattern.search(word)) > 1:
            found.append(word)
    return found


@cache
def _line_pattern(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    alternation = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(rf"^[ \t]*(?:{alternation})[ \t]*$", regex.IGNORECASE | regex.MULTILINE)


def boilerplate_lines(text: Any, patterns: Sequence[str]) -> list[str]:
    """Whole lines of `text` that are site furniture ("Recent Posts", "5 min read")."""
    if not isinstance(text, str) or not patterns:
        return []
    return [match.group().strip() for match in _line_pattern(tuple(patterns)).finditer(text)]


def without_spans(text: str, start: int, spans: Iterable[tuple[int, int]]) -> str:
    """The text from document offset `start`, with the given document spans cut out."""
    kept, cursor = [], 0
    for span_start, span_end in sorted(spans):
        kept.append(text[cursor : max(cursor, span_start - start)])
        cursor = max(cursor, span_end - start)
    kept.append(text[cursor:])
    return "".join(kept)


def is_attributed(source: Any, source_type: Any) -> bool:
    """Whether anyone is said to give a figure: a named source or a known kind of source."""
    named = isinstance(source, str) and bool(source.strip())
    return named or (isinstance(source_type, str) and source_type not in ("", "unattributed"))


def needs_attribution(category: Any, source: Any, source_type: Any, categories: Sequence[str]) -> bool:
    """True for a figure of one of `categories` that nobody is said to give."""
    return category in categories and not is_attributed(source, source_type)


def sha256_hex(content: Any) -> str | None:
    """The sha256 of stored bytes as hex, or None when there are no bytes."""
    if isinstance(content, memoryview):
        content = content.tobytes()
    if not isinstance(content, bytes | bytearray):
        return None
    return hashlib.sha256(content).hexdigest()
