"""Revalidating stored rows: a row edited in the database after the fact is caught and named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from factledger.cli import main
from factledger.core.extract import extract_claims
from factledger.core.segment import segment_document
from factledger.pipeline import StepRun, revalidate_stored
from factledger.quality import validate_stored
from factledger.review.queue import ReviewQueue
from factledger.sources.files import read_document
from factledger.store import Batch, Store

REPO = Path(__file__).resolve().parents[2]
S004 = REPO / "seeds" / "004_a116a0743e2e7e41.txt"
SOHR_QUOTE = "The Observatory said that 10 civilians had died, among them seven children."


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    """A SQLite store holding seed 004 as ingested and extracted, not yet validated."""
    opened = Store.open(f"sqlite:///{tmp_path / 'factledger.db'}")
    loaded = read_document(S004, "2016-11-03T10:00:00+00:00")
    doc = loaded.document
    articles = segment_document(doc.id, doc.text)
    claims = extract_claims(doc.text, articles)
    opened.save(Batch(documents=[(doc, loaded.raw)], articles=articles, claims=claims))
    return opened


def sohr_claim_id(store: Store) -> str:
    (claim_id,) = [i for i, c in store.stored_claims() if c.quote == SOHR_QUOTE and c.number_text == "10"]
    return claim_id


def test_validate_stored_passes_the_sound_seed_but_for_the_mixed_script_word(
    store: Store, suites_dir: Path
) -> None:
    checked = validate_stored(store, suites_dir)
    found = {(f.suite, f.expectation_id, f.severity) for f in checked.report.failures}
    assert (found, checked.quarantine_claims) == (
        {("articles", "articles.text.mixed_script_word", "warning")},
        {},
    )
    assert [(r.suite, r.rows) for r in checked.report.results] == [
        ("documents", 1),
        ("articles", 1),
        ("claims", len(store.claims())),
        ("conflicts", 0),
    ]


def test_revalidate_stored_quarantines_a_quote_edited_by_sql(store: Store, suites_dir: Path) -> None:
    claim_id = sohr_claim_id(store)
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE claims SET quote = :quote WHERE id = :id"),
            {"quote": SOHR_QUOTE.replace("10 civilians", "100 civilians"), "id": claim_id},
        )
    checked = revalidate_stored(store, suites_dir, StepRun(actor="test"))
    critical = [
        (f.row_id, f.expectation_id, f.details) for f in checked.report.failures if f.severity == "critical"
    ]
    assert critical == [
        (
            claim_id,
            "claims.quote.at_offsets",
            "quote='The Observatory said that 100 civilians had died, among them seven children.'"
            " but the text at 2462:2537 is 'The Observatory said that 10 civilians had died,"
            " among them seven children.'",
        )
    ]
    assert store.quarantine_reasons(claim_id) == ["claims.quote.at_offsets"]
    assert [c.status for c in store.claims() if c.status == "quarantined"] == ["quarantined"]


def test_revalidate_stored_quarantines_every_claim_of_altered_bytes(store: Store, suites_dir: Path) -> None:
    (doc,) = store.documents()
    altered = S004.read_bytes().replace(b"Aleppo", b"Alepp0", 1)
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE documents SET content = :c WHERE id = :id"), {"c": altered, "id": doc.id}
        )
    checked = revalidate_stored(store, suites_dir, StepRun(actor="test"))
    claims = store.claims()
    assert {c.status for c in claims} == {"quarantined"}
    assert store.quarantine_reasons(claims[0].id) == ["documents.content.hash_matches"]
    queued = [q for q in store.queue_items() if q.summary.startswith("Document whose bytes no longer match")]
    hash_failure = next(
        f for f in checked.report.failures if f.expectation_id == "documents.content.hash_matches"
    )
    assert [q.kind for q in queued] == ["quality"]
    assert ReviewQueue(store).digest_failures(queued[0].key) == [hash_failure]


def test_revalidate_stored_records_a_validate_activity_with_its_parameters(
    store: Store, suites_dir: Path
) -> None:
    checked = revalidate_stored(store, suites_dir, StepRun(actor="test"))
    (activity,) = [a for a in store.activities() if a.step == "validate"]
    hashes = {r.suite: r.suite_hash for r in checked.report.results}
    article_id = checked.report.failures[0].row_id
    params = activity.parameters
    assert (params["scope"], params["suites"], params["gx_version"], params["failures"]) == (
        "stored",
        hashes,
        "1.24.1",
        {"critical": 0, "warning": 1, "info": 0},
    )
    assert [(r["suite"], r["failed_expectations"], r["failing_row_ids"]) for r in params["results"]] == [
        ("documents", 0, []),
        ("articles", 1, [article_id]),
        ("claims", 0, []),
        ("conflicts", 0, []),
    ]
    assert set(activity.output_ids) == {f.id for f in checked.report.failures}
    assert sohr_claim_id(store) in activity.input_ids


def test_cli_validate_names_the_edited_claim_and_writes_offline_data_docs(
    store: Store, suites_dir: Path, tmp_path: Path
) -> None:
    claim_id = sohr_claim_id(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE claims SET quote = 'forged' WHERE id = :id"), {"id": claim_id})
    env = {"FACTLEDGER_HOME": str(tmp_path / "home"), "FACTLEDGER_EXPECTATIONS": str(suites_dir)}
    result = CliRunner().invoke(main, ["validate", "--db", store.url], env=env)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert f"quarantined claim {claim_id}: claims.quote.at_offsets" in lines
    assert lines[-1] == "Error: 1 row(s) fail a critical expectation"
    (docs,) = (tmp_path / "home" / "data_docs").iterdir()
    summary = json.loads((docs / "validation.json").read_text(encoding="utf-8"))
    assert summary["quarantined_rows"] == [claim_id]
