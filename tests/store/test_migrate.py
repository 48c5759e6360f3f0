"""A database written by the previous version migrates to compact provenance and verifies."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from factledger.core.provenance import bytes_id
from factledger.provenance.export import build_prov, count_records
from factledger.provenance.trace import trace
from factledger.provenance.verify import verify
from factledger.store import Store
from factledger.store.engine import MIGRATIONS
from factledger.store.tables import documents
from tests.store.seed import Seed

OLD = Path(__file__).resolve().parents[1] / "data" / "stores" / "factledger-0006.db"


def old_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "factledger.db"
    shutil.copyfile(OLD, copy)
    return copy


def test_the_fixture_is_a_database_of_the_previous_schema(old_copy: Path) -> None:
    assert old_rows(old_copy, "SELECT version_num FROM alembic_version") == [("0006",)]
    assert old_rows(old_copy, "SELECT COUNT(*) FROM lineage") == [(88,)]


def test_migration_keeps_every_activity_id_and_run_and_verifies(old_copy: Path) -> None:
    activities = sorted(old_rows(old_copy, "SELECT id, step FROM activities"))
    runs = sorted(r[0] for r in old_rows(old_copy, "SELECT id FROM runs"))
    store = Store.open(f"sqlite:///{old_copy}")
    try:
        assert sorted((a.id, a.step) for a in store.activities()) == activities
        assert sorted(run.id for run in store.runs()) == runs
        assert verify(store) == []
        counts = store.counts(["claims", "decisions", "lineage", "activities"])
    finally:
        store.close()
    assert counts == {"activities": 16, "claims": 22, "decisions": 1, "lineage": 26}


def test_migrated_plain_text_documents_keep_their_bytes_once(old_copy: Path) -> None:
    before = dict(old_rows(old_copy, "SELECT id, content FROM documents WHERE status = 'ok'"))
    store = Store.open(f"sqlite:///{old_copy}")
    try:
        usable = select(documents.c.id, documents.c.content).where(documents.c.status == "ok")
        stored = store.fetch_rows(usable)
        assert all(row["content"] is None for row in stored)  # the seeds are plain UTF-8 text
        assert {doc_id: store.document_bytes(doc_id) for doc_id in before} == before
        assert all(bytes_id(content) == doc_id for doc_id, content in before.items())
    finally:
        store.close()


def test_migrated_trail_still_reaches_the_bytes_and_the_steps(old_copy: Path) -> None:
    store = Store.open(f"sqlite:///{old_copy}")
    try:
        claim = store.claims()[0]
        found = trace(store, claim.id)
        (trail,) = found.claims
        assert found.holds
        assert [s.step for s in trail.extracted_by] == ["extract"]
        assert [s.step for s in trail.validated_by] == ["validate"]
        assert [s.step for s in trail.source.ingested_by] == ["ingest"]
        assert all(step.runs for step in trail.extracted_by)
        exported = count_records(build_prov(store))
    finally:
        store.close()
    # Every pipeline step, every decision (its review activity is exported from the decision log).
    assert exported.activities == 15 + 1


def members(path: Path) -> list[tuple[object, ...]]:
    """Each activity with its member lists, in order (the lists were written in any order)."""
    query = "SELECT id, input_ids, output_ids, parents FROM activities"
    return sorted((row[0], *(sorted(json.loads(str(v))) for v in row[1:])) for row in old_rows(path, query))


def test_downgrade_restores_the_previous_rows(old_copy: Path) -> None:
    before = members(old_copy)
    lineage = sorted(old_rows(old_copy, "SELECT entity_id, role, activity_id FROM lineage"))
    contents = sorted(old_rows(old_copy, "SELECT id, content FROM documents"))
    Store.open(f"sqlite:///{old_copy}").close()
    command.downgrade(alembic_config(f"sqlite:///{old_copy}"), "0007")
    assert members(old_copy) == before
    assert sorted(old_rows(old_copy, "SELECT entity_id, role, activity_id FROM lineage")) == lineage
    assert sorted(old_rows(old_copy, "SELECT id, content FROM documents")) == contents


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("sqlalchemy.url", url)
    return config


@pytest.mark.parametrize(
    "store_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_store_moved_down_and_up_again_keeps_its_ids_and_verifies(store_url: str, seed: Seed) -> None:
    store = Store.open(store_url)
    store.save(seed.batch())
    before = sorted(a.id for a in store.activities()), sorted(r.id for r in store.runs())
    store.close()
    command.downgrade(alembic_config(store_url), "0007")
    command.upgrade(alembic_config(store_url), "head")
    store = Store.open(store_url)
    try:
        assert (sorted(a.id for a in store.activities()), sorted(r.id for r in store.runs())) == before
        assert store.producers(seed.claims["lcc_9"].id) == [seed.activity]
        assert verify(store) == []
    finally:
        store.close()
