"""Review fixtures: a store holding seed 004 (one conflict, one quality item) and two reviewers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from factledger.review.auth import add_reviewer
from factledger.review.queue import ReviewQueue
from factledger.store import Store
from tests.store.seed import Seed, load_seed

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRETS = {"ana": "ana-secret-1", "ben": "ben-secret-2"}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def review_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'review.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="session")
def seed() -> Seed:
    """Seed 004: a hard conflict (9 vs 10 killed in Miznaz) and a quality warning."""
    return load_seed()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def seeded_store(review_url: str, seed: Seed, clock: Clock) -> Iterator[Store]:
    """A migrated store with the seed saved and reviewers ana and ben registered."""
    store = Store.open(review_url)
    store.clock = clock
    store.save(seed.batch())
    for name, secret in SECRETS.items():
        add_reviewer(store, name, secret)
    yield store
    store.close()


@pytest.fixture
def queue(seeded_store: Store, clock: Clock) -> ReviewQueue:
    """The seeded store's review queue, with a 10-minute lease."""
    return ReviewQueue(seeded_store, clock=clock, lease=timedelta(minutes=10))
