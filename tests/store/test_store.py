"""Saving and reading back every record kind, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from factledger.core.models import Article, Claim, Conflict, Reconciled, SourceDocument
from factledger.core.provenance import bytes_id, content_id
from factledger.store import Batch, QueueEvent, QueueItem, RecordNotFound, RunRow, Store, StoreError
from factledger.store.tables import queue_items
from tests.store.seed import Seed, conflict_request

SAVED_AT = datetime(2026, 1, 5, 10, 0, 5, tzinfo=UTC)
LATER = datetime(2026, 1, 6, 8, 30, tzinfo=UTC)
FIRST_SAVE = {
    "documents": 1,
    "articles": 1,
    "claims": 8,
    "quarantined": 1,
    "failures": 1,
    "conflicts": 1,
    "conflicts_replaced": 0,
    "queue": 2,
    "activities": 1,
    "runs": 1,
    "lineage": 1,  # the document the extraction used: its article and claims are reached through it
    "fetches": 0,
}
NOTHING_NEW = dict.fromkeys(FIRST_SAVE, 0)
TABLE_ROWS = {
    "activities": 1,
    "article_frames": 0,
    "articles": 1,
    "claim_scopes": 0,
    "claims": 8,
    "conflict_versions": 0,
    "conflicts": 1,
    "decisions": 0,
    "digest_failures": 0,
    "documents": 1,
    "event_blocks": 0,
    "failures": 1,
    "fetches": 0,
    "lineage": 1,
    "login_failures": 0,
    "quality_digests": 0,
    "queue": 2,
    "queue_events": 2,
    "relations": 0,
    "review_sessions": 0,
    "reviewers": 0,
    "runs": 1,
}
EMPTY_TABLES = dict.fromkeys(TABLE_ROWS, 0)


def saved(store: Store, seed: Seed) -> Store:
    """The store after saving the whole seed batch at a fixed time."""
    store.clock = lambda: SAVED_AT
    assert store.save(seed.batch()) == FIRST_SAVE
    return store


def test_save_counts_new_rows_per_kind(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.counts() == TABLE_ROWS


def test_documents_round_trip_with_bytes_and_text(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.documents() == [seed.document]
    assert store.document_bytes(seed.document.id) == seed.raw
    assert store.document_text(seed.document.id) == seed.raw.decode("utf-8")
    assert store.document_text(seed.document.id)[2404:2408] == "nine"


def test_document_quarantined_without_bytes_round_trips(store: Store) -> None:
    unreadable = SourceDocument(
        "https://example.org/gone",
        "ab" * 32,
        "text/html",
        0,
        "2026-01-05T10:00:00+00:00",
        "",
        "quarantined",
        "HTTP 404",
    )
    assert store.save(Batch(documents=[(unreadable, None)]))["documents"] == 1
    assert store.documents() == [unreadable]
    assert store.document_bytes("sha256:" + "ab" * 32) is None


def test_document_lookup_of_unknown_id_raises(store: Store) -> None:
    with pytest.raises(RecordNotFound, match="no row 'sha256:00' in documents"):
        store.document_text("sha256:00")


def test_articles_round_trip(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.articles() == [seed.article]
    assert store.articles()[0].skip_spans == ((59, 116), (117, 127))


def test_claims_round_trip_with_quarantine_status(store: Store, seed: Seed) -> None:
    saved(store, seed)
    share = seed.claims["share_90"]
    expected = {c.id: c for c in seed.claims.values()} | {share.id: share.with_status("quarantined")}
    assert {c.id: c for c in store.claims()} == expected
    assert store.quarantine_reasons(share.id) == ["claims.value_is_count"]


def test_claims_keep_whole_numbers_as_int(store: Store, seed: Seed) -> None:
    saved(store, seed)
    by_text = {c.number_text: c for c in store.claims()}
    assert (by_text["nine"].value_low, by_text["nine"].value_high) == (9, 9)
    assert type(by_text["nine"].value_low) is int
    assert (by_text["275,000"].value_low, by_text["275,000"].value_high) == (275000, 275000)
    assert (by_text["up to 90 percent"].value_low, by_text["up to 90 percent"].value_high) == (
        None,
        90,
    )
    assert by_text["at least four"].source_chain == ("The New Arab", "State media")


def test_claims_without_quarantined_leaves_them_out(store: Store, seed: Seed) -> None:
    saved(store, seed)
    kept = store.claims(include_quarantined=False)
    assert sorted(c.number_text for c in kept) == [
        "10",
        "275,000",
        "at least four",
        "more than five years",
        "nine",
        "seven",
        "two",
    ]


def test_failures_conflicts_and_activities_round_trip(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.failures() == [seed.failure]
    assert store.conflicts() == [seed.conflict]
    assert store.activities() == [seed.activity]
    assert store.activities()[0].parameters == {"batch": 1, "languages": ["en"]}


def test_runs_record_the_execution(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.runs() == [
        RunRow(
            id=content_id(
                {
                    "activity_id": seed.activity.id,
                    "started_at": "2026-01-05T10:00:01+00:00",
                    "finished_at": "2026-01-05T10:00:03.250000+00:00",
                    "status": "completed",
                    "flow_run_id": "flow-1",
                    "task_run_id": "task-1",
                    "deployment_id": None,
                    "actor": "pipeline",
                }
            ),
            activity_id=seed.activity.id,
            started_at=datetime(2026, 1, 5, 10, 0, 1, tzinfo=UTC),
            finished_at=datetime(2026, 1, 5, 10, 0, 3, 250000, tzinfo=UTC),
            status="completed",
            flow_run_id="flow-1",
            task_run_id="task-1",
            deployment_id=None,
            actor="pipeline",
        )
    ]


def test_producers_name_the_step_that_made_a_claim(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.producers(seed.claims["lcc_9"].id) == [seed.activity]
    assert store.producers(seed.article.id) == [seed.activity]
    assert store.producers(seed.document.id) == []


def test_queue_items_open_at_version_one(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.queue_items() == [
        QueueItem(
            key=seed.conflict.key,
            kind="conflict",
            ref_id=seed.conflict.id,
            priority=0.9,
            summary="Miznaz killed",
            state="open",
            version=1,
            lease_owner=None,
            lease_expires_at=None,
            created_at=SAVED_AT,
            updated_at=SAVED_AT,
        ),
        QueueItem(
            key=seed.failure.id,
            kind="quality",
            ref_id=seed.failure.id,
            priority=0.25,
            summary="share without a base",
            state="open",
            version=1,
            lease_owner=None,
            lease_expires_at=None,
            created_at=SAVED_AT,
            updated_at=SAVED_AT,
        ),
    ]
    assert store.queue_items(state="decided") == []


def test_save_again_adds_nothing(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert store.save(seed.batch()) == NOTHING_NEW
    assert store.counts() == TABLE_ROWS


def test_save_deduplicates_within_one_batch(store: Store, seed: Seed) -> None:
    batch = seed.batch()
    batch.claims = batch.claims + batch.claims
    batch.documents = batch.documents * 2
    assert store.save(batch) == FIRST_SAVE


def test_save_rolls_back_a_batch_with_a_missing_parent(store: Store, seed: Seed) -> None:
    saved(store, seed)
    other = b"Another report: 12 people were killed."
    document = SourceDocument(
        "seeds/other.txt", bytes_id(other)[7:], "text/plain", len(other), "2026-01-06", other.decode()
    )
    orphan = Article("sha256:" + "0" * 64, 0, 10, None, None, None, None)
    with pytest.raises(StoreError, match="batch refused, nothing saved"):
        store.save(Batch(documents=[(document, other)], articles=[orphan]))
    assert store.counts() == TABLE_ROWS
    assert [d.id for d in store.documents()] == [seed.document.id]


def test_save_rolls_back_a_batch_whose_bytes_do_not_match(store: Store, seed: Seed) -> None:
    with pytest.raises(StoreError, match=f"document {seed.document.id}: its bytes hash to"):
        store.save(Batch(documents=[(seed.document, seed.raw + b"!")]))
    assert store.counts() == EMPTY_TABLES


def test_save_rolls_back_quarantine_of_an_unknown_claim(store: Store, seed: Seed) -> None:
    batch = seed.batch()
    batch.quarantine_claims = {"sha256:unknown": ["claims.value_is_count"]}
    with pytest.raises(StoreError, match="cannot quarantine claim sha256:unknown"):
        store.save(batch)
    assert store.counts() == EMPTY_TABLES


def test_quarantine_in_a_later_batch_counts_once(store: Store, seed: Seed) -> None:
    saved(store, seed)
    nine = seed.claims["lcc_9"].id
    assert store.save(Batch(quarantine_claims={nine: ["claims.a"]}))["quarantined"] == 1
    assert store.save(Batch(quarantine_claims={nine: ["claims.b"]}))["quarantined"] == 0
    assert store.quarantine_reasons(nine) == ["claims.a", "claims.b"]


def updated_conflict(seed: Seed) -> Conflict:
    """The Miznaz conflict after a third figure (seven children) joined it."""
    return replace(
        seed.conflict,
        claim_ids=(seed.claims["lcc_9"].id, seed.claims["sohr_10"].id, seed.claims["sohr_7ch"].id),
        reconciled=Reconciled(9, 10, 9, 2),
        priority=0.95,
    )


def decide(store: Store, key: str) -> None:
    """A reviewer's decision, as the review app will write it."""
    with store.engine.begin() as connection:
        change = {"state": "decided"}
        connection.execute(update(queue_items).where(queue_items.c.key == key).values(change))


def test_conflict_update_keeps_the_old_version(store: Store, seed: Seed) -> None:
    saved(store, seed)
    newer = updated_conflict(seed)
    counts = store.save(Batch(conflicts=[newer], queue=[conflict_request(newer)]))
    assert (counts["conflicts"], counts["conflicts_replaced"], counts["queue"]) == (0, 1, 0)
    assert store.conflicts() == [newer]
    assert store.conflict_history(seed.conflict.key) == [(1, seed.conflict), (2, newer)]


def test_conflict_update_reopens_a_decided_queue_item(store: Store, seed: Seed) -> None:
    saved(store, seed)
    decide(store, seed.conflict.key)
    newer = updated_conflict(seed)
    store.clock = lambda: LATER
    store.save(Batch(conflicts=[newer], queue=[conflict_request(newer)]))
    item = store.queue_items(state="reopened")
    assert item == [
        QueueItem(
            key=seed.conflict.key,
            kind="conflict",
            ref_id=newer.id,
            priority=0.95,
            summary="Miznaz killed",
            state="reopened",
            version=2,
            lease_owner=None,
            lease_expires_at=None,
            created_at=SAVED_AT,
            updated_at=LATER,
        )
    ]
    assert store.queue_events(seed.conflict.key) == [
        QueueEvent(seed.conflict.key, 1, "created", None, "open", seed.conflict.id, "pipeline", SAVED_AT),
        QueueEvent(seed.conflict.key, 2, "reopened", "decided", "reopened", newer.id, "pipeline", LATER),
    ]


def test_conflict_update_of_an_open_item_bumps_its_version(store: Store, seed: Seed) -> None:
    saved(store, seed)
    store.save(Batch(conflicts=[updated_conflict(seed)]))
    item = {i.key: i for i in store.queue_items()}[seed.conflict.key]
    assert (item.state, item.version, item.ref_id) == ("open", 2, updated_conflict(seed).id)
    assert [e.event for e in store.queue_events(seed.conflict.key)] == ["created", "updated"]


def test_conflict_saved_again_changes_nothing(store: Store, seed: Seed) -> None:
    saved(store, seed)
    newer = updated_conflict(seed)
    store.save(Batch(conflicts=[newer], queue=[conflict_request(newer)]))
    assert store.save(Batch(conflicts=[newer], queue=[conflict_request(newer)])) == NOTHING_NEW
    assert [i.version for i in store.queue_items()] == [2, 1]
    assert store.counts()["conflict_versions"] == 1


def test_conflict_returning_to_an_earlier_content_is_a_new_version(store: Store, seed: Seed) -> None:
    saved(store, seed)
    store.save(Batch(conflicts=[updated_conflict(seed)]))
    store.save(Batch(conflicts=[seed.conflict]))
    history = store.conflict_history(seed.conflict.key)
    assert [(v, c.id) for v, c in history] == [
        (1, seed.conflict.id),
        (2, updated_conflict(seed).id),
        (3, seed.conflict.id),
    ]


def test_claims_list_is_in_document_order(store: Store, seed: Seed) -> None:
    saved(store, seed)
    assert [c.start for c in store.claims()] == sorted(c.start for c in seed.claims.values())


def test_claim_record_is_unchanged_by_its_status(seed: Seed) -> None:
    nine: Claim = seed.claims["lcc_9"]
    assert nine.with_status("quarantined").id == nine.id


def test_concurrent_saves_all_land(store_url: str, seed: Seed) -> None:
    first, second = Store.open(store_url), Store.open(store_url)
    first.save(Batch(documents=[(seed.document, seed.raw)], articles=[seed.article]))
    nine = seed.claims["lcc_9"]
    batches = [
        Batch(claims=[replace(nine, subject=f"civilians {n}-{i}") for i in range(50)]) for n in range(8)
    ]
    both = seed.batch()
    with ThreadPoolExecutor(max_workers=2) as pool:
        saves = [pool.submit((first, second)[n % 2].save, b) for n, b in enumerate(batches)]
        same = [pool.submit(s.save, both) for s in (first, second)]
        new_claims = sum(f.result()["claims"] for f in saves + same)
    assert new_claims == 400 + 8
    assert first.counts()["claims"] == 408
    assert first.counts()["conflicts"] == 1
    first.close()
    second.close()
