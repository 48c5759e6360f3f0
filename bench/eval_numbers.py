"""Score the number parser on third-party test suites, QuanTemp claims, and speed.

Usage: python bench/eval_numbers.py [--quantemp PATH] [--write-skipped]

Each suite's cases are split into those that concern cardinal numbers and ranges (scored)
and those that do not (skipped, by a named rule, listed in tests/data/external/SKIPPED.md).
The tests import the same selection and scoring, so the printed rates are the tested ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from factledger.core.models import Figure
from factledger.core.numbers import find_figures, parse_number

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/external"
QUANTEMP_CLAIMS = DATA / "quantemp/test_claimdecomp_claims.csv"
SKIPPED_PATH = DATA / "SKIPPED.md"

Interval = tuple[float | None, float | None]


@dataclass(frozen=True)
class Case:
    """One scored case: a text and what the parser should read from it."""

    suite: str
    text: str
    expected: tuple[Interval, ...] | float | None  # intervals (find_figures) or a value
    mode: str  # figures | parse


@dataclass(frozen=True)
class Skip:
    """A case left out, with the rule that leaves it out."""

    suite: str
    text: str
    rule: str


@dataclass(frozen=True)
class Score:
    suite: str
    found: int
    total: int
    failures: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


Rule = tuple[str, Callable[[str], bool]]


def matches(pattern: str, flags: int = re.IGNORECASE) -> Callable[[str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda text: compiled.search(text) is not None


FRACTION = (
    r"\b(?:half|halves|quarters?|thirds?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?"
    r"|tenths?|hundredths?|thousandths?|trillionths?|thirtieth|firsts?|over)\b"
    r"|\d\s*/\s*\d|[⅓⅔¼¾⅙½]"
)
COMMON_RULES: list[Rule] = [
    ("negative numbers", matches(r"\b(?:minus|negative)\b|(?:^|[\s(<=$])-\s*\d|−\d")),
    ("fractions and ratios", matches(FRACTION)),
    ("scientific notation", matches(r"\d(?:e[+-]?\d|\^|x10|×10)")),
    ("decimals written in words", matches(r"\bpoint\b")),
    (
        "non-English digit grouping (spaces, Indian lakhs, decimal comma)",
        matches(r"\d[ \u202f]\d{3}\b|\b\d{1,2},\d{2},\d{3}|\d\.\d{3},\d|\b\d,\d{1,2}\b(?!,?\d)"),
    ),
    (
        "multipliers not used in English news (lakh, crore, G, MM, mil, dzs)",
        matches(r"lakh|crore|\bmil\b|\d\s*mil\b|\dMM\b|\bdzs\b|\bdozs\b|\d\s*G\b|nought|naught"),
    ),
    ("money (not a count by our convention)", matches(r"[$£€¥]|\b(?:dollars?|yuan|yen|SEK)\b")),
    (
        "dates, clock times, phone numbers and addresses (not counts)",
        matches(r"\d+/\d+/\d+|\+\d-|\d+\.\d+\.\d+\.\d+|\b\d+\s*pm\b"),
    ),
    ("numbers inside names and ids (not counts)", matches(r"SCP-|\bnrs?\.|English 101|South 32")),
    (
        "digits mixed with number words (not written in news)",
        matches(r"\d\s+(?:hundred|thousand)\s+(?:and\s+)?(?:\d|negative|one)"),
    ),
]


def first_rule(text: str, rules: Iterable[Rule]) -> str | None:
    return next((name for name, test in rules if test(text)), None)


def to_value(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e18 else value


# --- Recognizers-Text ------------------------------------------------------------------


def load_recognizers_numbers(path: Path) -> tuple[list[Case], list[Skip]]:
    """NumberModel: every number in the input, as exact values."""
    suite = "recognizers_text/NumberModel"
    cases, skips = [], []
    for item in json.loads(path.read_text(encoding="utf-8")):
        text = item["Input"]
        rule = first_rule(text, COMMON_RULES)
        if rule is None and any(re.search(r" (?:out of|in) ", r["Text"]) for r in item["Results"]):
            rule = "ratios (a fraction upstream, a share in percent here)"
        if rule is not None:
            skips.append(Skip(suite, text, rule))
            continue
        values = [to_value(r["Resolution"]["value"]) for r in item["Results"]]
        cases.append(Case(suite, text, tuple((v, v) for v in values), "figures"))
    return cases, skips


RANGE_RULES: list[Rule] = [
    ("ordinals", matches(r"\b(?:tenth|fifteenth)\b")),
    ("mathematical symbols (<, >, =, ~)", matches(r"[<>=~]")),
    ("ages (not counts by our convention)", matches(r"years old")),
    ("fractions and ratios", matches(r"quarter|half|\d/\d|\d in \d")),
    ("negative numbers", matches(r"negative|-\d")),
]
PLAIN_RANGE = re.compile(r"between|from|through|\d\s*[-–]\s*\d", re.IGNORECASE)


def read_interval(notation: str, text: str) -> Interval:
    """Recognizers' interval notation in our convention.

    Open integer bounds become closed ones ("(20," -> 21); a missing lower bound is 0.
    Recognizers writes plain ranges ("between 20 and 30") as [20,30); we read them
    inclusive, so their ")" there counts as "]".
    """
    low_text, high_text = notation[1:-1].split(",")
    low = to_value(low_text) if low_text else 0
    high = to_value(high_text) if high_text else None
    if notation[0] == "(" and low_text:
        low = low + 1
    if notation[-1] == ")" and high is not None and not PLAIN_RANGE.search(text):
        high = high - 1
    return low, high


def load_recognizers_ranges(path: Path) -> tuple[list[Case], list[Skip]]:
    """NumberRangeModel: hedged numbers and ranges, as intervals."""
    suite = "recognizers_text/NumberRangeModel"
    cases, skips = [], []
    for item in json.loads(path.read_text(encoding="utf-8")):
        text = item["Input"]
        rule = first_rule(text, RANGE_RULES)
        if rule is None and not item["Results"] and re.search(r"from \d+ to \d+", text):
            rule = "upstream expects nothing for a plain range (it reads 'from 200 to 3000000')"
        if rule is not None:
            skips.append(Skip(suite, text, rule))
            continue
        expected = tuple(read_interval(r["Resolution"]["value"], r["Text"]) for r in item["Results"])
        cases.append(Case(suite, text, expected, "figures"))
    return cases, skips


# --- quantulum3 ------------------------------------------------------------------------

COUNT_UNITS = {"dimensionless", "percentage", "dozen", "second", "minute", "hour", "day"}
COUNT_UNITS |= {"week", "month", "year"}


def load_quantulum(paths: Iterable[Path]) -> tuple[list[Case], list[Skip]]:
    """Quantities whose unit is a count, a share or a duration; values as exact numbers."""
    suite = "quantulum3"
    cases, skips = [], []
    for path in paths:
        for item in json.loads(path.read_text(encoding="utf-8")):
            text, results = item["req"], item["res"]
            rule = quantulum_rule(text, results)
            if rule is not None:
                skips.append(Skip(suite, text, rule))
                continue
            values = [r["value"] * (12 if r["unit"] == "dozen" else 1) for r in results]
            cases.append(Case(suite, text, tuple((v, v) for v in values), "figures"))
    return cases, skips


def quantulum_rule(text: str, results: list[dict[str, object]]) -> str | None:
    units = {str(r["unit"]) for r in results}
    if units - COUNT_UNITS:
        return "measurement units other than counts, shares and durations"
    if any(re.fullmatch(r"1[89]\d\d|20\d\d", str(r["surface"])) for r in results):
        return "years (not counts by our convention)"
    return first_rule(text, COMMON_RULES)


# --- number-parser ---------------------------------------------------------------------

SENTENCE_TESTS = ("basic_sentences", "separators", "multipliers", "case_of_string")


def load_number_parser(folder: Path) -> tuple[list[Case], list[Skip]]:
    """Word-to-number tables (parse_number) and sentences (find_figures)."""
    suite = "number_parser"
    cases = [
        Case(suite, row["text"], to_value(row["number"]), "parse")
        for csv_path in sorted((folder / "csv").glob("*.csv"))
        for row in csv.DictReader(csv_path.open(encoding="utf-8"))
    ]
    skips: list[Skip] = []
    for item in json.loads((folder / "parametrized_cases.json").read_text(encoding="utf-8")):
        case_or_skip = number_parser_case(suite, item)
        if isinstance(case_or_skip, Case):
            cases.append(case_or_skip)
        else:
            skips.append(case_or_skip)
    return cases, skips


def number_parser_case(suite: str, item: dict[str, object]) -> Case | Skip:
    text, expected, test = str(item["test_input"]), item["expected"], str(item["_test"])
    if item.get("lang") not in (None, "en"):
        return Skip(suite, text, "not English")
    if "ordinal" in test:
        return Skip(suite, text, "ordinals")
    if "fraction" in test:
        return Skip(suite, text, "fractions and ratios")
    if any(name in test for name in SENTENCE_TESTS):
        rule = first_rule(text, COMMON_RULES)
        if rule is not None:
            return Skip(suite, text, rule)
        values = [int(v) for v in re.findall(r"\d+", str(expected))]
        return Case(suite, text, tuple((v, v) for v in values), "figures")
    return Case(suite, text, None if expected is None else to_value(str(expected)), "parse")


# --- scoring ---------------------------------------------------------------------------


def read_figure(figure: Figure) -> Interval:
    return figure.value_low, figure.value_high


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def passes(case: Case) -> bool:
    if case.mode == "parse":
        got = parse_number(case.text)
        return same(got, case.expected) if isinstance(case.expected, (int, float)) else got is None
    found = [read_figure(f) for f in find_figures(case.text) if counts_in(case.suite, f)]
    wanted = case.expected if isinstance(case.expected, tuple) else ()
    if len(found) != len(wanted):
        return False
    return all(fits(g, e, case.suite) for g, e in zip(found, wanted, strict=True))


def counts_in(suite: str, figure: Figure) -> bool:
    """The range model reports only hedged numbers and ranges, not bare numbers."""
    bare = figure.qualifier == "exact" and parse_number(figure.text) is not None
    return not (suite.endswith("NumberRangeModel") and bare)


def fits(got: Interval, expected: Interval, suite: str) -> bool:
    """quantulum3 reads a range as its mean; everyone else is compared bound by bound."""
    if suite == "quantulum3" and got[0] is not None and got[1] is not None:
        return same((got[0] + got[1]) / 2, expected[0])
    return same(got[0], expected[0]) and same(got[1], expected[1])


def score(suite: str, cases: list[Case]) -> Score:
    failures = tuple(c.text for c in cases if not passes(c))
    return Score(suite, len(cases) - len(failures), len(cases), failures)


def load_suites(data: Path = DATA) -> dict[str, tuple[list[Case], list[Skip]]]:
    """Every vendored suite, split into scored cases and skipped ones."""
    rt = data / "recognizers_text"
    q3 = data / "quantulum3"
    return {
        "recognizers_text/NumberModel": load_recognizers_numbers(rt / "NumberModel.json"),
        "recognizers_text/NumberRangeModel": load_recognizers_ranges(rt / "NumberRangeModel.json"),
        "quantulum3": load_quantulum([q3 / "quantities.json", q3 / "quantities.ambiguity.json"]),
        "number_parser": load_number_parser(data / "number_parser"),
    }


# --- QuanTemp and speed ----------------------------------------------------------------


def read_quantemp_claims(path: Path) -> list[str]:
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["claims"] for row in csv.DictReader(handle, delimiter="@")]


def count_claims_with_figures(claims: list[str]) -> int:
    return sum(1 for claim in claims if find_figures(claim))


def measure_speed(text: str, repeat: int = 3) -> float:
    """Megabytes of text scanned per second (best of `repeat`)."""
    best = math.inf
    for _ in range(repeat):
        began = time.perf_counter()
        find_figures(text)
        best = min(best, time.perf_counter() - began)
    return len(text.encode("utf-8")) / best / 1e6


# --- SKIPPED.md ------------------------------------------------------------------------


def render_skipped(suites: dict[str, tuple[list[Case], list[Skip]]]) -> str:
    """The list of skipped cases, by suite and rule, with counts."""
    lines = [
        "# Skipped external cases",
        "",
        "Generated by `python bench/eval_numbers.py --write-skipped`; a test checks it is current.",
        "Cases are skipped by rule when they do not concern cardinal counts and ranges as",
        "factledger reads them (docs/FIGURES.md). Everything else is scored.",
        "Not vendored at all: Recognizers-Text Ordinal/Percent/Experimental specs and",
        "number-parser's ordinal tables (ordinals are not counts).",
    ]
    for suite, (cases, skips) in suites.items():
        lines += ["", f"## {suite}: {len(cases)} scored, {len(skips)} skipped"]
        for rule in sorted({s.rule for s in skips}):
            chosen = [s for s in skips if s.rule == rule]
            lines += ["", f"### {rule} ({len(chosen)})", ""]
            lines += [f"- `{json.dumps(s.text, ensure_ascii=False)[1:-1]}`" for s in chosen]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantemp", type=Path, default=QUANTEMP_CLAIMS)
    parser.add_argument("--write-skipped", action="store_true")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args(argv)
    suites = load_suites()
    if args.write_skipped:
        SKIPPED_PATH.write_text(render_skipped(suites), encoding="utf-8")
    for suite, (cases, skips) in suites.items():
        result = score(suite, cases)
        print(f"{suite:36} {result.found:4}/{result.total:<4} {result.rate:6.1%}  skipped {len(skips)}")
        if args.show_failures:
            for text in result.failures:
                print(f"    FAIL {text!r}: {[(f.text, *read_figure(f)) for f in find_figures(text)]}")
    claims = read_quantemp_claims(args.quantemp)
    with_figures = count_claims_with_figures(claims)
    print(f"{'quantemp claims with a figure':36} {with_figures:4}/{len(claims):<4}")
    news = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    print(f"{'speed on seed articles (MB/s)':36} {measure_speed(news * 50):.2f}")
    print(f"{'speed on QuanTemp claims (MB/s)':36} {measure_speed(chr(10).join(claims) * 5):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
