"""Provenance fixtures: the seeds run once through the real pipeline, with a decision per conflict.

The run is made once per session into a template SQLite file; each test gets its own copy,
so tests that edit rows by hand never disturb each other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factledger.pipeline import run_pipeline
from factledger.review.auth import add_reviewer
from factledger.review.queue import ReviewQueue
from factledger.settings import CHECKOUT
from factledger.store import Store
from tests.seeds import copy_seeds

DECIDED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
NOTE = "checked against the source text"


@dataclass(frozen=True)
class SeededRun:
    """The template database, the corpus it read, and each conflict's decision (key -> id)."""

    path: Path
    corpus: Path
    decisions: dict[str, int]


def copy_database(source: Path, target: Path) -> None:
    """Copy an SQLite database with the backup API, so WAL contents come along."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def decide_every_conflict(store: Store) -> dict[str, int]:
    """Reviewer ana dismisses each conflict with a note, through the review queue."""
    add_reviewer(store, "ana", "ana-secret-1")
    queue = ReviewQueue(store, clock=lambda: DECIDED_AT)
    made = {}
    for conflict in store.conflicts():
        item = queue.claim(conflict.key, "ana")
        made[conflict.key] = queue.decide(conflict.key, item.version, "ana", "dismiss", note=NOTE).id
    return made


@pytest.fixture(scope="session")
def seeded_run(tmp_path_factory: pytest.TempPathFactory) -> SeededRun:
    """The seeds through every stage (no Prefect), then one decision per conflict."""
    base = tmp_path_factory.mktemp("provenance")
    corpus = copy_seeds(base / "seeds")
    path = base / "template.db"
    run_pipeline([str(corpus)], f"sqlite:///{path}", CHECKOUT / "expectations")
    store = Store.open(f"sqlite:///{path}")
    made = decide_every_conflict(store)
    store.close()
    return SeededRun(path, corpus, made)


@pytest.fixture
def seeded_url(seeded_run: SeededRun, tmp_path: Path) -> str:
    """A private copy of the seeded database."""
    path = tmp_path / "seeded.db"
    copy_database(seeded_run.path, path)
    return f"sqlite:///{path}"


@pytest.fixture
def seeded(seeded_url: str) -> Iterator[Store]:
    """An open store on a private copy of the seeded database."""
    store = Store.open(seeded_url)
    yield store
    store.close()
