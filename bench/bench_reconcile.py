"""Time `reconcile` on generated claims and show that it grows about linearly.

Usage: python bench/bench_reconcile.py [--sizes 10000 50000 100000] [--per-event 10] [--repeat 3]
                                       [--huge 12500]

Each event (a city, a side of it, a day, killed or injured) gets `per-event` claims from
several sources, with hedges, relays, sub-districts and now and then a figure far off the
others, so every rule runs. Prints claims, events, conflicts, the best CPU seconds of
`repeat` runs, and the time ratio to the smallest run next to the size ratio (the target:
100,000 claims in at most 12 times the time of 10,000).

`--huge N` then reconciles N figures about one event (one article, N sources, every figure
different) and prints its CPU seconds and peak memory: one event's work is bounded.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc
from datetime import date, timedelta

from factledger.core.models import Claim
from factledger.core.reconcile import reconcile

CITIES = [f"City{n:02d}" for n in range(40)]
PARTS = ["", "eastern ", "western ", "northern ", "southern "]
SOURCES = [
    ("Syrian Observatory for Human Rights",),
    ("CNN", "Syrian Observatory for Human Rights"),
    ("The New Arab", "Local Coordination Committees"),
    ("RT",),
    ("SANA",),
    ("Reuters", "United Nations"),
    ("AFP", "Syria Civil Defence"),
]
QUALIFIERS = ["exact", "exact", "at_least", "at_least", "more_than", "about", "vague"]
FIRST_DAY = date(2016, 1, 1)


def make_event_claims(rng: random.Random, event: int, per_event: int, days: int) -> list[Claim]:
    """The claims of one generated event: one true figure, reported several ways."""
    city, part = rng.choice(CITIES), rng.choice(PARTS)
    day = (FIRST_DAY + timedelta(days=rng.randrange(days))).isoformat()
    category = rng.choice(["killed", "injured"])
    truth = rng.randint(3, 400)
    return [make_claim(rng, event, i, city, part, day, category, truth) for i in range(per_event)]


def make_claim(
    rng: random.Random, event: int, index: int, city: str, part: str, day: str, category: str, truth: int
) -> Claim:
    figure = max(1, round(truth * rng.uniform(0.8, 1.2) * (3 if rng.random() < 0.05 else 1)))
    qualifier = rng.choice(QUALIFIERS)
    low, high = interval(qualifier, figure)
    district = f"District{rng.randrange(6)} area of " if rng.random() < 0.3 else ""
    return Claim(
        document_id=f"sha256:doc{event}",
        article_id=f"article-{event}-{index % 4}",
        start=index,
        end=index + 2,
        number_text=str(figure),
        quote_start=index,
        quote_end=index + 2,
        quote=str(figure),
        value_low=low,
        value_high=high,
        qualifier=qualifier,
        category=category,
        subject=rng.choice(["people", "civilians"]),
        location=f"{district}{part}{city}",
        date=day,
        source_chain=rng.choice(SOURCES),
    )


def interval(qualifier: str, figure: int) -> tuple[int | None, int | None]:
    if qualifier == "exact":
        return figure, figure
    if qualifier == "about":
        return round(figure * 0.9), round(figure * 1.1)
    if qualifier == "vague":
        return 24, 99
    return figure, None


def generate(claims: int, per_event: int, seed: int) -> list[Claim]:
    rng = random.Random(seed)
    events = claims // per_event
    # A corpus grows over time: the calendar grows with it (a year per 10,000 events), so
    # the number of events per city and day stays the same at every size.
    days = max(1, events * 366 // 10_000)
    generated: list[Claim] = []
    for event in range(events):
        generated.extend(make_event_claims(rng, event, per_event, days))
    return generated


def make_totals(rng: random.Random, claims: list[Claim], share: float) -> list[Claim]:
    """Monthly totals for some cities, so related links are looked for too."""
    months = sorted({(c.location.split()[-1], c.date[:7]) for c in claims if c.location and c.date})
    picked = [m for m in months if rng.random() < share]
    return [
        Claim(
            document_id="sha256:totals",
            article_id=f"totals-{city}-{month}",
            start=0,
            end=3,
            number_text="400",
            quote_start=0,
            quote_end=3,
            quote="400",
            value_low=400,
            value_high=None,
            qualifier="at_least",
            category="killed",
            subject="people",
            location=city,
            date=month,
            scope="cumulative",
            source_chain=("Reuters", "United Nations"),
        )
        for city, month in picked
    ]


def time_run(claims: list[Claim], repeat: int) -> tuple[float, int, int]:
    """Best CPU seconds over `repeat` runs: under load CPU time is steadier than wall time."""
    best, found, links = float("inf"), 0, 0
    for _ in range(repeat):
        started = time.process_time()
        outcome = reconcile(claims)
        best = min(best, time.process_time() - started)
        found, links = len(outcome.conflicts), len(outcome.relations)
    return best, found, links


def huge_event(figures: int) -> list[Claim]:
    """N figures about one event in one article, each from its own source."""
    return [
        Claim(
            document_id="sha256:huge",
            article_id="huge",
            start=i * 10,
            end=i * 10 + 3,
            number_text=str(i + 1),
            quote_start=i * 10,
            quote_end=i * 10 + 9,
            quote=f"{i + 1} died.",
            value_low=i + 1,
            value_high=i + 1,
            qualifier="exact",
            category="killed",
            subject="people",
            location="City00",
            date="2016-01-01",
            source=f"Source {i}",
            source_chain=(f"Source {i}",),
        )
        for i in range(figures)
    ]


def time_huge(figures: int) -> None:
    claims = huge_event(figures)
    gc.collect()
    tracemalloc.start()
    started = time.process_time()
    outcome = reconcile(claims)
    seconds = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    sizes = [len(c.claim_ids) for c in outcome.conflicts]
    print(f"one event, {figures} figures: {seconds:.2f} cpu s, peak {peak:.0f} MB, conflict sizes {sizes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--per-event", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--huge", type=int, default=0, help="figures about one event (0: skip)")
    args = parser.parse_args()
    base: tuple[int, float] | None = None
    print(
        f"{'claims':>8} {'events':>7} {'conflicts':>9} {'links':>6} {'cpu s':>8} {'size x':>7} {'time x':>7}"
    )
    for size in args.sizes:
        rng = random.Random(args.seed)
        claims = generate(size, args.per_event, args.seed)
        claims += make_totals(rng, claims, 0.2)
        gc.collect()
        gc.freeze()  # the input is long-lived: keep the collector from rescanning it
        seconds, found, links = time_run(claims, args.repeat)
        gc.unfreeze()
        base = base or (size, seconds)
        print(
            f"{size:>8} {size // args.per_event:>7} {found:>9} {links:>6} {seconds:>8.2f} "
            f"{size / base[0]:>7.1f} {seconds / base[1]:>7.1f}"
        )
    if args.huge:
        time_huge(args.huge)


if __name__ == "__main__":
    main()
