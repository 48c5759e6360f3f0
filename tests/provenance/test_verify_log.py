"""verify names any hand-edited row: a claim's value, a decision's note (once past the triggers)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from factledger.cli import main
from factledger.provenance.verify import verify
from factledger.review.auth import add_reviewer
from factledger.review.queue import ReviewQueue
from factledger.store import Problem, Store
from factledger.store.tables import claims, decisions
from tests.store.seed import load_seed

DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER decisions_refuse_update", "DROP TRIGGER decisions_refuse_delete"],
    "postgresql": ["DROP TRIGGER decisions_refuse_change ON decisions"],
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def decided(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, int]]:
    """Seed 004 stored, and one decision (with a note) on its Miznaz conflict."""
    url = (
        f"sqlite:///{tmp_path / 'log.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store = Store.open(url)
    seed = load_seed()
    store.save(seed.batch())
    add_reviewer(store, "ana", "ana-secret-1")
    queue = ReviewQueue(store, clock=lambda: datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    item = queue.claim(seed.conflict.key, "ana")
    decision = queue.decide(seed.conflict.key, item.version, "ana", "dismiss", note="nine and 10 both stand")
    yield store, decision.id
    store.close()


def test_verify_accepts_a_decision_log_nobody_touched(decided: tuple[Store, int]) -> None:
    store, _ = decided
    assert verify(store) == []


def test_decisions_table_refuses_an_update(decided: tuple[Store, int]) -> None:
    store, decision_id = decided
    with pytest.raises(DBAPIError, match="decisions are append-only"), store.engine.begin() as connection:
        connection.execute(update(decisions).where(decisions.c.id == decision_id).values(note="edited"))
    assert verify(store) == []


def test_verify_names_a_decision_whose_note_was_edited_past_the_triggers(decided: tuple[Store, int]) -> None:
    store, decision_id = decided
    with store.engine.begin() as connection:
        for statement in DROP_TRIGGERS[connection.dialect.name]:
            connection.execute(text(statement))
        connection.execute(
            update(decisions).where(decisions.c.id == decision_id).values(note="nine is right")
        )
    (problem,) = verify(store)
    assert (problem.table, problem.row_id) == ("decisions", str(decision_id))
    assert problem.message.startswith("content hashes to sha256:")


def test_verify_names_the_successor_of_a_deleted_decision(decided: tuple[Store, int]) -> None:
    store, first = decided
    seed = load_seed()
    queue = ReviewQueue(store, clock=lambda: datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    item = queue.item(seed.conflict.key)
    second = queue.revert(seed.conflict.key, item.version, "ana", first, note="too quick").id
    with store.engine.begin() as connection:
        for statement in DROP_TRIGGERS[connection.dialect.name]:
            connection.execute(text(statement))
        connection.execute(text("UPDATE decisions SET reverts = NULL"))
        connection.execute(text(f"DELETE FROM decisions WHERE id = {first}"))
    assert [(p.table, p.row_id) for p in verify(store) if p.table == "decisions"] == [
        ("decisions", str(second))
    ]


def test_cli_verify_names_a_claim_whose_value_was_edited(seeded_url: str, seeded: Store) -> None:
    nine = next(c for c in seeded.claims() if c.number_text == "nine")
    with seeded.engine.begin() as connection:
        connection.execute(update(claims).where(claims.c.id == nine.id).values(value_low=90))
    result = CliRunner().invoke(main, ["verify", "--db", seeded_url])
    assert result.exit_code == 1
    edited = replace(nine, value_low=90)
    assert f"claims {nine.id}: content hashes to {edited.id}" in result.output
    assert verify(seeded) == [Problem("claims", nine.id, f"content hashes to {edited.id}")]
