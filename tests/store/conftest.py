"""Store fixtures: every store test runs on SQLite and on PostgreSQL, with seed 004."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from factledger.store import Store
from tests.store.seed import Seed, load_seed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'factledger.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An opened (migrated) store, closed after the test."""
    opened = Store.open(store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def seed() -> Seed:
    """Seed 004 with its gold claims, a warning, a conflict and an extract activity."""
    return load_seed()
