"""How the cost of hostile inputs grows: `python bench/bench_hostile.py [--scale 1] [CASE ...]`.

Each case builds an input an article controls at 1x, 2x and 4x its base size, times the
step that reads it, and prints the seconds and the ratio of each time to the one before.
Linear work doubles (ratio ~2); a quadratic step shows ~4. `--scale` multiplies every
base size. Cases: the figures of one long sentence, a long run of digits, a chain of
sub-counts, a paragraph of many sentences, a long hyphenated name and a sentence of many
speech cues, each with a figure (extraction); a long
document with a figure in every paragraph (validation of its articles and claims).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factledger.core.extract import extract_claims  # noqa: E402
from factledger.core.segment import segment_document  # noqa: E402
from factledger.quality import validate_batch  # noqa: E402
from tests.quality.test_costs import long_report  # noqa: E402

SUITES = REPO / "expectations"


@dataclass(frozen=True)
class Case:
    """A hostile input of a given size and the step that reads it."""

    name: str
    base: int
    unit: str
    build: Callable[[int], Any]
    run: Callable[[Any], object]


def extract(text: str) -> object:
    return extract_claims(text, segment_document("hostile", text))


def figures_in_a_sentence(n: int) -> str:
    return "Officials said " + ", ".join(str(i) for i in range(1, n + 1)) + " people were killed.\n"


def digit_run(n: int) -> str:
    return f"Officials said {'1' * n} people were killed.\n"


def sub_count_chain(n: int) -> str:
    parts = ", ".join(f"{i} women" for i in range(1, n + 1))
    return f"The strike killed 99999 people, including {parts}.\n"


def sentences_in_a_paragraph(n: int) -> str:
    return "Two people died in Aleppo. " + "Three people died. " * n + "\n"


def attribution_cues(n: int) -> str:
    """Every kind of attribution cue, n times over in one sentence."""
    cue = (
        "police said {i} died, the agency's figure of {i} claimed by officials, "
        "NBC News reported, citing Reuters"
    )
    return ", ".join(cue.format(i=i) for i in range(1, n + 1)) + ".\n"


def hyphenated_name(n: int) -> str:
    return "Five people were killed in the " + "-".join(["Aa"] * n) + " town.\n"


def speech_cues(n: int) -> str:
    return ", ".join(f"officials said {i}" for i in range(1, n + 1)) + " people were killed.\n"


def validate(built: tuple[str, list[Any]]) -> object:
    text, claims = built
    return validate_batch(segment_document("sha256:doc", text), claims, {"sha256:doc": text}, SUITES)


CASES = [
    Case("figures", 16_000, "figures in one sentence", figures_in_a_sentence, extract),
    Case("digits", 250_000, "digits in one number", digit_run, extract),
    Case("subcounts", 4_000, "sub-counts after 'including'", sub_count_chain, extract),
    Case("sentences", 10_000, "sentences in one paragraph", sentences_in_a_paragraph, extract),
    Case(
        "cuekinds",
        2_000,
        "groups of four kinds of attribution cue in one sentence",
        attribution_cues,
        extract,
    ),
    Case("hyphens", 20_000, "parts of one hyphenated name", hyphenated_name, extract),
    Case("cues", 4_000, "speech cues in one sentence", speech_cues, extract),
    Case(
        "validation", 500_000, "characters of one document, a claim in each paragraph", long_report, validate
    ),
]


def time_once(case: Case, size: int) -> float:
    text = case.build(size)
    started = time.perf_counter()
    case.run(text)
    return time.perf_counter() - started


def report(case: Case, scale: float) -> None:
    if case.name == "validation":
        validate(long_report(1_000))  # GX's import and set-up happen once, untimed
    sizes = [int(case.base * scale * factor) for factor in (1, 2, 4)]
    times = [time_once(case, size) for size in sizes]
    cells = "  ".join(f"{size:>10,}: {seconds:7.2f} s" for size, seconds in zip(sizes, times, strict=True))
    ratios = " ".join(f"{b / max(a, 1e-9):4.1f}" for a, b in zip(times, times[1:], strict=False))
    print(f"{case.name:<10} {cells}   ratios {ratios}   ({case.unit})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument("cases", nargs="*", help=f"cases to run (default all: {[c.name for c in CASES]})")
    args = parser.parse_args(argv)
    for case in CASES:
        if not args.cases or case.name in args.cases:
            report(case, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
