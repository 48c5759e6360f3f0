"""The figure convention as data: vague words, hedge phrases and hedge widths.

Kept apart from the scanner so the published convention (docs/FIGURES.md) and the code
read from one table; any change here is a change of convention and bumps NUMBERS_VERSION.
"""

from __future__ import annotations

from fractions import Fraction

# Plural words read as [low, high]. "hundreds" starts at 200 because one hundred is not
# "hundreds"; the Crowd Counting Consortium codes the same words as 200, 2000, ... points,
# which are our lower ends.
VAGUE_RANGES: dict[str, tuple[int, int]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "tens": (20, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}

# Powers a vague word can be "of": "tens of thousands" = tens x 1,000.
VAGUE_SCALES: dict[str, int] = {
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}

# "several hundred", "a few thousand", "many thousands": read like the plural word.
VAGUE_SINGULAR: dict[str, str] = {
    "dozen": "dozens",
    "hundred": "hundreds",
    "thousand": "thousands",
    "million": "millions",
    "billion": "billions",
}

# Hedges written before the number, mapped to their qualifier. Emphasis ("a full 10 days")
# keeps the number exact but belongs to the figure's text.
HEDGES_BEFORE: dict[str, str] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "not fewer than": "at_least",
    "a minimum of": "at_least",
    "at least or equal to": "at_least",
    "equal to or more than": "at_least",
    "equal to or greater than": "at_least",
    "greater than or equal to": "at_least",
    "more than or equal to": "at_least",
    "greater or equal than": "at_least",
    "bigger or equal than": "at_least",
    "higher or equal than": "at_least",
    "larger or equal than": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "upward of": "more_than",
    "greater than": "more_than",
    "well over": "more_than",
    "just over": "more_than",
    "well above": "more_than",
    "a little over": "more_than",
    "a little more than": "more_than",
    "slightly more than": "more_than",
    "north of": "more_than",
    "larger than": "more_than",
    "bigger than": "more_than",
    "higher than": "more_than",
    "exceed": "more_than",
    "exceeds": "more_than",
    "exceeded": "more_than",
    "exceeding": "more_than",
    "surpass": "more_than",
    "surpassed": "more_than",
    "surpassing": "more_than",
    "topped": "more_than",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "at most": "up_to",
    "at the most": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "a maximum of": "up_to",
    "less than or equal to": "up_to",
    "fewer than or equal to": "up_to",
    "equal to or less than": "up_to",
    "equal to or fewer than": "up_to",
    "less or equal than": "up_to",
    "smaller or equal than": "up_to",
    "lower or equal than": "up_to",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "well under": "less_than",
    "well below": "less_than",
    "smaller than": "less_than",
    "lower than": "less_than",
    "nearly": "almost",
    "almost": "almost",
    "close to": "almost",
    "just under": "almost",
    "just below": "almost",
    "just shy of": "almost",
    "approaching": "almost",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "approx.": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "more or less": "about",
    "in the region of": "about",
    "on the order of": "about",
    "a full": "exact",
    "a total of": "exact",
    "exactly": "exact",
    "precisely": "exact",
    "equal to": "exact",
    "equals": "exact",
    "equals to": "exact",
    "equaling": "exact",
    "equaling to": "exact",
    "equalling": "exact",
}

# Hedges written after the number.
HEDGES_AFTER: dict[str, str] = {
    "or more": "at_least",
    "or above": "at_least",
    "or greater": "at_least",
    "and more": "at_least",
    "and above": "at_least",
    "and over": "at_least",
    "or over": "at_least",
    "plus": "at_least",
    "+": "at_least",
    "or so": "about",
    "odd": "about",
    "or fewer": "up_to",
    "or less": "up_to",
    "or below": "up_to",
    "and below": "up_to",
    "and under": "up_to",
    "and fewer": "up_to",
    "and less": "up_to",
}

# Hedge widths, as fractions of the number so that bounds are computed exactly.
ABOUT_WIDTH = Fraction(1, 10)  # "about 500" -> [450, 550]
ALMOST_WIDTH = Fraction(1, 10)  # "nearly 300" -> [270, 299]
