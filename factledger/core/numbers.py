"""Find count-like figures in English news text and read them as intervals.

A compiled-regex scanner: one pattern finds number atoms (digits, number words, vague
words), then short context windows decide what is not a count (years, dates, ages,
money, names...), join ranges, and apply hedges. The convention is published in
docs/FIGURES.md and versioned by NUMBERS_VERSION, which provenance records.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from factledger.core.models import Figure, Number
from factledger.core.vague import (
    ABOUT_WIDTH,
    ALMOST_WIDTH,
    HEDGES_AFTER,
    HEDGES_BEFORE,
    VAGUE_RANGES,
    VAGUE_SCALES,
    VAGUE_SINGULAR,
)
from factledger.core.wordtrie import phrase_alternation

NUMBERS_VERSION = "numbers-2"
# Bounds on what is read as a figure (docs/FIGURES.md). A run of more digits than this is an
# identifier (an account, a phone or a serial number), not a count, and is never converted;
# below it every whole number is exact as a double, so a stored figure hashes back to its id.
MAX_DIGITS = 15
# Nothing this product counts (people, buildings, attacks, shares) comes near a trillion: a
# larger figure is a misreading or a sum of money, and is not a claim.
MAX_PLAUSIBLE_COUNT = 10**12

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 10**12, "quadrillion": 10**15, "quintillion": 10**18, "sextillion": 10**21,
}  # fmt: skip
_ABBREVIATED_SCALES = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
    "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000,
    "tln": 1_000_000_000_000,
}  # fmt: skip
_WORD_SCALES = {"hundred": 100, "dozen": 12, "dozens": 12, **_SCALES}

_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TEENS, *_TENS, *_WORD_SCALES], key=len, reverse=True))
_WORD = rf"(?:{_NUMBER_WORD}|dozens)(?![a-z])"
_WORD_RUN = (
    rf"(?:\ban?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)(?![a-z])))?"
    rf"(?<![a-z]){_WORD}(?:(?:\s*-\s*|\s+and\s+|\s*&\s*|\s*,\s*|\s+){_WORD})*"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_DIGIT_SCALE = (
    r"(?:\s*(?:hundred|thousand|million|billion|trillion|dozens?)(?![a-z])"
    r"|\s?(?:bn|mn|mln|bln|tn|tln|k|m)(?![\w])|b(?![\w]))"
)
_VAGUE_PLURAL = "|".join(VAGUE_RANGES)
_VAGUE_OF = "|".join(VAGUE_SCALES)
_VAGUE = (
    rf"\b(?:(?:(?:tens|hundreds|dozens)\s+of\s+(?:{_VAGUE_OF}))"
    rf"|(?:several|a\s+few|many)\s+(?:dozen|hundred|thousand|million|billion)s?"
    rf"|(?:{_VAGUE_PLURAL}))(?![a-z])"
)
_HALF = r"\b(?:half\s+an?|a\s+half)\s+(?:dozen|hundred|thousand|million|billion)(?![a-z])"
_COUPLE = r"\ba\s+couple(?=\s+of\b)"


_FIRST_WORDS = [*_UNITS, *_TEENS, *_TENS, *_WORD_SCALES, *VAGUE_RANGES, "a", "an", "half"]
_FIRST_WORDS += ["several", "many"]
# Only positions where a digit or a word that can open a number starts are tried at all.
_START = rf"(?<![a-z])(?=\.?\d|{phrase_alternation(_FIRST_WORDS, ignore_case=True)}(?![a-z]))"
_ATOM = re.compile(
    rf"{_START}(?:(?P<vague>{_VAGUE})|(?P<half>{_HALF})|(?P<couple>{_COUPLE})"
    rf"|(?P<digits>(?<![\w.])(?:{_DIGITS})(?:{_DIGIT_SCALE})?)|(?P<words>{_WORD_RUN}))",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[a-z]+|[,&]", re.IGNORECASE)


@dataclass(frozen=True)
class _Atom:
    """One number as written: offsets in the scanned text and its reading."""

    start: int
    end: int
    low: Number
    high: Number
    kind: str  # count | vague
    plain_digits: bool = False  # bare digits without separators, decimals or scale
    scaled: bool = False  # carries a scale word or suffix ("3 million", "1.5m")
    word_one: bool = False  # the single word "one", which is often a pronoun


def parse_number(text: str) -> int | float | None:
    """Read one number written in digits, words or both ("1.03 million", "a dozen").

    Returns None unless the whole text (trimmed) is a single number.
    """
    stripped = text.strip()
    match = _ATOM.fullmatch(stripped)
    if match is None or match.lastgroup == "vague":
        return None
    atoms = _read_atoms(match, 0)
    if len(atoms) != 1 or atoms[0].start != 0 or atoms[0].end != len(stripped):
        return None
    return atoms[0].low


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Return every count-like figure in text[start:end], offsets relative to text.

    Only the window is read, so a window gives the same figures as its slice would.
    """
    window = text[start:end]
    atoms = [a for m in _ATOM.finditer(window) for a in _read_atoms(m, m.start())]
    figures = _assemble(window, atoms)
    return [_shift(f, start) for f in figures]


# --- reading atoms -------------------------------------------------------------------


def _read_atoms(match: re.Match[str], offset: int) -> list[_Atom]:
    """Turn one regex match into atoms; a run of number words may hold several numbers."""
    kind = match.lastgroup
    text = match.group()
    if kind == "vague":
        low, high = _read_vague(text)
        return [_Atom(offset, offset + len(text), low, high, "vague")]
    if kind == "half":
        value = _WORD_SCALES[text.split()[-1].lower()] // 2
        return [_Atom(offset, offset + len(text), value, value, "count", scaled=True)]
    if kind == "couple":
        return [_Atom(offset, offset + len(text), 2, 2, "count")]
    if kind == "digits":
        return _read_digits(text, offset)
    return _read_word_run(text, offset)


def _read_vague(text: str) -> tuple[int, int]:
    """Interval of a vague phrase: "dozens", "hundreds of thousands", "several hundred"."""
    words = text.lower().split()
    if len(words) == 3 and words[1] == "of":
        low, high = VAGUE_RANGES[words[0]]
        scale = VAGUE_SCALES[words[2]]
        return low * scale, (high + 1) * scale - 1
    last = words[-1]
    return VAGUE_RANGES[VAGUE_SINGULAR.get(last, last)]


def _read_digits(text: str, offset: int) -> list[_Atom]:
    """Digits with optional separators, decimals and a scale word or suffix."""
    number = re.match(_DIGITS, text)
    assert number is not None  # the atom pattern starts with these digits
    digits = number.group()
    if sum(c.isdigit() for c in digits) > MAX_DIGITS:
        return []  # an account or phone number, not a count: never converted, so never too big to convert
    written_scale = text[number.end() :].strip()
    if _is_metre_not_million(digits, written_scale):
        text, written_scale = digits, ""
    scale_text = written_scale.lower()
    scale = _WORD_SCALES.get(scale_text) or _ABBREVIATED_SCALES.get(scale_text, 1)
    value = _to_number(Decimal(digits.replace(",", "")) * scale)
    plain = scale == 1 and digits.isdigit()
    atom = _Atom(offset, offset + len(text), value, value, "count", plain, scale != 1)
    return [atom]


def _is_metre_not_million(digits: str, scale: str) -> bool:
    """ "1.5m" and "10M" are millions; "1m" or "5 m" is more likely a length."""
    return scale == "m" and "." not in digits or scale in ("b", "B") and "." not in digits


def _read_word_run(text: str, offset: int) -> list[_Atom]:
    """Split a run of number words into numbers and read each one."""
    tokens = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [t[0] for t in tokens]
    atoms = []
    i = 0
    while i < len(tokens):
        j, value = _consume_words(words, i)
        if j == i:
            i += 1
            continue
        first, last = tokens[i], tokens[j - 1]
        scaled = any(t[0] in _WORD_SCALES for t in tokens[i:j])
        one = j - i == 1 and first[0] == "one"
        atoms.append(_Atom(offset + first[1], offset + last[2], value, value, "count", False, scaled, one))
        i = j
    return atoms


def _consume_words(words: list[str], i: int) -> tuple[int, int]:
    """Read the longest grammatical number starting at words[i]; return (next index, value)."""
    state = _WordState()
    k = i
    if words[k] in ("a", "an") or words[k] in _SCALES or words[k] == "hundred":
        state.current, state.last = 1, "unit"
        k += words[k] in ("a", "an")
    while k < len(words) and _step_word(state, words, k):
        k += 1
        if state.last == "dozen":
            break
    while k > i and words[k - 1] in ("and", ",", "&"):
        k -= 1
    if state.last == "" or k == i or (words[i] in ("a", "an") and k == i + 1):
        return i, 0
    return k, state.total + state.current


@dataclass
class _WordState:
    """Where the number-word grammar stands: the closed total and the open group."""

    total: int = 0
    current: int = 0
    last: str = ""
    last_scale: float = math.inf
    after_comma: bool = False


def _step_word(state: _WordState, words: list[str], k: int) -> bool:
    """Take words[k] into the number if the grammar allows it."""
    word = words[k]
    after_group = state.last in ("", "hundred", "scale", "and")
    if word in ("and", "&", ","):
        return _step_joiner(state, words, k)
    if word in _UNITS:
        if word == "zero" and (state.last or k + 1 < len(words)):
            return False
        return _add(state, _UNITS[word], "unit", after_group or state.last == "tens")
    if word in _TEENS:
        return _add(state, _TEENS[word], "teen", after_group)
    if word in _TENS:
        return _add(state, _TENS[word], "tens", after_group)
    if word in ("hundred", "dozen", "dozens"):
        return _step_multiplier(state, word)
    return _step_scale(state, _SCALES[word])


def _step_joiner(state: _WordState, words: list[str], k: int) -> bool:
    """ "and" or "&" joins a group after a hundred or a scale; a comma only after a scale."""
    following = words[k + 1] if k + 1 < len(words) else ""
    joins = following in _UNITS or following in _TEENS or following in _TENS
    if words[k] == ",":
        if state.last != "scale" or not (joins or following == "a"):
            return False
        state.after_comma = True
        return True
    if state.last not in ("hundred", "scale") or not joins:
        return False
    state.last = "and"
    return True


def _add(state: _WordState, value: int, kind: str, allowed: bool) -> bool:
    """Add a unit, teen or tens word to the open group."""
    if allowed:
        state.current += value
        state.last = kind
    return allowed


def _step_multiplier(state: _WordState, word: str) -> bool:
    """ "hundred" multiplies the open group; "dozen" multiplies its part below a hundred."""
    if word == "hundred":
        if state.current == 0 and state.last == "scale":
            state.current = 100
        elif 0 < state.current < 100 and state.last != "hundred":
            state.current *= 100
        else:
            return False
        state.last = "hundred"
        return True
    below_hundred = state.current % 100
    if below_hundred == 0 or state.last == "hundred":
        return False
    state.current += below_hundred * 11
    state.last = "dozen"
    return True


def _step_scale(state: _WordState, scale: int) -> bool:
    """ "thousand", "million"...: close the group; a larger scale multiplies all before it."""
    if state.current == 0 and state.last != "unit" and state.last != "scale":
        return False
    if scale < state.last_scale and (state.current or state.last == "unit"):
        state.total += state.current * scale
    elif state.total and not state.after_comma and scale > state.last_scale:
        state.total = (state.total + state.current) * scale
    else:
        return False
    state.current, state.last, state.last_scale = 0, "scale", scale
    return True


def _to_number(value: Decimal | Fraction) -> Number:
    """An int when the value is whole, else a float."""
    if value == int(value):
        return int(value)
    return float(value)


# --- assembling figures ----------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    """One figure-to-be: a single atom or a range of two, with the text around it."""

    atoms: tuple[_Atom, ...]
    start: int
    end: int
    share: bool = False
    share_of: Number | None = None  # "one in five": the denominator


def _assemble(text: str, atoms: list[_Atom]) -> list[Figure]:
    """Group atoms into ranges and shares, drop what is not a count, apply hedges."""
    figures: list[Figure] = []
    i = 0
    while i < len(atoms):
        group, used = _group_at(text, atoms, i)
        i += used
        if _is_excluded(text, group):
            continue
        figure = _build_figure(text, group)
        if figures and _BOUND_GAP.fullmatch(text, figures[-1].end, figure.start):
            figure = _join_bounds(text, figures[-1], figure) or figure
            if figure.start == figures[-1].start:
                figures.pop()
        if not figures or figure.start >= figures[-1].end:
            figures.append(figure)
    return figures


_BOUND_GAP = re.compile(r"\s*,?\s*(?:and|but)?\s*", re.IGNORECASE)
_LOWER_BOUNDS = ("at_least", "more_than")
_UPPER_BOUNDS = ("up_to", "less_than")


def _join_bounds(text: str, first: Figure, second: Figure) -> Figure | None:
    """ "more than 10 and less than 40", "at most 100 and at least 20": one range."""
    if first.is_share != second.is_share:
        return None
    if first.qualifier in _LOWER_BOUNDS and second.qualifier in _UPPER_BOUNDS:
        low, high = first.value_low, second.value_high
    elif first.qualifier in _UPPER_BOUNDS and second.qualifier in _LOWER_BOUNDS:
        low, high = second.value_low, first.value_high
    else:
        return None
    if low is None or high is None or low > high:
        return None
    span = text[first.start : second.end]
    return Figure(first.start, second.end, span, low, high, "range", first.is_share)


_SHARE_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|pct\b|percentage\s+points?\b)", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|thru|or|and)\s*", re.IGNORECASE)
_IN_GAP = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|risen|rising|rises|increased?|increasing|fell|fallen|falls|dropped|drops|"
    r"jumped|climbed|grew|grown|decreased?|declined?|went|up|down|surged|soared|doubled|"
    r"tripled|halved|revised|raised|lowered|cut|changed)\s+(?:(?:from|by)\s+)?$",
    re.IGNORECASE,
)


def _share_end(text: str, atom: _Atom) -> int | None:
    """End of a percent sign or word right after the atom, if there is one."""
    match = _SHARE_AFTER.match(text, atom.end)
    return match.end() if match else None


def _group_at(text: str, atoms: list[_Atom], i: int) -> tuple[_Group, int]:
    """The figure starting at atoms[i]: a range, a share, or the atom alone."""
    atom = atoms[i]
    share_end = _share_end(text, atom)
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    if nxt is not None:
        ranged = _try_range(text, atom, nxt, share_end)
        if ranged is not None:
            return ranged, 2
        one_in = _try_one_in(text, atom, nxt, share_end)
        if one_in is not None:
            return one_in, 2
    if share_end is not None:
        return _Group((atom,), atom.start, share_end, share=True), 1
    return _Group((atom,), atom.start, atom.end), 1


def _try_range(text: str, low: _Atom, high: _Atom, share_end: int | None) -> _Group | None:
    """Join "2,000 to 2,500", "between 20 and 35", "20-30%", "two or three"."""
    if low.kind != "count" or high.kind != "count":
        return None
    gap = _RANGE_GAP.fullmatch(text, share_end or low.end, high.start)
    if gap is None:
        return None
    joiner = gap.group().strip().lower()
    before = text[max(0, low.start - 40) : low.start]
    opener = _BETWEEN.search(before)
    if joiner == "and" and (opener is None or opener.group().lower().startswith("from")):
        return None
    if opener is not None and _CHANGE_VERB.search(before[: opener.start()]):
        return None
    if opener is not None and opener.group().lower().startswith("from") and _changed_earlier(text, low.start):
        return None
    if joiner in ("-", "–", "—") and not _is_hyphen_range(text, low, high):
        return None
    if joiner != "and" and (_CHANGE_VERB.search(before) or (joiner == "to" and _BY_BEFORE.search(before))):
        return None  # "rose from 20 to 35", "cut the toll by 35 to 212": a change
    low_value = _scale_like(low, high)
    if not low_value < high.low or (joiner == "or" and high.low > 10 * low_value):
        return None
    start = low.start - len(opener.group()) if opener else low.start
    high_share = _share_end(text, high)
    share = share_end is not None or high_share is not None
    scaled_low = _Atom(low.start, low.end, low_value, low_value, "count", low.plain_digits)
    return _Group((scaled_low, high), start, high_share or high.end, share=share)


_BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_CHANGE_IN_CLAUSE = re.compile(
    r"\b(?:rose|risen|raised|increased|climbed|jumped|grew|fell|dropped|lowered|revised|reduced|"
    r"went\s+up|went\s+down)\b[^.;:]*$",
    re.IGNORECASE,
)


def _changed_earlier(text: str, start: int) -> bool:
    """ "the toll was raised to 59 dead and from 400 to 527 injured": an update, not a range."""
    return _CHANGE_IN_CLAUSE.search(text, max(0, start - 70), start) is not None


def _is_hyphen_range(text: str, low: _Atom, high: _Atom) -> bool:
    """A hyphen joins a range, unless the pair reads like a phone number, date or id."""
    left, right = text[low.start : low.end], text[high.start : high.end]
    if _ID_AFTER.match(text[high.end : high.end + 2]):
        return False
    digits_differ = len(left) != len(right)
    return not (right.isdigit() and len(right) >= 4 and "," not in left and digits_differ)


def _scale_like(low: _Atom, high: _Atom) -> Number:
    """ "2 to 3 million": the scale written once applies to both ends."""
    if low.scaled or not high.scaled or not isinstance(low.low, int):
        return low.low
    for scale in (1_000_000_000_000, 1_000_000_000, 1_000_000, 1_000, 100):
        if high.low % scale == 0 and high.low // scale > low.low > 0:
            return low.low * scale
    return low.low


def _try_one_in(text: str, part: _Atom, whole: _Atom, share_end: int | None) -> _Group | None:
    """ "one in five", "3 out of 10": a share, read in percent."""
    if share_end is not None or part.kind != "count" or whole.kind != "count":
        return None
    if _IN_GAP.fullmatch(text, part.end, whole.start) is None:
        return None
    if not 0 < part.low < whole.low or _is_year_like(text, whole):
        return None
    return _Group((part, whole), part.start, whole.end, share=True, share_of=whole.low)


# --- what is not a count -------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE_BEFORE = re.compile(rf"\b{_MONTH}\.?\s*(?:the\s+)?$")
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH}\b")
_MONEY_BEFORE = re.compile(r"(?:[$£€¥₹₩₽]|\b(?:US|USD|EUR|GBP|CAD|AUD|NZ|HK|Rs|INR|R|C|A)\$?|\bRs\.?)\s*$")
_MONEY_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:dollars?|pounds?(?!\s+of)|sterling|euros?|cents?|pence|yen|yuan|"
    r"renminbi|rupees?|riyals?|dinars?|dirhams?|lira|liras|roubles?|rubles?|francs?|pesos?|"
    r"shekels?|naira|rand|won|bucks|USD|EUR|GBP|usd|eur|gbp)\b"
)
_AGE_AFTER = re.compile(
    r"^\s*-?\s*(?:years?|yrs?|months?|weeks?|days?)[\s-]*old\b|^\s*-?\s*year-?old",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(
    r"\b(?:aged|age|ages|aged\s+between|aged\s+from|aged\s+under|aged\s+over)\s*$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"^(?::\d|\.\d\d\s*[ap]\.?m\b|\s*(?:[ap]\.?m\.?(?![a-z])|o['’]clock\b|GMT\b|UTC\b|"
    r"local\s+time\b|h\b))",
    re.IGNORECASE,
)
_MAGNITUDE = re.compile(r"^\s*-?\s*magnitude\b|^\s+on\s+the\s+Richter", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[\s-]*(?:of\s+)?$", re.IGNORECASE)
_READ_TIME = re.compile(r"^\s*(?:-\s*)?(?:min|mins|minutes?)\s+read\b", re.IGNORECASE)
_ID_BEFORE = re.compile(
    r"(?:\b(?:No|no|Nos|nos|Nr|nr|number|Number|#)\.?\s*|#|[A-Za-z]+-|\d[-/:.]|[\d]/|['’])$"
)
_ID_AFTER = re.compile(r"^(?:[-/:.]\d|/)")
_NAME_NOUNS = """Route Highway Flight Resolution Article Chapter Section Room Building Block Unit
    Gate Terminal Platform Boeing Airbus Road Street Avenue Page Version Level Phase Grade Class
    Category Channel Track Episode Season Act Title Amendment Proposition Prop Item Exhibit Stage
    Camp Zone Sector Apollo Windows Vol Volume Station Interstate Bus Line Division Brigade
    Battalion Regiment Corps Squadron Army Fleet Group Protocol Paragraph Clause Rule Law Bill
    Decree Order Code Part""".split()  # noqa: SIM905
_NAME_NOUN = re.compile(rf"\b{phrase_alternation(_NAME_NOUNS)}\s+$")
_LOWER_NAME_NOUN = re.compile(r"\b(?:article|section|clause|paragraph|chapter|resolution|amendment)\s+$")
_GAPPED_LIST = re.compile(r"\d\s*(?:,|;|,?\s+and)\s+[A-Z][\w’'-]*\s+$")
_CAPITALISED_BEFORE = re.compile(r"(?:^|[^\w])([A-Z][\w’'.-]*)[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”\n]\s*|\(\s*)$")
_NOT_A_NAME = frozenset(
    {
        "A", "An", "The", "In", "On", "At", "By", "Of", "And", "But", "Or", "So", "For", "From",
        "To", "With", "Without", "Some", "About", "Around", "Nearly", "Almost", "Over", "Under",
        "Only", "Just", "Roughly", "Approximately", "All", "Up", "Since", "Until", "After",
        "Before", "During", "Between", "Among", "Including", "Killing", "Killed", "Leaving",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Yesterday", "Today", "Tonight", "Least", "Than", "More", "Fewer", "Less", "Most",
        "Estimated", "Total", "Full", "Exactly", "Another", "Further", "Additional", "Last",
        "Next", "First", "Were", "Was", "Are", "Is", "Had", "Has", "Have", "Said", "Says",
        "Reported", "Report", "Reports", "Estimates", "Estimate", "While", "Where", "When",
        "Whom", "Why", "How", "What", "Which", "Who", "Whose", "That", "This", "These", "Those",
        "There", "Here", "It", "Its", "Their", "Our", "My", "Your", "His", "Her", "I", "We",
        "They", "He", "She", "You", "Also", "Percent",
    }
)  # fmt: skip
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"^\s+[A-Z][a-z]*[a-rt-z]\b")
_HYPHEN_AFTER = re.compile(r"^\s*-\s*([A-Za-z]+)")
_HYPHEN_KEEP = frozenset(
    {
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
        "weeks", "month", "months", "year", "years", "decade", "decades", "century", "strong",
        "odd", "plus", "member", "members", "man", "men", "person", "people",
    }
)  # fmt: skip
_PRONOUN_ONE_BEFORE = re.compile(
    r"\b(?:no|any|every|some|each|the|this|that|which|little|one|the\s+only|no-)\s*$",
    re.IGNORECASE,
)
_PRONOUN_ONE_AFTER = re.compile(
    r"^(?:\s+(?:of|another|who|whom|whose|that|which|else|anyway)\b|\s*['’]s\b|-)",
    re.IGNORECASE,
)
_YEAR_PREP = re.compile(
    r"\b(?:in|since|by|of|until|till|from|to|during|before|after|and|year|early|late|mid|"
    r"the|for|between|through|circa|c\.|summer|winter|spring|autumn|fall|january|february|"
    r"march|april|may|june|july|august|september|october|november|december)[\s,-]*$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(
    r"^\s+(?:[a-z]+s|people|men|women|children|police|personnel|staff|cattle|livestock)\b"
)
_LETTER_AFTER = re.compile(r"^[A-Za-z0-9]")


def _is_excluded(text: str, group: _Group) -> bool:
    """True when the group is not a count: a date, age, year, money, id, name..."""
    before = text[max(0, group.start - 40) : group.start]
    after = text[group.end : group.end + 40]
    first = group.atoms[0]
    if group.share_of is None and _is_not_count_context(before, after):
        return True
    if _is_clock(text, group, after):
        return True
    if group.share or first.kind == "vague":
        return False
    if len(group.atoms) == 1 and _is_single_atom_excluded(text, first, before, after):
        return True
    return len(group.atoms) == 2 and all(_is_year_like(text, a) for a in group.atoms)


# Time spans that place an event in time rather than count anything: "two days after",
# "three weeks ago", "in the last 24 hours" (the time rules read those).
_SPAN_UNIT = r"(?:seconds?|minutes?|hours?|hrs|days?|weeks?|months?|years?|decades?)"
_SPAN_AFTER = re.compile(
    rf"^[\s-]*{_SPAN_UNIT}\s+(?:ago|after|before|later|earlier|on|from\s+now)\b", re.IGNORECASE
)
_WINDOW_BEFORE = re.compile(
    r"\b(?:in|over|during|within|for|of)\s+the\s+(?:last|past|next|previous|first|following)\s+$",
    re.IGNORECASE,
)
_WINDOW_UNIT_AFTER = re.compile(rf"^[\s-]*{_SPAN_UNIT}\b", re.IGNORECASE)
# Measures that are not counts: lengths, areas, volumes, flows, rainfall, temperatures. A
# length of road or railway is damage and stays a count ("3,500 km of roads").
_MEASURE_UNIT_AFTER = re.compile(
    r"^\s*(?:miles?|km|kms|kilomet(?:er|re)s?|met(?:er|re)s?|feet|foot|ft|inch(?:es)?|mm|cm|"
    r"millimet(?:er|re)s?|centimet(?:er|re)s?|yards?|nautical\s+miles?|cusecs|cumecs|"
    r"°[CF]?|degrees?\b|hectares?|acres?|square\s+\w+|sq\b|kg|kilograms?|tonnes?|tons?|litres?|"
    r"liters?|gallons?|mph|km/h|knots?)(?![\w])(?!\s*(?:\([^)]*\)\s*)?of\s+(?:the\s+)?"
    r"(?:roads?|railways?|rail|tracks?|highways?|motorways?|embankments?|canals?|pipelines?|"
    r"power\s+lines?|coast(?:line)?))",
    re.IGNORECASE,
)
# "Stephen Smith, 64," and "Jane Doe, 28." : a person's age in apposition.
_AGE_APPOSITION_BEFORE = re.compile(r"[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'.-]*)*\s+[A-Z][a-z’'-]+,\s*$")
_AGE_APPOSITION_AFTER = re.compile(r"^\s*(?:[,.;)]|$|\s+(?:was|is|who|has|had|of|from)\b)")
# Legal counts and unit names: "one count of murder", "a murder charge", "9 division".
_NOT_PEOPLE_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:counts?\s+of|charges?\b)|^\s+(?:division|brigade|battalion|regiment|corps|"
    r"squadron|infantry)\b",
    re.IGNORECASE,
)
# A list item's number at the start of a line or a quote: "1. Tap the icon".
_LIST_NUMBER_BEFORE = re.compile(r"(?:^|\n|[“\"])[ \t]*$")
_LIST_NUMBER_AFTER = re.compile(r"^[.)][ \t]+[A-Z]")
# ISO date stamps ("2019-03-17") and date-time groups ("100513 1905z").
_ISO_BEFORE = re.compile(r"\b\d{4}-$")
_ISO_AFTER = re.compile(r"^-\d\d\b")
_DTG_AFTER = re.compile(r"^\s?\d{4}[zZ]\b")
_CLOCK_DIGITS = re.compile(r"^[0-2]\d[0-5]\d$")
_CLOCK_AFTER = re.compile(r"^\s*(?:hrs|hours|h|GMT|UTC|local)\b", re.IGNORECASE)


def _is_not_count_context(before: str, after: str) -> bool:
    """Money, ages, clock times, magnitudes and reading time, by their neighbours.

    Of a pair of tests, the one anchored after the figure runs first: it fails at once,
    where the one before the figure scans its whole window."""
    return bool(
        _MONEY_BEFORE.search(before)
        or _SPAN_AFTER.match(after)
        or (_WINDOW_UNIT_AFTER.match(after) and _WINDOW_BEFORE.search(before))
        or _MEASURE_UNIT_AFTER.match(after)
        or _NOT_PEOPLE_AFTER.match(after)
        or (_AGE_APPOSITION_AFTER.match(after) and _AGE_APPOSITION_BEFORE.search(before))
        or (_LIST_NUMBER_AFTER.match(after) and _LIST_NUMBER_BEFORE.search(before))
        or _ISO_BEFORE.search(before)
        or _ISO_AFTER.match(after)
        or _DTG_AFTER.match(after)
        or _MONEY_AFTER.match(after)
        or _AGE_AFTER.match(after)
        or _AGE_BEFORE.search(before)
        or _MAGNITUDE.match(after)
        or _MAGNITUDE_BEFORE.search(before)
        or _READ_TIME.match(after)
        or _TIME_AFTER.match(after)
    )


def _is_clock(text: str, group: _Group, after: str) -> bool:
    """ "around 0200 hrs": four digits that read as a time of day."""
    digits = text[group.atoms[0].start : group.atoms[0].end]
    return len(group.atoms) == 1 and bool(_CLOCK_DIGITS.match(digits)) and bool(_CLOCK_AFTER.match(after))


def _is_single_atom_excluded(text: str, atom: _Atom, before: str, after: str) -> bool:
    """Checks that apply to a lone number: dates, years, ids, names, compounds, "one"."""
    if _LETTER_AFTER.match(after) or _ID_BEFORE.search(before) or _ID_AFTER.match(after):
        return True
    if _is_date_day(atom, before, after) or _is_year(text, atom, before, after):
        return True
    if (atom.plain_digits and _is_name_number(before, after)) or _is_compound(after):
        return True
    if _is_capitalised_word_in_name(text, atom, before, after):
        return True
    return atom.word_one and bool(_PRONOUN_ONE_BEFORE.search(before) or _PRONOUN_ONE_AFTER.match(after))


def _is_date_day(atom: _Atom, before: str, after: str) -> bool:
    """ "28 October", "Oct 28", "the 3rd of May"."""
    if not (isinstance(atom.low, int) and 1 <= atom.low <= 31):
        return False
    return bool(_DATE_BEFORE.search(before) or _DATE_AFTER.match(after.lstrip()))


def _is_year_like(text: str, atom: _Atom) -> bool:
    """Four bare digits between 1000 and 2100 look like a year."""
    return (
        atom.plain_digits
        and isinstance(atom.low, int)
        and 1000 <= atom.low <= 2100
        and (atom.end - atom.start == 4)
    )


def _is_year(text: str, atom: _Atom, before: str, after: str) -> bool:
    """A year unless a hedge or a plural noun shows it counts something."""
    if not _is_year_like(text, atom):
        return False
    if _find_hedge(before) is not None:
        return False
    return _YEAR_PREP.search(before) is not None or not _PLURAL_AFTER.match(after)


def _is_capitalised_word_in_name(text: str, atom: _Atom, before: str, after: str) -> bool:
    """ "the Million Man March": a capitalised number word between "the" and a name."""
    return (
        not atom.plain_digits
        and text[atom.start : atom.start + 1].isupper()
        and bool(_THE_BEFORE.search(before))
        and bool(_TITLE_AFTER.match(after))
    )


def _is_name_number(before: str, after: str) -> bool:
    """ "Route 66", "Resolution 2254", "the 3000 Housing complex"."""
    if _NAME_NOUN.search(before) or _LOWER_NAME_NOUN.search(before):
        return True
    if _GAPPED_LIST.search(before):
        return False  # "Egypt had 146 and Indonesia 100": a list, not a name
    if _THE_BEFORE.search(before) and _TITLE_AFTER.match(after):
        return True
    capitalised = _CAPITALISED_BEFORE.search(before)
    if capitalised is None or capitalised.group(1).rstrip(".") in _NOT_A_NAME:
        return False
    if _find_hedge(before) is not None:
        return False
    return not _SENTENCE_START.search(before[: capitalised.start(1)])


def _is_compound(after: str) -> bool:
    """ "two-state", "one-third", "7.8-magnitude": a hyphenated word that is not a count."""
    match = _HYPHEN_AFTER.match(after)
    return match is not None and match.group(1).lower() not in _HYPHEN_KEEP


# --- hedges and intervals --------------------------------------------------------------

_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<![\w]))(?P<hedge>"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(HEDGES_BEFORE, key=len)[::-1])
    + r")\s+$",
    re.IGNORECASE,
)
_HEDGE_AFTER = re.compile(
    r"(?:\s+(?P<words>"
    + "|".join(h.replace(" ", r"\s+") for h in HEDGES_AFTER if " " in h)
    + r")\b(?!\s+than\s+\d)(?:\s+than\b)?(?![\s.,]*\d)|(?P<plus>\+|-plus\b)|[\s-](?P<odd>odd)\b)",
    re.IGNORECASE,
)
_OR_EQUAL = re.compile(r"\s+or\s+equal(?!\s+(?:to\s+)?\d)(?:\s+to\b)?", re.IGNORECASE)
_OR_EQUAL_QUALIFIER = {"less_than": "up_to", "more_than": "at_least"}
_DURATION_AFTER = re.compile(
    r"\s*-?\s*(?:seconds?|minutes?|hours?|hrs|days?|weeks?|months?|years?|decades?|centuries|"
    r"century)\b",
    re.IGNORECASE,
)


_HEDGE_LAST_WORDS = frozenset(h.split()[-1] for h in HEDGES_BEFORE)


def _find_hedge(before: str) -> re.Match[str] | None:
    """The hedge phrase that ends right before a number, if any."""
    words = before[-40:].rsplit(None, 1)
    if not before[-1:].isspace() or not words or words[-1].lower() not in _HEDGE_LAST_WORDS:
        return None
    return _HEDGE_BEFORE.search(before[-40:])


def _build_figure(text: str, group: _Group) -> Figure:
    """Apply hedges to a group and read it as an interval."""
    before = text[max(0, group.start - 40) : group.start]
    start, end = group.start, group.end
    hedge = _find_hedge(before)
    qualifier = "exact"
    if hedge is not None:
        qualifier = HEDGES_BEFORE[re.sub(r"\s+", " ", hedge.group("hedge").lower())]
        start = group.start - (len(before) - hedge.start("hedge"))
    after = _HEDGE_AFTER.match(text, end)
    if after is not None and qualifier in ("exact", "about"):
        key = after.group("plus") and "plus" or after.group("odd") or after.group("words")
        qualifier = HEDGES_AFTER[re.sub(r"\s+", " ", key.lower()).lstrip("-")]
        end = after.end()
    or_equal = _OR_EQUAL.match(text, end)
    if or_equal is not None and qualifier in _OR_EQUAL_QUALIFIER:
        qualifier, end = _OR_EQUAL_QUALIFIER[qualifier], or_equal.end()
    continuous = group.share or _DURATION_AFTER.match(text, group.end) is not None
    low, high, qualifier = _interval(group, qualifier, continuous)
    return Figure(start, end, text[start:end], low, high, qualifier, group.share)


def _interval(group: _Group, qualifier: str, continuous: bool) -> tuple[Number | None, Number | None, str]:
    """Interval semantics of DESIGN.md; see docs/FIGURES.md for each case."""
    atoms = group.atoms
    if group.share_of is not None:
        value = _to_number(Fraction(atoms[0].low) * 100 / Fraction(atoms[1].low))
        return (*_hedge_value(value, qualifier, True), qualifier)
    if len(atoms) == 2:
        return atoms[0].low, atoms[1].low, "range"
    atom = atoms[0]
    if atom.kind == "vague":
        return _hedge_vague(atom, qualifier)
    measured = continuous or not isinstance(atom.low, int)
    return (*_hedge_value(atom.low, qualifier, measured), qualifier)


def _hedge_vague(atom: _Atom, qualifier: str) -> tuple[Number | None, Number | None, str]:
    """A hedge on a vague word keeps its interval but opens it as the hedge says."""
    if qualifier in ("at_least", "more_than"):
        return atom.low, None, qualifier
    if qualifier in ("up_to", "less_than"):
        return 0, atom.high, qualifier
    return atom.low, atom.high, "vague"


def _hedge_value(value: Number, qualifier: str, continuous: bool) -> tuple[Number | None, Number | None]:
    """Interval for one number under a hedge; counts step by one, other quantities do not."""
    step = 0 if continuous else 1
    exact = Fraction(value)
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return _to_number(exact + step), None
    if qualifier == "up_to":
        return 0, value
    if qualifier == "less_than":
        return 0, _to_number(exact - step)
    if qualifier == "almost":
        return _bound(exact * (1 - ALMOST_WIDTH), continuous, down=True), _to_number(exact - step)
    if qualifier == "about":
        low = _bound(exact * (1 - ABOUT_WIDTH), continuous, down=True)
        return low, _bound(exact * (1 + ABOUT_WIDTH), continuous, down=False)
    return value, value


def _bound(value: Fraction, continuous: bool, down: bool) -> Number:
    """Round a hedge bound outward to a whole count; keep fractions for shares and durations."""
    if continuous:
        return _to_number(Fraction(round(value, 6)) if value.denominator > 10**6 else value)
    return math.floor(value) if down else math.ceil(value)


def _shift(figure: Figure, offset: int) -> Figure:
    """Move a figure found in a window back to offsets of the whole text."""
    if offset == 0:
        return figure
    return Figure(
        figure.start + offset,
        figure.end + offset,
        figure.text,
        figure.value_low,
        figure.value_high,
        figure.qualifier,
        figure.is_share,
    )


def is_plausible(value: Number | None) -> bool:
    """A figure's bound that a count can have: finite, and at most MAX_PLAUSIBLE_COUNT in size."""
    return value is None or (math.isfinite(value) and abs(value) <= MAX_PLAUSIBLE_COUNT)


__all__ = [
    "MAX_DIGITS",
    "MAX_PLAUSIBLE_COUNT",
    "NUMBERS_VERSION",
    "find_figures",
    "is_plausible",
    "parse_number",
]
