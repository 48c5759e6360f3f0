"""How much a 1,000-article run puts in front of reviewers: conflicts plus one digest per rule.

Generates a realistic corpus (`bench/corpus.py`: real-sized articles, wire copies, relayed
monitors), runs the bare pipeline on it and prints what the queue holds, by kind, against the
target: queued items <= conflicts + one quality digest per run and rule.

    .venv/bin/python bench/bench_review_queue.py [--articles 1000] [--batch-size 200]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factledger.pipeline import run_pipeline  # noqa: E402
from factledger.report import summary_lines  # noqa: E402
from factledger.review.queue import ReviewQueue  # noqa: E402
from factledger.settings import load_settings  # noqa: E402
from factledger.store import Store  # noqa: E402


def write_unattributed(folder: Path, count: int) -> None:
    """Short wire items with a death toll and no source: each fails claims.casualty.attributed."""
    for n in range(count):
        text = (
            f"Blast in market {n}\nAt least {n % 40 + 3} people were killed in a car bomb blast in the "
            f"market of Town{n} on Monday {n % 28 + 1} March 2025.\n"
        )
        (folder / f"zz-unattributed-{n:04d}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--unattributed", type=int, default=300, help="extra short reports whose toll nobody is said to give"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "bench/corpus.py"), str(args.articles), str(corpus)], check=True
        )
        write_unattributed(corpus / "articles", args.unattributed)
        url = f"sqlite:///{Path(folder) / 'queue.db'}"
        summary = run_pipeline(
            [corpus / "articles"], url, load_settings({}).expectations_dir, args.batch_size
        )
        store = Store.open(url)
        items = store.queue_items()
        kinds = Counter(item.kind for item in items)
        conflicts = len(store.conflicts())
        queue = ReviewQueue(store)
        rules = Counter()
        failing = 0
        for item in items:
            if item.kind == "quality":
                digest = queue.detail(item.key).digest
                if digest is not None:
                    rules[digest.expectation_id] += 1
                    failing += digest.count
        print("\n".join(summary_lines(summary)))
        stored = len(store.failures())
        print(f"articles: {args.articles} + {args.unattributed}, quality failures stored: {stored}")
        print(
            f"queued items: {len(items)} ({kinds['conflict']} conflicts, {kinds['quality']} quality digests)"
        )
        for rule, count in sorted(rules.items()):
            print(f"  digest {rule}: {count} per run")
        print(f"failing rows behind the digests: {failing}")
        target = conflicts + len(rules)
        verdict = "met" if len(items) <= target and all(c == 1 for c in rules.values()) else "NOT met"
        print(f"target: queued items <= conflicts + one digest per rule = {conflicts} + {len(rules)}")
        print(f"        = {target}: {verdict}")


if __name__ == "__main__":
    main()
