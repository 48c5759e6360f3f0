"""Caps on what one input may cost, and the bound on what a figure may be.

Checked before extraction, in time linear in the text: a document holding a number of more
digits than FACTLEDGER_MAX_NUMBER_DIGITS, or an article with more numbers written in digits
than FACTLEDGER_MAX_FIGURES, is quarantined with the cap's name instead of extracted (the
size cap, FACTLEDGER_MAX_DOCUMENT_BYTES, is the readers'). After extraction, whatever the
extractor, a figure outside a plausible count (`core.numbers.MAX_PLAUSIBLE_COUNT`) is not a
claim, nor is a sub-count of one, so every stored figure is exact and hashes back to its id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factledger.core.models import Article, Claim
from factledger.core.numbers import is_plausible

# A number as written in digits, separators inside it: "15", "1,000", "2.5", "9999999999".
NUMBER_IN_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")
DIGIT_RUN = re.compile(r"\d+")


def over_cap(text: str, articles: Sequence[Article], max_figures: int, max_digits: int) -> str | None:
    """Why the document must not be extracted, or None when it is within every cap."""
    longest = re.search(rf"\d{{{max_digits + 1}}}", text)
    if longest is not None:
        run = DIGIT_RUN.match(text, longest.start())
        digits = len(run.group()) if run else max_digits + 1
        return f"a number of {digits:,} digits (over FACTLEDGER_MAX_NUMBER_DIGITS={max_digits})"
    for article in articles:
        count = sum(1 for _ in NUMBER_IN_DIGITS.finditer(text, article.start, article.end))
        if count > max_figures:
            return f"an article with {count:,} numbers (over FACTLEDGER_MAX_FIGURES={max_figures})"
    return None


def plausible_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims whose figures a count can have, without the sub-counts of those dropped."""
    dropped = {c.id for c in claims if not (is_plausible(c.value_low) and is_plausible(c.value_high))}
    grew = bool(dropped)
    while grew:  # a sub-count's parent may itself be a sub-count
        orphans = {c.id for c in claims if c.parent_id in dropped and c.id not in dropped}
        dropped |= orphans
        grew = bool(orphans)
    return [c for c in claims if c.id not in dropped]
