"""A deterministic synthetic news corpus whose conflicts are known in advance.

Every event (one city, one day, one category) is reported by two articles from two outlets.
Each event follows a plan that says whether a careful reviewer must see it:

| plan       | what the two reports say                                   | flag |
|------------|------------------------------------------------------------|------|
| agree      | two independent sources, the same exact figure             | no   |
| consistent | "at least N" vs exactly N                                  | no   |
| relay      | two outlets relaying one monitor's figure                  | no   |
| hard       | two independent sources, different exact figures           | yes  |
| divergent  | two independent sources, floors far apart                  | yes  |

Some articles also carry a monthly total, which must never be compared with an incident.
Usage: `python bench/corpus.py N OUT_DIR [--seed S]` writes N articles to `OUT_DIR/articles/` and
the plan of every event to `OUT_DIR/manifest.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

PLANS = ("agree", "consistent", "relay", "hard", "divergent")
FLAGGED = {"hard", "divergent"}
CITIES = (
    "Aleppo",
    "Idlib",
    "Homs",
    "Hama",
    "Raqqa",
    "Daraa",
    "Mosul",
    "Kirkuk",
    "Fallujah",
    "Ramadi",
    "Tikrit",
    "Sanaa",
    "Aden",
    "Taiz",
    "Hodeidah",
    "Rafah",
    "Kharkiv",
    "Donetsk",
    "Mariupol",
    "Kherson",
    "Kabul",
    "Kandahar",
    "Herat",
    "Mogadishu",
    "Tripoli",
    "Benghazi",
    "Misrata",
    "Maiduguri",
    "Goma",
    "Juba",
    "Khartoum",
    "Bamako",
    "Gao",
    "Kidal",
    "Marawi",
    "Quetta",
)
DISTRICTS = ("Salhin", "Karm", "Jazira", "Nour", "Sinaa", "Zahra", "Qasr", "Midan", "Bab", "Sharq")
SIDES = ("northern", "southern", "eastern", "western")
OUTLETS = ("Reuters", "AFP", "Associated Press", "Al Jazeera", "The New Arab", "BBC", "The Guardian", "CNN")
SOURCES = (
    "the Syrian Observatory for Human Rights",
    "the Local Coordination Committees",
    "the UN",
    "state media",
    "the health ministry",
    "the civil defence",
    "local officials",
)
REPORTERS = ("Lina Haddad", "Omar Nasser", "Sara Klein", "Yusuf Demir", "Anna Petrova", "Tom Reed")
ATTACKS = ("air strikes hit", "shells landed on", "a car bomb exploded in", "rockets struck")
BOILERPLATE = ("Recent Posts", "Contact Us", "Share this article", "Translate »")
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Report:
    outlet: str
    source: str
    figure: str  # the figure as written, hedge included
    injured: int


@dataclass(frozen=True)
class Event:
    event_id: int
    city: str
    district: str
    side: str
    day: date
    plan: str
    reports: tuple[Report, Report]

    @property
    def expected_flag(self) -> bool:
        return self.plan in FLAGGED


def plan_event(event_id: int, rng: random.Random) -> Event:
    """One event: where and when, its plan, and what each of its two reports says."""
    city = CITIES[event_id % len(CITIES)]
    day = date(2015, 1, 1) + timedelta(days=event_id // len(CITIES))
    plan = PLANS[rng.randrange(len(PLANS))]
    outlets = rng.sample(OUTLETS, 2)
    sources = rng.sample(SOURCES, 2)
    if plan == "relay":
        sources = [sources[0], sources[0]]
    first, second = _figures(plan, rng.randint(4, 60), rng)
    injured = rng.randint(10, 90)
    reports = (
        Report(outlets[0], sources[0], first, injured),
        Report(outlets[1], sources[1], second, injured),
    )
    return Event(event_id, city, rng.choice(DISTRICTS), rng.choice(SIDES), day, plan, reports)


def _figures(plan: str, n: int, rng: random.Random) -> tuple[str, str]:
    spelled = WORDS[n] if n < len(WORDS) else str(n)
    if plan in ("agree", "relay"):
        return str(n), spelled
    if plan == "consistent":
        return f"at least {n}", str(n)
    if plan == "hard":
        return str(n), str(n + rng.randint(1, 6))
    return f"at least {n}", f"at least {n * rng.randint(3, 5)}"


def render_article(event: Event, index: int, rng: random.Random) -> str:
    """One report of an event, with a headline, a byline, the figures and site boilerplate."""
    report = event.reports[index]
    published = event.day + timedelta(days=index)
    weekday = event.day.strftime("%A")
    lines = [
        f"{event.city}: casualties after attack on {event.district} district",
        "",
        f"By {rng.choice(REPORTERS)}, {report.outlet}, {published.strftime('%b %d, %Y').replace(' 0', ' ')}",
        "",
        f"{report.figure.capitalize()} people were killed and {report.injured} wounded when "
        f"{rng.choice(ATTACKS)} the {event.district} district of {event.side} {event.city} on {weekday}, "
        f"{report.source} said.",
        "",
        f"Residents described heavy damage to homes and shops in {event.city}.",
    ]
    if rng.random() < 0.2:
        lines += ["", _monthly_total(event, rng)]
    return "\n".join(lines + ["", *BOILERPLATE, ""])


def _monthly_total(event: Event, rng: random.Random) -> str:
    month = event.day.strftime("%B")
    total = rng.randint(100, 900)
    return f"Throughout {month}, at least {total} people were killed in {event.city}, the UN said."


def generate(n_articles: int, seed: int) -> Iterator[tuple[str, str, Event | None]]:
    """(file name, text, event when its last report is written) for n articles, lazily."""
    rng = random.Random(seed)
    for event_id in range((n_articles + 1) // 2):
        event = plan_event(event_id, rng)
        for index in range(2):
            if event_id * 2 + index >= n_articles:
                return
            name = f"{event_id:07d}_{index}.txt"
            yield name, render_article(event, index, rng), event if index == 1 else None


def write_corpus(n_articles: int, out: Path, seed: int = 1) -> int:
    """Write the articles and `manifest.jsonl` (one line per complete event); return events written."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    events = 0
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for name, text, event in generate(n_articles, seed):
            (out / "articles" / name).write_text(text, encoding="utf-8")
            if event is not None:
                manifest.write(json.dumps(_manifest_row(event)) + "\n")
                events += 1
    return events


def _manifest_row(event: Event) -> dict[str, object]:
    row = asdict(event)
    row["day"] = event.day.isoformat()
    row["articles"] = [f"{event.event_id:07d}_{i}.txt" for i in range(2)]
    row["expected_flag"] = event.expected_flag
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus with known conflicts.")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{write_corpus(args.n, args.out, args.seed)} events written to {args.out}")


if __name__ == "__main__":
    main()
