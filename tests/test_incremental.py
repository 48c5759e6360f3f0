"""Reconciliation across runs on a real SQLite store: update, reopen, retire, only what a run touches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from factledger import exports
from factledger.core.models import Article, Claim, Conflict, SourceDocument
from factledger.core.provenance import bytes_id
from factledger.core.relations import Relation
from factledger.incremental import plan_reconciliation
from factledger.pipeline import StepRun, reconcile_claims
from factledger.provenance.verify import verify
from factledger.store import Batch, Store
from factledger.store.tables import claim_scopes, claims, queue_items

SOHR = "Syrian Observatory for Human Rights"
LCC = "Local Coordination Committees"


@dataclass(frozen=True)
class Figure:
    """One figure of a hand-written report: "<text> killed in <place>."."""

    text: str
    low: int | None
    high: int | None
    qualifier: str
    source: str
    place: str = "western Aleppo"
    date: str = "2016-10-28"
    scope: str = "incident"


def at_least(value: int, source: str, **fields: Any) -> Figure:
    return Figure(f"at least {value}", value, None, "at_least", source, **fields)


def exact(value: int, source: str, **fields: Any) -> Figure:
    return Figure(str(value), value, value, "exact", source, **fields)


def report(name: str, published: str, *figures: Figure) -> Batch:
    """A document holding one article whose claims point at their exact characters."""
    text, spans = "", []
    for figure in figures:
        sentence = f"{figure.source} says {figure.text} killed in {figure.place}."
        start = len(text) + sentence.index(figure.text)
        spans.append((len(text), start, sentence))
        text += sentence + " "
    raw = text.encode("utf-8")
    document = SourceDocument(
        f"{name}.txt", bytes_id(raw).split(":")[1], "text/plain", len(raw), "2016-11-05T00:00:00+00:00", text
    )
    article = Article(document.id, 0, len(text), name, "Outlet", None, published)
    made = [
        claim_for(document, article, figure, quote_start, start, sentence)
        for figure, (quote_start, start, sentence) in zip(figures, spans, strict=True)
    ]
    return Batch(documents=[(document, raw)], articles=[article], claims=made)


def claim_for(
    document: SourceDocument, article: Article, figure: Figure, quote_start: int, start: int, quote: str
) -> Claim:
    return Claim(
        document_id=document.id,
        article_id=article.id,
        start=start,
        end=start + len(figure.text),
        number_text=figure.text,
        quote_start=quote_start,
        quote_end=quote_start + len(quote),
        quote=quote,
        value_low=figure.low,
        value_high=figure.high,
        qualifier=figure.qualifier,
        category="killed",
        subject="people",
        location=figure.place,
        date=figure.date,
        scope=figure.scope,
        source=figure.source,
        source_chain=("Outlet", figure.source),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'factledger.db'}")
    yield opened
    opened.close()


def run(store: Store, *batches: Batch, full: bool = False) -> list[Conflict]:
    """Store the reports, then reconcile (which enqueues what it finds) as a pipeline run does."""
    for batch in batches:
        store.save(batch)
    return reconcile_claims(store, StepRun(), full=full)


def decide(store: Store, key: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(update(queue_items).where(queue_items.c.key == key).values(state="decided"))


def only(conflicts: list[Conflict]) -> Conflict:
    assert len(conflicts) == 1, conflicts
    return conflicts[0]


RT_6 = report("rt", "2016-10-28", at_least(6, "RT"))
SOHR_15 = report("sohr", "2016-10-28", at_least(15, SOHR))
OCTOBER = Figure("at least 100", 100, None, "at_least", "UN", "Aleppo", "2016-10", "cumulative")


def test_reconcile_claims_updates_a_conflict_with_a_new_report(store: Store) -> None:
    first = only(run(store, RT_6, SOHR_15))
    second = only(run(store, report("lcc", "2016-10-29", at_least(30, LCC))))

    # LCC's 30 disputes both RT's 6 and SOHR's 15: it joins the conflict.
    assert second.key == first.key and second.id != first.id
    assert [(version, c.id) for version, c in store.conflict_history(first.key)] == [
        (1, first.id),
        (2, second.id),
    ]
    assert [c.id for c in store.conflicts()] == [second.id]
    item = only_item(store)
    assert (item.ref_id, item.version, item.state) == (second.id, 2, "open")
    assert [e.event for e in store.queue_events(first.key)] == ["created", "updated"]
    assert verify(store) == []


def test_reconcile_claims_opens_a_new_dispute_beside_the_first(store: Store) -> None:
    first = only(run(store, RT_6, SOHR_15))
    decide(store, first.key)

    # LCC's 20 disputes RT's 6 but agrees with SOHR's 15: a dispute of its own.
    found = run(store, report("lcc", "2016-10-29", at_least(20, LCC)))

    assert first in found and len(found) == 2
    assert sorted(c.id for c in store.conflicts()) == sorted(c.id for c in found)
    assert {i.key: i.state for i in store.queue_items()}[first.key] == "decided"
    assert verify(store) == []


def test_reconcile_claims_keeps_a_decided_item_when_a_figure_agrees(store: Store) -> None:
    first = only(run(store, RT_6, SOHR_15))
    decide(store, first.key)

    dozens = Figure("dozens", 24, 99, "vague", LCC)
    assert run(store, report("lcc", "2016-10-29", dozens)) == [first]

    assert [c.id for c in store.conflicts()] == [first.id]
    item = only_item(store)
    assert (item.state, item.version, item.ref_id) == ("decided", 1, first.id)


def test_reconcile_claims_reopens_a_decided_item_on_new_evidence(store: Store) -> None:
    first = only(run(store, RT_6, SOHR_15))
    decide(store, first.key)

    second = only(run(store, report("lcc", "2016-10-29", at_least(30, LCC))))

    item = only_item(store)
    assert (item.state, item.version, item.ref_id) == ("reopened", 2, second.id)
    assert [(e.event, e.from_state, e.to_state) for e in store.queue_events(first.key)] == [
        ("created", None, "open"),
        ("reopened", "decided", "reopened"),
    ]


def test_reconcile_claims_running_again_changes_nothing(store: Store) -> None:
    run(store, RT_6, SOHR_15)
    counts = store.counts()

    assert run(store) == []
    assert store.counts() == counts


def test_reconcile_claims_retires_a_conflict_a_source_update_settles(store: Store) -> None:
    first = only(
        run(store, report("lcc", "2016-11-03", exact(9, LCC)), report("sohr", "2016-11-03", exact(10, SOHR)))
    )
    assert first.kind == "hard_conflict"

    assert run(store, report("lcc-later", "2016-11-04", exact(10, LCC))) == []

    assert store.conflicts() == []
    assert [c.id for _, c in store.conflict_history(first.key)] == [first.id]
    item = only_item(store)
    assert (item.state, item.version, item.ref_id) == ("superseded", 2, first.id)
    assert [r.reason for r in store.relations()] == ["published_later"]
    assert verify(store) == []


def test_reconcile_claims_revives_a_retired_conflict(store: Store) -> None:
    run(store, report("lcc", "2016-11-03", exact(9, LCC)), report("sohr", "2016-11-03", exact(10, SOHR)))
    run(store, report("lcc-later", "2016-11-04", exact(10, LCC)))

    revived = only(run(store, report("lcc-latest", "2016-11-05", exact(12, LCC))))

    assert [version for version, _ in store.conflict_history(revived.key)] == [1, 2]
    assert [c.id for c in store.conflicts()] == [revived.id]
    item = only_item(store)
    assert (item.state, item.version, item.ref_id) == ("reopened", 3, revived.id)
    assert verify(store) == []


def test_reconcile_claims_retires_a_conflict_when_a_claim_is_quarantined(store: Store) -> None:
    first = only(run(store, RT_6, SOHR_15))
    quarantine(store, SOHR_15.claims[0].id)

    assert run(store) == []

    assert store.conflicts() == []
    assert only_item(store).state == "superseded"
    assert [c.id for _, c in store.conflict_history(first.key)] == [first.id]


def test_reconcile_claims_reads_only_the_groups_a_run_touches(store: Store) -> None:
    miznaz = [report("lcc", "2016-11-03", exact(9, LCC, place="Miznaz", date="2016-11-03"))]
    run(store, RT_6, SOHR_15, *miznaz)
    store.save(report("sohr-miznaz", "2016-11-03", exact(10, SOHR, place="Miznaz", date="2016-11-03")))

    with store.engine.connect() as connection:
        plan = plan_reconciliation(connection)

    assert len(plan.touched) == 1  # the Miznaz event alone
    assert plan.claims_read == 2
    assert [c.kind for c in plan.conflicts] == ["hard_conflict"]


def test_reconcile_claims_links_a_new_incident_to_a_stored_total(store: Store) -> None:
    run(store, report("un", "2016-10-31", OCTOBER))

    run(store, RT_6)

    assert store.relations() == [Relation("related", RT_6.claims[0].id, total_id(store), "incident_in_total")]


def test_reconcile_claims_links_a_new_total_to_stored_incidents(store: Store) -> None:
    run(store, RT_6, SOHR_15)

    run(store, report("un", "2016-10-31", OCTOBER))

    links = {(r.from_claim, r.to_claim, r.reason) for r in store.relations()}
    total = total_id(store)
    assert links == {
        (RT_6.claims[0].id, total, "incident_in_total"),
        (SOHR_15.claims[0].id, total, "incident_in_total"),
    }
    assert verify(store) == []


def test_reconcile_claims_rekeys_everything_when_the_rules_change(store: Store) -> None:
    run(store, RT_6, SOHR_15)
    with store.engine.begin() as connection:
        connection.execute(update(claim_scopes).values(rules_version="reconcile-0"))

    with store.engine.connect() as connection:
        plan = plan_reconciliation(connection)

    assert sorted(plan.work.scopes) == sorted([RT_6.claims[0].id, SOHR_15.claims[0].id])
    assert [c.key for c in plan.conflicts] == [c.key for c in store.conflicts()]


def test_reconcile_claims_gives_what_a_full_recompute_gives(tmp_path: Path) -> None:
    runs = [
        [RT_6, report("lcc", "2016-11-03", exact(9, LCC, place="Miznaz", date="2016-11-03"))],
        [SOHR_15, report("sohr-miznaz", "2016-11-03", exact(10, SOHR, place="Miznaz", date="2016-11-03"))],
        [report("un", "2016-10-31", OCTOBER)],
        [
            report("sohr-later", "2016-10-29", at_least(6, SOHR)),
            report("sohr-m2", "2016-11-04", exact(9, SOHR, place="Miznaz", date="2016-11-03")),
        ],
        [report("lcc-aleppo", "2016-10-29", Figure("nearly 40", 36, 39, "almost", LCC))],
    ]
    stepwise = Store.open(f"sqlite:///{tmp_path / 'stepwise.db'}")
    for batches in runs:
        run(stepwise, *batches)
    at_once = Store.open(f"sqlite:///{tmp_path / 'at_once.db'}")
    run(at_once, *(batch for batches in runs for batch in batches), full=True)

    assert [(c.key, c.id) for c in stepwise.conflicts()] == [(c.key, c.id) for c in at_once.conflicts()]
    assert stepwise.relations() == at_once.relations()
    # Miznaz: LCC's 9 against SOHR's 10, and SOHR's later 9 against its own 10 (a toll
    # that fell); LCC's 9 and SOHR's later 9 agree, so they are never in one conflict.
    assert len(stepwise.conflicts()) == 2 and len(stepwise.relations()) == 5
    assert verify(stepwise) == [] and verify(at_once) == []


def quarantine(store: Store, claim_id: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(update(claims).where(claims.c.id == claim_id).values(status="quarantined"))


def only_item(store: Store) -> Any:
    items = store.queue_items()
    assert len(items) == 1, items
    return items[0]


def total_id(store: Store) -> str:
    return next(c.id for c in store.claims() if c.scope == "cumulative")


def test_conflict_records_show_the_links_of_their_claims(store: Store) -> None:
    run(store, RT_6, SOHR_15, report("un", "2016-10-31", OCTOBER))

    (record,) = exports.conflict_records(store)

    assert [(r["kind"], r["reason"], r["to_claim"]) for r in record["relations"]] == [
        ("related", "incident_in_total", total_id(store)),
        ("related", "incident_in_total", total_id(store)),
    ]
    assert {r["from_claim"] for r in record["relations"]} == {RT_6.claims[0].id, SOHR_15.claims[0].id}


def test_reconcile_claims_gives_the_same_conflicts_whatever_order_the_reports_arrive_in(
    tmp_path: Path,
) -> None:
    early = report("rt-early", "2016-10-27", at_least(6, "RT"))
    later = [SOHR_15, report("lcc", "2016-10-29", at_least(30, LCC))]
    # Arriving last, the earliest report names the event anew: the dispute its later
    # reports had under their own event must not stay behind beside the merged event's.
    orders = {"earliest first": [[early], later], "earliest last": [later, [early]]}
    found = {}
    for name, runs in orders.items():
        stepwise = Store.open(f"sqlite:///{tmp_path / (name + '.db')}")
        for batches in runs:
            run(stepwise, *batches)
        found[name] = [(c.key, c.id) for c in stepwise.conflicts()]
        assert verify(stepwise) == []
        stepwise.close()
    at_once = Store.open(f"sqlite:///{tmp_path / 'at_once.db'}")
    run(at_once, early, *later, full=True)

    assert found["earliest first"] == found["earliest last"] == [(c.key, c.id) for c in at_once.conflicts()]
    assert len(found["earliest last"]) == 1
