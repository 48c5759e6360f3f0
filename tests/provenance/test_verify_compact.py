"""On a real run's store, verify names each hand-edited record: claim, article, decision, and
every kind of provenance row (an activity's parameters or member list, an index row, a run)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, select, text, update

from factledger.core.provenance import id_digest, pack_ids
from factledger.provenance.verify import verify
from factledger.store import Store
from factledger.store.tables import activities, articles, claims, decisions, lineage, runs

DROP_TRIGGERS = ["DROP TRIGGER decisions_refuse_update", "DROP TRIGGER decisions_refuse_delete"]


def change(store: Store, statement: object) -> None:
    with store.engine.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]


def test_a_clean_run_with_decisions_verifies(seeded: Store) -> None:
    assert verify(seeded) == []
    assert {a.step for a in seeded.activities()} >= {"ingest", "extract", "validate", "reconcile", "review"}


def test_verify_names_an_edited_claim_and_article(seeded: Store) -> None:
    claim = seeded.claims()[0]
    article = next(a for a in seeded.articles() if a.id == claim.article_id)
    change(seeded, update(claims).where(claims.c.id == claim.id).values(category="injured"))
    change(seeded, update(articles).where(articles.c.id == article.id).values(outlet="Nobody"))
    named = {(p.table, p.row_id, p.message) for p in verify(seeded)}
    assert named == {
        ("claims", claim.id, f"content hashes to {replace(claim, category='injured').id}"),
        ("articles", article.id, f"content hashes to {replace(article, outlet='Nobody').id}"),
    }


def test_verify_names_an_edited_decision(seeded: Store) -> None:
    with seeded.engine.begin() as connection:
        for statement in DROP_TRIGGERS:
            connection.execute(text(statement))
        decision_id = connection.execute(select(decisions.c.id).limit(1)).scalar_one()
        connection.execute(update(decisions).where(decisions.c.id == decision_id).values(note="edited"))
    assert [(p.table, p.row_id) for p in verify(seeded)] == [("decisions", str(decision_id))]


def extract_row(store: Store) -> dict[str, object]:
    query = select(activities).where(activities.c.step == "extract").order_by(activities.c.key).limit(1)
    return dict(store.fetch_rows(query)[0])


def test_verify_names_an_activity_whose_member_list_was_edited(seeded: Store) -> None:
    row = extract_row(seeded)
    activity = next(a for a in seeded.activities() if a.id == row["id"])
    dropped = activity.output_ids[1:]  # one claim or article no longer listed as made by it
    change(seeded, update(activities).where(activities.c.key == row["key"]).values(outputs=pack_ids(dropped)))
    edited = replace(activity, output_ids=dropped)
    assert [(p.table, p.row_id, p.message) for p in verify(seeded)] == [
        ("activities", activity.id, f"content hashes to {edited.id}")
    ]


def test_verify_names_an_activity_whose_parameters_were_edited(seeded: Store) -> None:
    row = extract_row(seeded)
    activity = next(a for a in seeded.activities() if a.id == row["id"])
    change(seeded, update(activities).where(activities.c.key == row["key"]).values(parameters={"x": 1}))
    edited = replace(activity, parameters={"x": 1})
    assert [(p.table, p.message) for p in verify(seeded)] == [
        ("activities", f"content hashes to {edited.id}")
    ]


def test_verify_names_an_activity_whose_index_row_was_removed(seeded: Store) -> None:
    row = extract_row(seeded)
    activity = next(a for a in seeded.activities() if a.id == row["id"])
    document = activity.input_ids[0]
    change(
        seeded,
        delete(lineage).where(lineage.c.entity == id_digest(document), lineage.c.activity == row["key"]),
    )
    assert [(p.table, p.row_id, p.message) for p in verify(seeded)] == [
        ("activities", activity.id, "lineage rows differ from its input/output ids")
    ]


def test_verify_names_an_edited_run(seeded: Store) -> None:
    run = seeded.runs()[0]
    change(seeded, update(runs).where(runs.c.id == run.id).values(actor="someone else"))
    assert [(p.table, p.row_id, p.message[:34]) for p in verify(seeded)] == [
        ("runs", run.id, "execution record hashes to sha256:")
    ]


def test_a_batch_activity_lists_every_record_it_made(seeded: Store) -> None:
    made = {o for a in seeded.activities() if a.step == "extract" for o in a.output_ids}
    assert {c.id for c in seeded.claims()} | {a.id for a in seeded.articles()} == made
    assert all(seeded.producers(c.id) for c in seeded.claims())
