"""Time to claim the next item with 100,000 items in the review queue, SQLite and PostgreSQL.

Fills a fresh database with open quality items, then claims and releases the top item
repeatedly and prints the median and 95th percentile (target: median under 20 ms).
PostgreSQL runs on a throwaway cluster started the way the tests start theirs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factledger.review.auth import add_reviewer  # noqa: E402
from factledger.review.queue import ReviewQueue  # noqa: E402
from factledger.store import QueueRequest, Store  # noqa: E402
from factledger.store.queue import item_row  # noqa: E402
from factledger.store.tables import queue_items  # noqa: E402

ITEMS = 100_000
CLAIMS = 200


def fill(store: Store) -> None:
    """Insert ITEMS open items with spread priorities, in chunks."""
    now = datetime(2026, 11, 23, tzinfo=UTC)
    rows = [
        item_row(
            QueueRequest(f"item-{n:06d}", "quality", f"ref-{n:06d}", (n * 7919 % ITEMS) / ITEMS, f"item {n}"),
            now,
        )
        for n in range(ITEMS)
    ]
    with store.engine.begin() as connection:
        for start in range(0, ITEMS, 10_000):
            connection.execute(queue_items.insert(), rows[start : start + 10_000])
    add_reviewer(store, "bench", "bench-secret")


def time_claims(url: str) -> list[float]:
    """Milliseconds per claim_next, each followed by a decision so the top moves on."""
    store = Store.open(url)
    fill(store)
    queue = ReviewQueue(store)
    timings = []
    for _ in range(CLAIMS):
        started = time.perf_counter()
        item = queue.claim_next("bench")
        timings.append((time.perf_counter() - started) * 1000)
        assert item is not None
        queue.decide(item.key, item.version, "bench", "dismiss")
    store.close()
    return timings


def report(name: str, timings: list[float]) -> None:
    """Print the median and p95."""
    p95 = statistics.quantiles(timings, n=20)[-1]
    median = statistics.median(timings)
    verdict = "ok" if median < 20 else "SLOW"
    print(f"{name:<11} {ITEMS} items, {CLAIMS} claims: median {median:.2f} ms, p95 {p95:.2f} ms  {verdict}")


def postgres_timings() -> list[float] | None:
    """Run on a throwaway PostgreSQL cluster; None when PostgreSQL is not installed."""
    from tests.conftest import (
        PG_USER,
        PostgresCluster,
        find_pg_bin,
        free_port,
        make_cluster_dir,
        start_cluster,
        stop_cluster,
    )

    bin_dir = find_pg_bin()
    if bin_dir is None:
        return None
    folder, port = make_cluster_dir(), free_port()
    start_cluster(bin_dir, folder, port)
    try:
        cluster = PostgresCluster("127.0.0.1", port, PG_USER)
        with cluster.admin_connection() as admin:
            admin.execute('CREATE DATABASE "bench_queue"')
        return time_claims(cluster.url("bench_queue"))
    finally:
        stop_cluster(bin_dir, folder)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", time_claims(f"sqlite:///{folder}/bench.db"))
    timings = postgres_timings()
    if timings is None:
        print("postgresql  not installed, skipped")
    else:
        report("postgresql", timings)


if __name__ == "__main__":
    main()
