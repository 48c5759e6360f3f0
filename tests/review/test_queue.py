"""The review queue library on SQLite and PostgreSQL: leases, decisions, the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from factledger.review.auth import add_reviewer
from factledger.review.queue import (
    InvalidDecision,
    ItemNotFound,
    NotHeld,
    ReviewQueue,
    StaleDecision,
    UnknownReviewer,
)
from factledger.store.review import ItemFilter
from tests.review.conftest import Clock
from tests.store.seed import Seed


def test_claim_next_hands_out_items_by_priority_then_none(queue: ReviewQueue, seed: Seed) -> None:
    first = queue.claim_next("ana")
    second = queue.claim_next("ben")
    assert first is not None and second is not None
    assert (first.key, first.state, first.lease_owner) == (seed.conflict.key, "claimed", "ana")
    assert (second.key, second.lease_owner) == (seed.failure.id, "ben")
    add_reviewer(queue.store, "carl", "carl-secret-3")
    assert queue.claim_next("carl") is None


def test_claim_next_gives_a_reviewer_back_the_item_they_hold(queue: ReviewQueue) -> None:
    first = queue.claim_next("ana")
    again = queue.claim_next("ana")
    assert first is not None and again is not None
    assert again.key == first.key


def test_claim_next_skips_the_keys_asked(queue: ReviewQueue, seed: Seed) -> None:
    item = queue.claim_next("ana", skip=[seed.conflict.key])
    assert item is not None and item.key == seed.failure.id


def test_claim_sets_a_lease_that_ends_after_the_lease_time(queue: ReviewQueue, clock: Clock) -> None:
    item = queue.claim_next("ana")
    assert item is not None and item.lease_expires_at is not None
    assert (item.lease_expires_at - clock.now).total_seconds() == 600


def test_claim_of_an_item_another_holds_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    queue.claim(seed.conflict.key, "ana")
    with pytest.raises(StaleDecision, match="claimed by ana"):
        queue.claim(seed.conflict.key, "ben")


def test_accept_of_the_conservative_figure_decides_the_item(queue: ReviewQueue, seed: Seed) -> None:
    item = queue.claim_next("ana")
    assert item is not None
    decision = queue.decide(item.key, 1, "ana", "accept", {"claim_id": seed.claims["lcc_9"].id})
    after = queue.item(item.key)
    assert (after.state, after.version, after.lease_owner) == ("decided", 2, None)
    assert decision.payload == {
        "claim_id": seed.claims["lcc_9"].id,
        "headline": 9.0,
        "source": "The activist-run Local Coordination Committees",
    }
    assert (decision.action, decision.item_version, decision.reviewer) == ("accept", 1, "ana")
    assert decision.content_hash.startswith("sha256:")


def test_accept_of_a_higher_figure_needs_a_note(queue: ReviewQueue, seed: Seed) -> None:
    sohr = seed.claims["sohr_10"].id
    with pytest.raises(InvalidDecision, match="note is required"):
        queue.decide(seed.conflict.key, 1, "ana", "accept", {"claim_id": sohr})
    decision = queue.decide(seed.conflict.key, 1, "ana", "accept", {"claim_id": sohr}, "SOHR named all ten")
    assert decision.note == "SOHR named all ten"
    assert decision.payload["headline"] == 10.0


def test_accept_of_a_claim_outside_the_conflict_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(InvalidDecision, match="one of the conflicting claims"):
        queue.decide(seed.conflict.key, 1, "ana", "accept", {"claim_id": seed.claims["share_90"].id})


def test_decision_on_an_old_version_is_stale(queue: ReviewQueue, seed: Seed) -> None:
    queue.decide(seed.conflict.key, 1, "ana", "escalate")
    with pytest.raises(StaleDecision, match="at version 2, the decision was made on 1"):
        queue.decide(seed.conflict.key, 1, "ben", "dismiss")


def test_expired_lease_is_taken_over_and_the_late_decision_refused(
    queue: ReviewQueue, clock: Clock, seed: Seed
) -> None:
    held = queue.claim_next("ana")
    clock.advance(11)
    taken = queue.claim_next("ben")
    assert held is not None and taken is not None
    assert (taken.key, taken.lease_owner) == (held.key, "ben")
    with pytest.raises(StaleDecision, match="claimed by ben"):
        queue.decide(held.key, held.version, "ana", "dismiss")
    decision = queue.decide(taken.key, taken.version, "ben", "dismiss")
    assert decision.reviewer == "ben"
    assert len(queue.history(held.key)) == 1


def test_live_lease_is_not_taken_over(queue: ReviewQueue, clock: Clock, seed: Seed) -> None:
    queue.claim_next("ana")
    clock.advance(9)
    taken = queue.claim_next("ben")
    assert taken is not None and taken.key == seed.failure.id


def test_release_opens_the_item_for_others(queue: ReviewQueue, seed: Seed) -> None:
    queue.claim(seed.conflict.key, "ana")
    released = queue.release(seed.conflict.key, "ana")
    assert (released.state, released.lease_owner, released.version) == ("open", None, 1)
    again = queue.claim_next("ben")
    assert again is not None and again.key == seed.conflict.key


def test_range_with_the_headline_as_floor_needs_no_note(queue: ReviewQueue, seed: Seed) -> None:
    decision = queue.decide(seed.conflict.key, 1, "ana", "range", {"low": "9", "high": "10"})
    assert decision.payload == {"low": 9.0, "high": 10.0, "headline": 9.0}


def test_range_that_moves_the_headline_needs_a_note(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(InvalidDecision, match="note is required"):
        queue.decide(seed.conflict.key, 1, "ana", "range", {"low": 10, "high": 12})


def test_range_upside_down_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(InvalidDecision, match="low 12 is above high 9"):
        queue.decide(seed.conflict.key, 1, "ana", "range", {"low": 12, "high": 9}, "x")


def test_unknown_action_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(InvalidDecision, match="unknown action 'approve'"):
        queue.decide(seed.conflict.key, 1, "ana", "approve")


def test_unknown_item_is_reported(queue: ReviewQueue) -> None:
    with pytest.raises(ItemNotFound, match="no queue item nope"):
        queue.decide("nope", 1, "ana", "dismiss")


def test_extraction_error_is_saved_as_a_quality_failure(queue: ReviewQueue, seed: Seed) -> None:
    lcc = seed.claims["lcc_9"].id
    queue.decide(seed.conflict.key, 1, "ana", "extraction_error", {"claim_id": lcc}, "nine is wounded")
    found = [f for f in queue.store.failures() if f.suite == "review"]
    assert [(f.row_id, f.severity, f.details) for f in found] == [(lcc, "warning", "ana: nine is wounded")]


def test_split_names_claims_of_the_conflict(queue: ReviewQueue, seed: Seed) -> None:
    sohr = seed.claims["sohr_10"].id
    decision = queue.decide(seed.conflict.key, 1, "ana", "split", {"claim_ids": [sohr]})
    assert decision.payload == {"claim_ids": [sohr]}
    assert queue.item(seed.conflict.key).state == "decided"


def test_revert_reopens_the_item_and_cannot_repeat(queue: ReviewQueue, seed: Seed) -> None:
    first = queue.decide(seed.conflict.key, 1, "ana", "dismiss")
    undo = queue.revert(seed.conflict.key, 2, "ben", first.id)
    assert (undo.action, undo.reverts, undo.item_version) == ("revert", first.id, 2)
    item = queue.item(seed.conflict.key)
    assert (item.state, item.version) == ("reopened", 3)
    with pytest.raises(StaleDecision, match="nothing to revert"):
        queue.revert(seed.conflict.key, 3, "ben", first.id)
    queue.decide(seed.conflict.key, 3, "ben", "escalate")
    with pytest.raises(InvalidDecision, match="already reverted"):
        queue.revert(seed.conflict.key, 4, "ben", first.id)


def test_decision_on_a_settled_item_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    queue.decide(seed.conflict.key, 1, "ana", "dismiss")
    with pytest.raises(StaleDecision, match="already dismissed"):
        queue.decide(seed.conflict.key, 2, "ana", "escalate")


def test_history_lists_decisions_oldest_first_with_chained_hashes(queue: ReviewQueue, seed: Seed) -> None:
    first = queue.decide(seed.conflict.key, 1, "ana", "dismiss")
    second = queue.revert(seed.conflict.key, 2, "ana", first.id)
    history = queue.history(seed.conflict.key)
    assert [(d.id, d.action) for d in history] == [(first.id, "dismiss"), (second.id, "revert")]
    assert first.content_hash != second.content_hash


def test_decision_log_refuses_update_and_delete(queue: ReviewQueue, seed: Seed) -> None:
    queue.decide(seed.conflict.key, 1, "ana", "dismiss")
    for statement in ("UPDATE decisions SET note = 'changed'", "DELETE FROM decisions"):
        with pytest.raises(DBAPIError, match="append-only"), queue.store.engine.begin() as connection:
            connection.execute(text(statement))
    assert [d.note for d in queue.history(seed.conflict.key)] == [None]


def test_decision_is_a_provenance_activity_run_by_the_reviewer(queue: ReviewQueue, seed: Seed) -> None:
    decision = queue.decide(seed.conflict.key, 1, "ana", "escalate")
    (activity,) = queue.store.producers(decision.content_hash)
    assert (activity.step, activity.parameters["action"]) == ("review", "escalate")
    assert set(activity.input_ids) == {seed.conflict.id, seed.conflict.key}
    runs = [r for r in queue.store.runs() if r.activity_id == activity.id]
    assert [r.actor for r in runs] == ["ana"]


def test_decision_by_an_unregistered_reviewer_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(InvalidDecision, match="unknown reviewer 'zed'"):
        queue.decide(seed.conflict.key, 1, "zed", "dismiss")
    assert queue.item(seed.conflict.key).state == "open"


def test_items_filter_by_kind_severity_event_state_and_reviewer(queue: ReviewQueue, seed: Seed) -> None:
    def keys(wanted: ItemFilter) -> list[str]:
        return [listed.item.key for listed in queue.items(wanted)]

    both = [seed.conflict.key, seed.failure.id]
    assert keys(ItemFilter()) == both
    assert keys(ItemFilter(kind="quality")) == [seed.failure.id]
    assert keys(ItemFilter(severity="high")) == [seed.conflict.key]
    assert keys(ItemFilter(severity="warning")) == [seed.failure.id]
    assert keys(ItemFilter(event="miznaz")) == [seed.conflict.key]
    queue.decide(seed.failure.id, 1, "ben", "dismiss")
    assert keys(ItemFilter(state="open")) == [seed.conflict.key]
    assert keys(ItemFilter(reviewer="ben")) == [seed.failure.id]
    assert keys(ItemFilter(reviewer="ana")) == []


def test_bulk_dismiss_dismisses_the_filtered_set_only(queue: ReviewQueue, seed: Seed) -> None:
    assert queue.bulk_dismiss(ItemFilter(kind="quality"), "ana", "share is not a count") == 1
    assert queue.item(seed.failure.id).state == "dismissed"
    assert queue.item(seed.conflict.key).state == "open"


def test_bulk_dismiss_leaves_items_others_hold(queue: ReviewQueue, seed: Seed) -> None:
    queue.claim(seed.conflict.key, "ben")
    assert queue.bulk_dismiss(ItemFilter(), "ana", "noise") == 1
    assert queue.item(seed.conflict.key).state == "claimed"


def test_bulk_dismiss_needs_a_note(queue: ReviewQueue) -> None:
    with pytest.raises(InvalidDecision, match="needs a note"):
        queue.bulk_dismiss(ItemFilter(), "ana", " ")


def test_decided_pairs_each_settled_item_with_its_last_decision(queue: ReviewQueue, seed: Seed) -> None:
    queue.decide(seed.failure.id, 1, "ben", "dismiss")
    escalated = queue.decide(seed.conflict.key, 1, "ana", "escalate")
    pairs = [(item.key, item.state, d.id) for item, d in queue.decided()]
    assert pairs[-1] == (seed.conflict.key, "escalated", escalated.id)
    assert [p[0] for p in pairs] == [seed.failure.id, seed.conflict.key]


def test_new_conflict_version_makes_a_pending_decision_stale(queue: ReviewQueue, seed: Seed) -> None:
    from dataclasses import replace

    from factledger.store import Batch
    from tests.store.seed import conflict_request

    item = queue.claim_next("ana")
    assert item is not None
    changed = replace(seed.conflict, reasons=("disjoint_intervals", "new_report"))
    queue.store.save(Batch(conflicts=[changed], queue=[conflict_request(changed)]))
    with pytest.raises(StaleDecision, match="at version 2"):
        queue.decide(item.key, item.version, "ana", "dismiss")


def test_an_unknown_reviewer_cannot_take_a_lease(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(UnknownReviewer, match="unknown reviewer 'zed'; reviewers: ana, ben"):
        queue.claim_next("zed")
    with pytest.raises(UnknownReviewer):
        queue.claim(seed.conflict.key, "zed")
    assert queue.item(seed.conflict.key).state == "open"


def test_a_release_by_someone_without_the_lease_is_refused(queue: ReviewQueue, seed: Seed) -> None:
    with pytest.raises(NotHeld, match="ana holds no lease on item .*: it is open"):
        queue.release(seed.conflict.key, "ana")
    queue.claim(seed.conflict.key, "ana")
    with pytest.raises(NotHeld, match="ben holds no lease on item .*: it is claimed by ana"):
        queue.release(seed.conflict.key, "ben")
    assert queue.item(seed.conflict.key).lease_owner == "ana"
    assert queue.release(seed.conflict.key, "ana").state == "open"
