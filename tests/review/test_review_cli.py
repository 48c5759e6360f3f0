"""The review commands end to end on an SQLite file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from factledger.cli import main
from factledger.store import Store
from tests.review.conftest import SECRETS
from tests.store.seed import Seed


def invoke(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_review_commands_claim_decide_and_export(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    listed = invoke("review", "list", "--format", "jsonl", *db)
    assert [json.loads(line)["key"] for line in listed.splitlines()] == [seed.conflict.key, seed.failure.id]
    assert "Miznaz killed" in invoke("review", "next", "--reviewer", "ana", *db)
    lcc = seed.claims["lcc_9"].id
    out = invoke(
        "review",
        "decide",
        seed.conflict.key,
        "accept",
        "--claim",
        lcc,
        "--version",
        "1",
        "--reviewer",
        "ana",
        *db,
    )
    assert out.startswith("decision 1: accept on ")
    assert " ana accept v1 " in invoke("review", "history", seed.conflict.key, *db)
    rows = invoke("export", "csv", *db).splitlines()
    assert rows[0].startswith("key,kind,state,version,decision_id,action,reviewer")
    assert rows[1].startswith(f"{seed.conflict.key},conflict,decided,2,1,accept,ana")
    reviews = json.loads(invoke("export", "claimreview", *db))
    ratings = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in reviews}
    assert ratings == {
        seed.claims["lcc_9"].quote: "Accepted figure",
        seed.claims["sohr_10"].quote: "Disputed by the accepted figure",
    }
    assert reviews[0]["author"] == {"@type": "Person", "name": "ana"}
    assert reviews[0]["itemReviewed"]["appearance"]["url"] == seed.document.location


def test_stale_decision_exits_with_a_one_line_error(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    invoke("review", "decide", seed.conflict.key, "escalate", "--version", "1", "--reviewer", "ana", *db)
    result = CliRunner().invoke(
        main, ["review", "decide", seed.conflict.key, "dismiss", "--version", "1", "--reviewer", "ben", *db]
    )
    assert result.exit_code == 1
    assert "at version 2, the decision was made on 1" in result.output


def test_reviewer_add_reads_the_secret_from_stdin(seeded_store: Store) -> None:
    from factledger.review.auth import verify_reviewer

    invoke("reviewer", "add", "carl", "--secret-stdin", "--db", seeded_store.url, stdin="carl-secret-3\n")
    assert verify_reviewer(seeded_store, "carl", "carl-secret-3")
    assert not verify_reviewer(seeded_store, "carl", SECRETS["ana"])
