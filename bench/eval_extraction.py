"""Score claim extraction on the seed gold, time it, and run it over QuanTemp claims.

Usage: python bench/eval_extraction.py [--seeds DIR] [--gold FILE] [--quantemp CSV]
       [--repeat N]

Prints recall of core and non-core gold claims (number, category, source), every miss,
non-claims wrongly extracted, throughput of segmentation + extraction, and how many of the
2,495 QuanTemp claims (the vendored "@"-separated CSV, claim in the first column) yield a claim.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factledger.core.attribution import canonical_source
from factledger.core.extract import extract_claims
from factledger.core.models import Article, Claim
from factledger.core.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
QUANTEMP_CLAIMS = ROOT / "tests/data/external/quantemp/test_claimdecomp_claims.csv"


@dataclass
class Score:
    """Hits per check over a set of gold claims, with the misses spelled out."""

    total: int = 0
    found: int = 0
    category: int = 0
    source: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, hits: int) -> float:
        return hits / self.total if self.total else 1.0


@dataclass
class Report:
    """Scores of one gold file against extracted claims."""

    core: Score
    other: Score
    false_non_claims: list[str]


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold records, one JSON object a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def extract_seeds(seeds: Path, names: Iterable[str]) -> dict[str, list[Claim]]:
    """Segment and extract each named seed file."""
    claims = {}
    for name in sorted(set(names)):
        text = (seeds / name).read_text(encoding="utf-8")
        claims[name] = extract_claims(text, segment_document(name, text))
    return claims


def score_gold(gold: list[dict[str, Any]], claims: dict[str, list[Claim]]) -> Report:
    """Compare extracted claims with gold claims and non-claims."""
    core, other = Score(), Score()
    false_non_claims = []
    for record in gold:
        found = claims.get(record.get("article", ""), [])
        if record["record"] == "claim":
            _score_claim(core if record.get("core") else other, record, found)
        elif record["record"] == "non_claim":
            false_non_claims += _overlapping(record, found)
    return Report(core, other, false_non_claims)


def _score_claim(score: Score, record: dict[str, Any], claims: list[Claim]) -> None:
    score.total += 1
    claim = next((c for c in claims if c.start == record["number_start"]), None)
    if claim is None or not figure_matches(record, claim):
        score.misses.append(f"{record['id']}: number {record['number_text']!r} -> {_describe(claim)}")
        return
    score.found += 1
    if claim.category == record["category"]:
        score.category += 1
    else:
        score.misses.append(f"{record['id']}: category {record['category']} -> {claim.category}")
    if source_matches(record.get("source"), claim.source):
        score.source += 1
    else:
        score.misses.append(f"{record['id']}: source {record.get('source')!r} -> {claim.source!r}")


def figure_matches(record: dict[str, Any], claim: Claim) -> bool:
    """Same interval and qualifier; gold writes "more than 100" as 100, we store 101."""
    qualifiers = {record["qualifier"], record.get("alt_qualifier")}
    if claim.qualifier not in qualifiers:
        return False
    if claim.qualifier in ("vague", "about", "almost"):
        return True  # hedge widths are conventions: score them loosely
    low = record["value_low"]
    if claim.qualifier == "more_than" and low is not None:
        return bool(claim.value_low in (low, low + 1) and claim.value_high == record["value_high"])
    if claim.qualifier == "up_to":
        return bool(claim.value_high == record["value_high"])
    return bool(claim.value_low == low and claim.value_high == record["value_high"])


def source_matches(gold: str | None, found: str | None) -> bool:
    """Sources match loosely: same canonical speaker, or both unattributed."""
    if gold is None or found is None:
        return gold is None and found is None
    return canonical_source(gold).lower() == canonical_source(found).lower()


def _overlapping(record: dict[str, Any], claims: list[Claim]) -> list[str]:
    start = record["quote_start"]
    end = start + len(record["quote"])
    return [f"{record['quote']!r} -> {c.number_text!r}" for c in claims if c.start < end and start < c.end]


def _describe(claim: Claim | None) -> str:
    if claim is None:
        return "not found"
    return f"{claim.number_text!r} [{claim.value_low}, {claim.value_high}] {claim.qualifier}"


def measure_speed(seeds: Path, names: list[str], repeat: int) -> tuple[int, float]:
    """Articles per CPU second for segmentation + extraction over the seeds, `repeat` times.

    CPU time of this process, so that other work on the machine does not skew the figure.
    """
    texts = [(name, (seeds / name).read_text(encoding="utf-8")) for name in names]
    articles = 0
    began = time.process_time()
    for _ in range(repeat):
        for name, text in texts:
            segmented = segment_document(name, text)
            extract_claims(text, segmented)
            articles += len(segmented)
    return articles, articles / (time.process_time() - began)


def run_quantemp(path: Path) -> tuple[int, int]:
    """How many QuanTemp claims, each as a one-line article, yield at least one claim."""
    rows = read_quantemp(path)
    yielding = sum(1 for text in rows if extract_claims(text, [one_line_article(text)]))
    return len(rows), yielding


def read_quantemp(path: Path) -> list[str]:
    """The claim texts of a QuanTemp CSV ("@"-separated, header row, claim first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="@"))
    return [row[0] for row in rows[1:] if row]


def one_line_article(text: str) -> Article:
    """The whole text as one article with no metadata."""
    return Article("quantemp", 0, len(text), None, None, None, None)


def print_report(report: Report) -> None:
    for label, score in (("core", report.core), ("non-core", report.other)):
        print(f"{label} claims: {score.total}")
        print(
            f"  found (offset, interval, qualifier): {score.found}/{score.total}"
            f" = {score.rate(score.found):.1%}"
        )
        print(f"  right category: {score.category}/{score.total} = {score.rate(score.category):.1%}")
        print(f"  right source:   {score.source}/{score.total} = {score.rate(score.source):.1%}")
        for miss in score.misses:
            print(f"    miss {miss}")
    print(f"non-claims extracted: {len(report.false_non_claims)}")
    for wrong in report.false_non_claims:
        print(f"    wrong {wrong}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/data/seeds_gold.jsonl")
    parser.add_argument("--quantemp", type=Path, default=QUANTEMP_CLAIMS)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    names = sorted({r["article"] for r in gold if "article" in r})
    print_report(score_gold(gold, extract_seeds(args.seeds, names)))
    articles, rate = measure_speed(args.seeds, names, args.repeat)
    print(
        f"speed: {articles} articles, {rate:.0f} articles per CPU second"
        " (segmentation + extraction, one core)"
    )
    total, yielding = run_quantemp(args.quantemp)
    print(
        f"quantemp: {total} claims extracted without an exception; {yielding} yield >= 1 claim"
        f" ({yielding / total:.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
