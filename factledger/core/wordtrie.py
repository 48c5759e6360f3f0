"""Many words or phrases as one regular expression branching letter by letter.

`\\b(?:killed|kidnapped|...)\\b` makes the engine try every word at every word start; the
same words as a prefix tree (`ki(?:dnapped|lled)`) cost one branch per letter and find the
same matches. At one position the words that match are prefixes of one another, and the
tree tries the longer one first, as an alternation sorted longest first does, so what a
pattern matches, and what it falls back to when what follows fails, do not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""  # the key that marks a word ending at a node


def phrase_alternation(phrases: Iterable[str], *, ignore_case: bool = False, any_spaces: bool = False) -> str:
    """A pattern matching any of `phrases`, safe to embed anywhere a group can go.

    `ignore_case` is for patterns compiled with re.IGNORECASE: words that differ only in
    case share a branch, so the longer one is still tried first. With `any_spaces`, a
    space in a phrase matches any run of white space.
    """
    tree: _Node = {}
    for phrase in phrases:
        node = tree
        for char in phrase.lower() if ignore_case and phrase.isascii() else phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    space = r"\s+" if any_spaces else re.escape(" ")
    return f"(?:{_branch(tree, space)})"


def _branch(node: _Node, space: str) -> str:
    options = [
        (space if char == " " else re.escape(char)) + _branch(child, space)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    return f"(?:{body})?" if _END in node else body


def whole_words(phrases: Iterable[str], *, ignore_case: bool = False, any_spaces: bool = False) -> str:
    """`\\b(?:phrase|...)\\b` as a tree, looking first at whether the next letter can start one.

    That look costs one test of a letter where the tree tries each of its first letters in
    turn. The phrases must start and end with a letter or digit, for the word boundaries.
    """
    words = list(phrases)
    if not all(re.match(r"\w", w) and re.search(r"\w$", w) for w in words):
        raise ValueError("whole_words needs phrases that start and end with a letter or digit")
    firsts = sorted({w[0].lower() if ignore_case and w.isascii() else w[0] for w in words})
    alternation = phrase_alternation(words, ignore_case=ignore_case, any_spaces=any_spaces)
    return rf"(?=[{''.join(re.escape(c) for c in firsts)}])\b{alternation}\b"
