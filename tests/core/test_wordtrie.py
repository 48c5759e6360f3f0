"""Word alternations built as prefix trees match exactly what the plain alternations match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factledger.core.wordtrie import phrase_alternation, whole_words


def _plain(phrases: list[str], any_spaces: bool = False) -> str:
    """The alternation the trees replace: every phrase, longest first."""
    escaped = (re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return "(?:" + "|".join(e.replace(r"\ ", r"\s+") if any_spaces else e for e in escaped) + ")"


def _spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, flags)]


def test_phrase_alternation_branches_letter_by_letter() -> None:
    assert phrase_alternation(["said", "says", "sa"]) == "(?:sa(?:(?:id|ys))?)"


def test_phrase_alternation_prefers_the_longer_word_and_falls_back_to_the_shorter() -> None:
    pattern = rf"\b{phrase_alternation(['kill', 'killed', 'killed off'])}\b"
    text = "They killed off the herd, killed two and kill-switches killedx."
    assert _spans(pattern, text) == [(5, 15), (26, 32), (41, 45)]
    assert _spans(pattern, text) == _spans(rf"\b{_plain(['kill', 'killed', 'killed off'])}\b", text)


def test_phrase_alternation_ignoring_case_merges_words_that_differ_in_case() -> None:
    # As separate branches "AB" would be tried before "abc" and win where the text allows both.
    pattern = rf"{phrase_alternation(['AB', 'abc'], ignore_case=True)}(?=c|\b)"
    assert _spans(pattern, "abc ab", re.IGNORECASE) == [(0, 3), (4, 6)]


def test_phrase_alternation_any_spaces_matches_runs_of_white_space() -> None:
    pattern = rf"\b{phrase_alternation(['brought out', 'brought out alive'], any_spaces=True)}\b"
    text = "Two were brought  out\nalive and one brought out later."
    assert _spans(pattern, text) == [(9, 27), (36, 47)]


def test_whole_words_matches_the_words_and_not_their_parts() -> None:
    pattern = re.compile(whole_words(["envoy", "Minister", "spokesman"], ignore_case=True), re.IGNORECASE)
    text = "The Envoy met the minister's spokesmen and the spokesman; ministerial envoys."
    assert [m.group() for m in pattern.finditer(text)] == ["Envoy", "minister", "spokesman"]


def test_whole_words_refuses_phrases_a_word_boundary_cannot_hold() -> None:
    with pytest.raises(ValueError, match="start and end with a letter or digit"):
        whole_words(["killed", "-plus"])


_WORDS = st.lists(st.text(alphabet="abAB ", min_size=1, max_size=5).map(str.strip).filter(bool), min_size=1)


@settings(max_examples=300)
@given(words=_WORDS, text=st.text(alphabet="abAB .", max_size=40), any_spaces=st.booleans())
def test_phrase_alternation_finds_what_the_plain_alternation_finds(
    words: list[str], text: str, any_spaces: bool
) -> None:
    for flags in (0, re.IGNORECASE):
        tree = phrase_alternation(words, ignore_case=bool(flags), any_spaces=any_spaces)
        for around in ("{}", r"\b{}\b", r"{}(?=b\b)"):
            expected = _spans(around.format(_plain(words, any_spaces)), text, flags)
            assert _spans(around.format(tree), text, flags) == expected
