"""Eight reviewer processes work one queue until it is empty, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import UTC, datetime

from factledger.core.provenance import content_id
from factledger.review.auth import add_reviewer
from factledger.review.queue import ReviewQueue, StaleDecision
from factledger.store import Batch, QueueRequest, Store

ITEMS = 240
REVIEWERS = 8


def work_queue(url: str, reviewer: str) -> list[str]:
    """Claim and decide until nothing is left; return the keys this reviewer decided."""
    store = Store.open(url)
    queue = ReviewQueue(store)
    decided: list[str] = []
    try:
        while (item := queue.claim_next(reviewer)) is not None:
            action = "escalate" if item.priority > 0.5 else "dismiss"
            try:
                queue.decide(item.key, item.version, reviewer, action)
            except StaleDecision:
                continue
            decided.append(item.key)
    finally:
        store.close()
    return decided


def fill_queue(url: str) -> list[str]:
    """A store with ITEMS quality items and REVIEWERS reviewers; returns the keys."""
    store = Store.open(url)
    store.clock = lambda: datetime(2026, 11, 23, tzinfo=UTC)
    requests = [
        # Keys and refs are content ids, as every queue item's are (each decision lists them).
        QueueRequest(content_id({"item": n}), "quality", content_id({"ref": n}), (n % 97) / 97, f"item {n}")
        for n in range(ITEMS)
    ]
    store.save(Batch(queue=requests))
    for n in range(REVIEWERS):
        add_reviewer(store, f"r{n}", "secret-for-tests")
    store.close()
    return [r.key for r in requests]


def run_reviewers(url: str) -> tuple[list[str], Counter[str], list[str]]:
    """Run the reviewers in processes; return keys, decisions per key and final states."""
    keys = fill_queue(url)
    context = multiprocessing.get_context("spawn")
    with context.Pool(REVIEWERS) as pool:
        results = pool.starmap(work_queue, [(url, f"r{n}") for n in range(REVIEWERS)])
    store = Store.open(url)
    per_key = Counter(
        d.queue_key for item in store.queue_items() for d in ReviewQueue(store).history(item.key)
    )
    states = sorted({item.state for item in store.queue_items()})
    store.close()
    decided_by_workers = sorted(key for result in results for key in result)
    assert decided_by_workers == sorted(keys)
    return keys, per_key, states


def assert_each_decided_once(url: str) -> None:
    """No item decided twice, none lost, every item settled."""
    keys, per_key, states = run_reviewers(url)
    assert sorted(per_key) == sorted(keys)
    assert set(per_key.values()) == {1}
    assert states == ["dismissed", "escalated"]


def test_eight_reviewers_empty_the_queue_deciding_each_item_once(review_url: str) -> None:
    assert_each_decided_once(review_url)
