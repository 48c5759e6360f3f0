"""Opening a store: migration from blank, connection settings, and clear errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from factledger.store import Store, StoreError
from factledger.store.engine import MIGRATIONS
from factledger.store.tables import metadata
from tests.store.seed import Seed

COLUMNS = {
    "article_frames": ["article_id", "rules_version", "event_id", "frame"],
    "activities": [
        "key", "id", "step", "code_version", "rules_version", "parameters", "parents", "inputs",
        "outputs",
    ],
    "alembic_version": ["version_num"],
    "articles": [
        "id", "document_id", "start", "end", "title", "outlet", "byline", "published",
        "skip_spans", "segmenter_version",
    ],
    "claim_scopes": [
        "claim_id", "rules_version", "event_key", "base_key", "scope", "first_day", "last_day",
    ],
    "claims": [
        "id", "document_id", "article_id", "start", "end", "number_text", "quote_start",
        "quote_end", "quote", "value_low", "value_high", "qualifier", "category", "subject",
        "unit", "location", "date", "date_text", "scope", "source", "source_type",
        "source_chain", "parent_id", "extractor_version", "status", "quarantined_by",
        "place_settlement", "place_region", "place_country", "place_id", "time_start", "time_end",
    ],
    "conflict_versions": [
        "key", "version", "id", "kind", "severity", "claim_ids", "reasons", "reconciled_low",
        "reconciled_high", "reconciled_headline", "independent_sources", "event_key",
        "priority", "rules_version", "replaced_at", "explanation", "event_id", "disputes", "support",
    ],
    "conflicts": [
        "id", "key", "version", "kind", "severity", "claim_ids", "reasons", "reconciled_low",
        "reconciled_high", "reconciled_headline", "independent_sources", "event_key",
        "priority", "rules_version", "updated_at", "explanation", "event_id", "disputes", "support",
    ],
    "documents": [
        "id", "sha256", "location", "media_type", "size", "fetched_at", "text", "status",
        "reason", "content",
    ],
    "event_blocks": ["block", "article_id"],
    "failures": [
        "id", "suite", "expectation_id", "expectation_type", "severity", "table", "row_id",
        "details",
    ],
    "fetches": [
        "id", "url", "final_url", "status", "outcome", "document_id", "etag", "last_modified",
        "fetched_at", "reason",
    ],
    "decisions": [
        "id", "queue_key", "item_version", "reviewer", "action", "payload", "note", "created_at",
        "reverts", "content_hash",
    ],
    "lineage": ["entity", "role", "activity"],
    "queue_events": [
        "id", "item_key", "version", "event", "from_state", "to_state", "ref_id", "actor", "at",
    ],
    "queue": [
        "key", "kind", "ref_id", "priority", "summary", "state", "version", "lease_owner",
        "lease_expires_at", "created_at", "updated_at",
    ],
    "reviewers": ["id", "name", "secret_hash", "created_at"],
    "review_sessions": ["id", "reviewer", "created_at", "expires_at", "ended_at"],
    "login_failures": ["id", "name", "address", "at"],
    "relations": ["id", "kind", "from_claim", "to_claim", "reason", "rules_version"],
    "quality_digests": [
        "key", "id", "run", "suite", "expectation_id", "expectation_type", "severity", "table",
        "created_at", "updated_at", "title",
    ],
    "digest_failures": ["digest_key", "failure_id"],
    "runs": [
        "key", "id", "activity", "started_at", "finished_at", "status", "flow_run_id",
        "task_run_id", "deployment_id", "actor",
    ],
}  # fmt: skip


def test_open_migrates_a_blank_database_to_the_exact_columns(store: Store) -> None:
    schema = inspect(store.engine)
    found = {t: [c["name"] for c in schema.get_columns(t)] for t in schema.get_table_names()}
    assert found == COLUMNS


def test_open_records_the_newest_revision(store: Store) -> None:
    with store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert current == tuple(script_directory().get_heads())
    assert len(current) == 1


def script_directory() -> ScriptDirectory:
    """The migrations folder as Alembic sees it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_migrations_build_what_the_table_definitions_describe(store: Store) -> None:
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_migrated_lineage_lookup_is_its_primary_key_and_nothing_more(store: Store) -> None:
    schema = inspect(store.engine)
    assert schema.get_pk_constraint("lineage")["constrained_columns"] == ["entity", "role", "activity"]
    assert schema.get_indexes("lineage") == []


def test_open_again_keeps_the_data(store_url: str, seed: Seed) -> None:
    first = Store.open(store_url)
    first.save(seed.batch())
    first.close()
    again = Store.open(store_url)
    assert again.counts()["claims"] == 8
    again.close()


def test_open_creates_the_sqlite_folder(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'a' / 'b' / 'factledger.db'}")
    store.close()
    assert (tmp_path / "a" / "b" / "factledger.db").is_file()


def test_open_in_memory_sqlite_keeps_one_database() -> None:
    store = Store.open("sqlite://")
    assert store.counts()["documents"] == 0
    store.close()


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'f.db'}")
    with store.engine.connect() as connection:
        settings = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        ]
    store.close()
    assert settings == ["wal", 10000, 1]


def test_sqlite_begin_immediate_holds_the_write_lock(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'lock.db'}")
    with store.engine.connect() as holder, store.engine.connect() as other:
        holder.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        other.exec_driver_sql("PRAGMA busy_timeout=0")
        other.commit()
        other.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with holder.begin(), pytest.raises(OperationalError, match="database is locked"):
            other.begin()
    store.close()


def test_open_rejects_text_that_is_not_a_url() -> None:
    with pytest.raises(StoreError, match="^not a database URL: 'no database here'$"):
        Store.open("no database here")


def test_open_rejects_an_unknown_database_kind() -> None:
    with pytest.raises(StoreError, match="^unsupported database URL nosuchdb://h/x: "):
        Store.open("nosuchdb://h/x")


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_open_unreachable_postgres_raises_one_line() -> None:
    port = closed_port()
    with pytest.raises(StoreError) as raised:
        Store.open(f"postgresql+psycopg://factledger:secret@127.0.0.1:{port}/none")
    message = str(raised.value)
    assert message.startswith(
        f"cannot open database postgresql+psycopg://factledger:***@127.0.0.1:{port}/none: "
    )
    assert "\n" not in message
    assert "secret" not in message


def test_stored_text_keeps_every_character(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT 'neighboعrhoods'")).scalar() == "neighboعrhoods"
