"""Time claim extraction alone on one core, and quantulum3's parser on the same texts.

Usage: python bench/bench_extraction.py [--articles 1000] [--seed 7] [--repeat 3] [--no-quantulum]
       [--jsonl CORPUS.jsonl]

The corpus is the seed reports plus generated reports: news-like paragraphs mixing seed
sentences with generated ones (hedged counts, number words, vague quantities, ranges,
sub-counts, shares, attributions, places, times, and numbers that are not counts).
Segmentation runs before the clock starts; the timed work is `RuleExtractor.extract` per
report. quantulum3's `parser.parse` gets each report's text. Times are CPU seconds of this
process pinned to one core (best of `repeat` for extraction; quantulum3 runs once).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from factledger.core.extract import EXTRACTOR_VERSION, RuleExtractor, split_sentences
from factledger.core.models import Article
from factledger.core.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["people", "civilians", "children", "women", "fighters", "residents", "soldiers"]
KILLED = ["were killed", "died", "were killed in airstrikes", "lost their lives", "were reported dead"]
INJURED = ["were injured", "were wounded", "were hurt", "suffered injuries"]
OTHER_FATES = ["were displaced", "remain missing", "were trapped", "were arrested", "fled their homes"]
PLACES = [
    "eastern Aleppo",
    "the village of Miznaz",
    "the Bustan al-Qasr area of western Aleppo",
    "Idlib",
    "the town of Douma",
    "Homs",
    "the district of Saif al-Dawla",
    "northern Hama",
    "Raqqa",
    "Deir ez-Zor",
]
SOURCES = [
    "the Syrian Observatory for Human Rights",
    "state news agency SANA",
    "the UN",
    "a military spokesman",
    "local activists",
    "the civil defence",
    "the health ministry",
    "a rebel commander",
    "Reuters",
    "the Local Coordination Committees",
]
TIMES = [
    "on Friday",
    "on Monday",
    "since Friday morning",
    "throughout October",
    "in less than a month",
    "on Wednesday",
    "over the past week",
    "last month",
    "since the start of the year",
    "",
]
WORD_NUMBERS = ["nine", "two hundred and fifty", "a dozen", "seven", "fifteen", "three", "forty"]
VAGUE = ["dozens of", "hundreds of", "tens of thousands of", "thousands of", "scores of"]
HEDGES = ["at least", "more than", "nearly", "about", "up to", "some", "over", "around", ""]
FILLERS = [
    "Residents described scenes of chaos as rescue teams searched the rubble for survivors.",
    "The offensive has drawn condemnation from aid groups and several foreign governments.",
    "Talks on a ceasefire have stalled, with each side blaming the other for the violence.",
    "Footage shared online showed plumes of smoke rising over the old city.",
    "Aid convoys have not reached the area since the roads were cut off.",
    "Officials did not respond to requests for comment.",
]


@dataclass(frozen=True)
class Report:
    """One report of the corpus: its document text and the article span in it."""

    text: str
    article: Article

    @property
    def body(self) -> str:
        return self.text[self.article.start : self.article.end]


def make_figure(rng: random.Random) -> str:
    """A count as reporters write it: digits, words, vague words or a range."""
    shape = rng.random()
    if shape < 0.45:
        value = rng.choice([rng.randint(2, 99), rng.randint(100, 5000), rng.randint(1000, 300000)])
        hedge = rng.choice(HEDGES)
        return f"{hedge} {value:,}".strip()
    if shape < 0.65:
        return f"{rng.choice(HEDGES[:3])} {rng.choice(WORD_NUMBERS)}".strip()
    if shape < 0.8:
        return rng.choice(VAGUE).removesuffix(" of")
    low = rng.randint(2, 2000)
    high = low + rng.randint(1, 500)
    return rng.choice([f"between {low} and {high}", f"{low:,} to {high:,}", f"{low:,} or {high:,}"])


def upper_first(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def make_count_sentence(rng: random.Random) -> str:
    """A sentence carrying one or more counts, a place, a time and usually a source."""
    figure, subject = make_figure(rng), rng.choice(SUBJECTS)
    fate = rng.choice(rng.choice([KILLED, INJURED, OTHER_FATES]))
    place, when, source = rng.choice(PLACES), rng.choice(TIMES), rng.choice(SOURCES)
    noun = "" if figure.endswith(" of") else " of"
    counted = f"{figure}{noun} {subject}" if figure in VAGUE else f"{figure} {subject}"
    shape = rng.randrange(6)
    if shape == 0:
        return f"{upper_first(counted)} {fate} in {place} {when}, {source} said.".replace("  ", " ")
    if shape == 1:
        return f"According to {source}, {counted} {fate} in {place} {when}.".replace("  ", " ")
    if shape == 2:
        women, children = rng.randint(1, 30), rng.randint(1, 40)
        return (
            f"{upper_first(source)} put the death toll at {rng.randint(50, 900)}, including "
            f"{women} women and {children} children."
        )
    if shape == 3:
        return f"{upper_first(source)} told Reuters that {counted} {fate} {when}.".replace("  ", " ")
    if shape == 4:
        return f"Reuters reported, citing {source}, that {counted} {fate} in {place}."
    return f"{upper_first(source)} says {counted} {fate} since the fighting began."


def make_other_sentence(rng: random.Random) -> str:
    """Sentences with numbers that are not counts, shares, or no numbers at all."""
    day = date(2016, 1, 1) + timedelta(days=rng.randrange(365))
    choices: list[Callable[[], str]] = [
        lambda: f"A {rng.randint(2, 15)}-year-old boy was among those pulled from the rubble.",
        lambda: (
            f"The {rng.choice(['6.1', '7.8', '5.4'])}-magnitude quake struck at {rng.randint(1, 12)}:"
            f"{rng.randint(10, 59)} pm on {day:%B} {day.day}, {day.year}."
        ),
        lambda: f"The UN appealed for ${rng.randint(2, 900)} million in aid in {rng.randint(1990, 2020)}.",
        lambda: (
            f"Shelling hit the {rng.randint(1000, 9000)} Housing complex for the "
            f"{rng.choice(['second', 'third'])} time."
        ),
        lambda: (
            f"About one in {rng.randint(3, 9)} residents has left, and "
            f"{rng.randint(5, 80)}% of homes lack power."
        ),
        lambda: rng.choice(FILLERS),
    ]
    return rng.choice(choices)()


def make_report_text(rng: random.Random, index: int, seed_sentences: Sequence[str]) -> str:
    """A dated report of 4 to 9 paragraphs of 2 to 4 sentences each.

    A quarter of the sentences carry generated counts, the rest numbers that are not counts,
    plain sentences and seed sentences, so that figures are about as dense as in the seeds.
    """
    day = date(2016, 1, 1) + timedelta(days=rng.randrange(365))
    lines = [f"Fighting report {index}", f"{day:%d %B, %Y}", ""]
    for _ in range(rng.randint(4, 9)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            roll = rng.random()
            if roll < 0.25:
                sentences.append(make_count_sentence(rng))
            elif roll < 0.4:
                sentences.append(make_other_sentence(rng))
            elif roll < 0.6:
                sentences.append(rng.choice(FILLERS))
            else:
                sentences.append(rng.choice(seed_sentences))
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)


def seed_reports(seeds: Path) -> list[Report]:
    """The seed files' reports, segmented."""
    reports = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        reports += [Report(text, article) for article in segment_document(path.name, text)]
    return reports


def build_corpus(seeds: Path, size: int, seed: int) -> list[Report]:
    """The seed reports plus generated ones, `size` reports in all (at least the seeds)."""
    reports = seed_reports(seeds)
    seed_sentences = [
        report.text[s.start : s.end]
        for report in reports
        for s in split_sentences(report.text, report.article)
        if s.end - s.start > 40
    ]
    rng = random.Random(seed)
    index = 0
    while len(reports) < size:
        text = make_report_text(rng, index, seed_sentences)
        reports += [Report(text, a) for a in segment_document(f"generated-{index}", text)]
        index += 1
    return reports[:size] if len(reports) > size else reports


def jsonl_reports(path: Path, size: int) -> list[Report]:
    """Articles of a JSON Lines corpus (url, outlet, published, title, text), repeated to `size`."""
    reports = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            text = record["text"]
            article = Article(
                "bench",
                0,
                len(text),
                record.get("title"),
                record.get("outlet"),
                None,
                record.get("published"),
            )
            reports.append(Report(text, article))
    return [reports[i % len(reports)] for i in range(max(size, len(reports)))]


def pin_to_one_core() -> str:
    """Run on a single CPU so the figure is a one-core figure; say which."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity here)"


def time_extraction(reports: Sequence[Report], repeat: int) -> tuple[float, int]:
    """Best CPU seconds over `repeat` passes, and the claims found in one pass."""
    extractor = RuleExtractor()
    best, claims = float("inf"), 0
    for _ in range(repeat):
        began = time.process_time()
        claims = sum(len(extractor.extract(r.text, [r.article])) for r in reports)
        best = min(best, time.process_time() - began)
    return best, claims


def time_quantulum(reports: Sequence[Report]) -> tuple[float, int] | None:
    """CPU seconds of quantulum3's `parser.parse` over each report's text, or None if absent."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns that its optional classifier is absent
            from quantulum3 import parser
    except ImportError:
        return None
    parser.parse("warm up its caches: 3 people")
    began = time.process_time()
    quantities = sum(len(parser.parse(r.body)) for r in reports)
    return time.process_time() - began, quantities


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    args.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args.add_argument("--articles", type=int, default=1000)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--repeat", type=int, default=3)
    args.add_argument("--no-quantulum", action="store_true")
    args.add_argument("--jsonl", type=Path, help="time these articles (JSON Lines records) instead")
    options = args.parse_args(argv)
    pinned = pin_to_one_core()
    if options.jsonl:
        reports = jsonl_reports(options.jsonl, options.articles)
    else:
        reports = build_corpus(options.seeds, options.articles, options.seed)
    size = sum(r.article.end - r.article.start for r in reports)
    print(f"corpus: {len(reports)} articles, {size / len(reports):.0f} characters each on average ({pinned})")
    seconds, claims = time_extraction(reports, options.repeat)
    rate = len(reports) / seconds
    seeds = seed_reports(options.seeds)
    seed_claims = sum(len(RuleExtractor().extract(r.text, [r.article])) for r in seeds)
    seed_size = sum(r.article.end - r.article.start for r in seeds)
    print(
        f"density: {claims / size * 1000:.1f} claims per 1,000 characters "
        f"(seed reports alone: {seed_claims / seed_size * 1000:.1f})"
    )
    print(
        f"extraction ({EXTRACTOR_VERSION}): {claims} claims, {seconds:.2f} CPU s, {rate:.0f} articles/s, "
        f"{size / seconds / 1e6:.2f} M characters/s"
    )
    quantulum = None if options.no_quantulum else time_quantulum(reports)
    if quantulum is None:
        print("quantulum3: not run (absent or --no-quantulum)")
        return 0
    q_seconds, quantities = quantulum
    print(
        f"quantulum3 parser.parse: {quantities} quantities, {q_seconds:.2f} CPU s, "
        f"{len(reports) / q_seconds:.1f} articles/s"
    )
    print(f"speed ratio (extraction / quantulum3): {q_seconds / seconds:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
