"""verify(): a clean store has no problems; a hand edit of any hashed value is named."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Table, delete, update

from factledger.core.models import ValidationFailure
from factledger.core.provenance import bytes_id
from factledger.provenance.verify import Written, verify, verify_written
from factledger.store import Batch, Problem, Store
from factledger.store.tables import (
    activities,
    articles,
    claims,
    conflict_versions,
    documents,
    lineage,
    queue_items,
    runs,
)
from tests.store.seed import Seed

NOWHERE = "sha256:" + "f" * 64  # an id no record has


def edit(store: Store, table: Table, where: Any, **values: Any) -> None:
    """Change stored values by hand, as someone with database access could."""
    with store.engine.begin() as connection:
        connection.execute(update(table).where(where).values(**values))


def test_verify_finds_nothing_in_a_clean_store(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    assert verify(store) == []


def test_verify_finds_nothing_in_an_empty_store(store: Store) -> None:
    assert verify(store) == []


def test_verify_names_a_claim_whose_value_was_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    nine = seed.claims["lcc_9"]
    edit(store, claims, claims.c.id == nine.id, value_low=90)
    assert verify(store) == [
        Problem("claims", nine.id, f"content hashes to {replace(nine, value_low=90).id}")
    ]


def test_verify_names_a_claim_whose_quote_was_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    ten = seed.claims["sohr_10"]
    quote = ten.quote.replace("10", "11")
    edit(store, claims, claims.c.id == ten.id, quote=quote)
    assert verify(store) == [
        Problem("claims", ten.id, f"content hashes to {replace(ten, quote=quote).id}"),
        Problem(
            "claims",
            ten.id,
            f"quote differs from the document text at {ten.quote_start}:{ten.quote_end}",
        ),
    ]


def test_verify_names_an_article_whose_title_was_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    edit(store, articles, articles.c.id == seed.article.id, title="Rebels retreat")
    edited = replace(seed.article, title="Rebels retreat")
    assert verify(store) == [Problem("articles", seed.article.id, f"content hashes to {edited.id}")]


def test_verify_names_an_activity_whose_parameters_were_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    parameters = {"batch": 2, "languages": ["en"]}
    edit(store, activities, activities.c.id == seed.activity.id, parameters=parameters)
    edited = replace(seed.activity, parameters=parameters)
    assert verify(store) == [Problem("activities", seed.activity.id, f"content hashes to {edited.id}")]


def test_verify_names_a_document_whose_bytes_were_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    tampered = seed.raw.replace(b"nine", b"nina", 1)
    edit(store, documents, documents.c.id == seed.document.id, content=tampered)
    assert verify(store) == [
        Problem("documents", seed.document.id, f"stored bytes hash to {bytes_id(tampered)}")
    ]


def test_verify_names_claims_whose_document_text_was_edited(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    text = seed.document.text.replace("killed nine", "killed ten ", 1)
    edit(store, documents, documents.c.id == seed.document.id, text=text)
    nine = seed.claims["lcc_9"]
    # The seed is plain UTF-8 text, so its bytes are stored as its text: the edit is named there too.
    assert verify(store) == [
        Problem("documents", seed.document.id, f"the text's bytes hash to {bytes_id(text.encode())}"),
        Problem("claims", nine.id, "quote differs from the document text at 2361:2418"),
        Problem("claims", nine.id, "number text differs from the document text at 2404:2408"),
    ]


def test_verify_names_an_edited_old_conflict_version(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    store.save(Batch(conflicts=[replace(seed.conflict, priority=0.5)]))
    edit(store, conflict_versions, conflict_versions.c.version == 1, severity="low")
    edited = replace(seed.conflict, severity="low")
    assert verify(store) == [
        Problem("conflict_versions", f"{seed.conflict.key}@1", f"content hashes to {edited.id}")
    ]


def test_verify_names_an_edited_run(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    edit(store, runs, runs.c.status == "completed", status="failed")
    problems = verify(store)
    assert [(p.table, p.message[:34]) for p in problems] == [("runs", "execution record hashes to sha256:")]


def test_verify_names_an_activity_with_lineage_missing(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    with store.engine.begin() as connection:
        connection.execute(delete(lineage).where(lineage.c.role == "input"))
    assert verify(store) == [
        Problem("activities", seed.activity.id, "lineage rows differ from its input/output ids")
    ]


def test_verify_names_a_failure_about_a_row_never_stored(store: Store, seed: Seed) -> None:
    failure = ValidationFailure("claims", "claims.x", "expect_x", "warning", "claims", "sha256:gone")
    store.save(Batch(failures=[failure]))
    assert verify(store) == [Problem("failures", failure.id, "claims row sha256:gone is missing")]


def test_verify_names_an_activity_whose_output_is_not_stored(store: Store, seed: Seed) -> None:
    activity = replace(seed.activity, input_ids=(), output_ids=(NOWHERE,))
    store.save(Batch(activities=[(activity, seed.run)]))
    assert verify(store) == [Problem("activities", activity.id, f"output {NOWHERE} is not stored")]


def test_verify_names_a_queue_item_not_pointing_at_the_current_conflict(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    store.save(Batch(conflicts=[replace(seed.conflict, priority=0.5)]))
    edit(store, queue_items, queue_items.c.key == seed.conflict.key, ref_id=seed.conflict.id)
    current = replace(seed.conflict, priority=0.5).id
    assert verify(store) == [
        Problem("queue", seed.conflict.key, f"points at {seed.conflict.id}, not {current}")
    ]


def delete_past_foreign_keys(store: Store, table: Table, row_id: str) -> None:
    """Delete a row others still point at, as someone with database access could."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.execute(delete(table).where(table.c.id == row_id))
        return
    # A plain sqlite3 connection has foreign keys off; the store's own turn them on.
    with closing(sqlite3.connect(str(store.engine.url.database))) as connection, connection:
        connection.execute(f"DELETE FROM {table.name} WHERE id = ?", (row_id,))


def seed_scope(store: Store, seed: Seed) -> dict[str, set[str]]:
    """Every row the seed batch wrote, table by table, as a verify scope."""
    return {
        "documents": {seed.document.id},
        "articles": {seed.article.id},
        "claims": {claim.id for claim in seed.claims.values()},
        "failures": {seed.failure.id},
        "conflicts": {seed.conflict.id},
        "relations": set(),
        "activities": {seed.activity.id},
        "runs": {run.id for run in store.runs()},
    }


def test_scoped_verify_finds_nothing_in_a_clean_store(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    assert verify(store, scope=seed_scope(store, seed)) == []


def test_scoped_verify_of_every_row_finds_what_a_full_verify_finds(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    ten = seed.claims["sohr_10"]
    edit(store, claims, claims.c.id == ten.id, quote=ten.quote.replace("10", "11"))
    edit(store, articles, articles.c.id == seed.article.id, title="Rebels retreat")
    edit(store, runs, runs.c.status == "completed", status="failed")
    full = verify(store)
    assert len(full) == 4
    assert verify(store, scope=seed_scope(store, seed)) == full


def test_scoped_verify_names_edited_rows_in_scope_and_none_outside(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    nine, ten = seed.claims["lcc_9"], seed.claims["sohr_10"]
    tampered = seed.raw.replace(b"nine", b"nina", 1)
    parameters = {"batch": 2, "languages": ["en"]}
    edit(store, claims, claims.c.id == nine.id, value_low=90)
    edit(store, documents, documents.c.id == seed.document.id, content=tampered)
    edit(store, activities, activities.c.id == seed.activity.id, parameters=parameters)
    # Outside the scope: another claim and the article.
    edit(store, claims, claims.c.id == ten.id, value_low=11)
    edit(store, articles, articles.c.id == seed.article.id, title="Rebels retreat")
    scope = {"claims": {nine.id}, "documents": {seed.document.id}, "activities": {seed.activity.id}}
    edited = replace(seed.activity, parameters=parameters)
    assert verify(store, scope=scope) == [
        Problem("documents", seed.document.id, f"stored bytes hash to {bytes_id(tampered)}"),
        Problem("claims", nine.id, f"content hashes to {replace(nine, value_low=90).id}"),
        Problem("activities", seed.activity.id, f"content hashes to {edited.id}"),
    ]
    assert {p.row_id for p in verify(store)} >= {ten.id, seed.article.id}


def test_scoped_verify_checks_links_against_the_whole_store(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    delete_past_foreign_keys(store, articles, seed.article.id)
    nine = seed.claims["lcc_9"]
    assert verify(store, scope={"claims": {nine.id}}) == [
        Problem("claims", nine.id, f"article {seed.article.id} is missing")
    ]


def test_scoped_verify_names_an_activity_whose_output_is_not_stored(store: Store, seed: Seed) -> None:
    activity = replace(seed.activity, input_ids=(), output_ids=(NOWHERE,))
    store.save(Batch(activities=[(activity, seed.run)]))
    assert verify(store, scope={"activities": [activity.id]}) == [
        Problem("activities", activity.id, f"output {NOWHERE} is not stored")
    ]


def test_scoped_verify_reads_and_resolves_more_ids_than_one_query_takes(store: Store, seed: Seed) -> None:
    """Over a thousand ids in scope, and in one row's links: both are asked for in chunks."""
    unstored = [f"sha256:{n:064x}" for n in range(1200)]
    activity = replace(seed.activity, output_ids=seed.activity.output_ids + tuple(unstored))
    store.save(replace(seed.batch(), activities=[(activity, seed.run)]))
    nine = seed.claims["lcc_9"]
    edit(store, claims, claims.c.id == nine.id, value_low=90)
    scope = {
        "claims": [*unstored, *(claim.id for claim in seed.claims.values())],
        "activities": [*unstored, activity.id],
    }
    assert verify(store, scope=scope) == [
        Problem("claims", nine.id, f"content hashes to {replace(nine, value_low=90).id}"),
        *(Problem("activities", activity.id, f"output {n} is not stored") for n in unstored),
    ]


def test_verify_refuses_a_scope_naming_a_table_it_cannot_scope(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot be scoped to queue"):
        verify(store, scope={"queue": ["miznaz"]})


def written(seed: Seed, **changes: Any) -> Written:
    """The seed batch as the records a batch made (what `verify_written` reads back)."""
    batch = seed.batch()
    made = Written(
        documents=list(batch.documents),
        articles=list(batch.articles),
        claims=list(batch.claims),
        failures=list(batch.failures),
        conflicts=list(batch.conflicts),
        activities=[activity for activity, _ in batch.activities],
    )
    return replace(made, **changes)


def test_read_back_of_a_batch_finds_what_it_made(store: Store, seed: Seed) -> None:
    store.save(seed.batch())
    assert verify_written(store, written(seed)) == []


def test_read_back_names_a_row_that_is_not_what_was_made_and_one_never_stored(
    store: Store, seed: Seed
) -> None:
    store.save(seed.batch())
    nine = seed.claims["lcc_9"]
    edit(store, claims, claims.c.id == nine.id, value_low=90)
    lost = replace(seed.failure, details="never saved")
    made = written(seed, failures=[seed.failure, lost])
    assert verify_written(store, made) == [
        Problem("claims", nine.id, "stored row differs from the record the batch made"),
        Problem("failures", lost.id, "not stored"),
    ]


def test_read_back_names_an_activity_output_nothing_stores(store: Store, seed: Seed) -> None:
    activity = replace(seed.activity, input_ids=(), output_ids=(NOWHERE,))
    store.save(Batch(activities=[(activity, seed.run)]))
    made = written(
        seed, documents=[], articles=[], claims=[], failures=[], conflicts=[], activities=[activity]
    )
    assert verify_written(store, made) == [
        Problem("activities", activity.id, f"output {NOWHERE} is not stored")
    ]
