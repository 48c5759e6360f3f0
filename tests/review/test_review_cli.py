"""The review commands end to end on an SQLite file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from factledger.cli import main
from factledger.store import Store
from tests.review.conftest import SECRETS
from tests.store.seed import Seed

SENTENCE = "Sources disagree on how many civilians were killed in the village of Miznaz."


def invoke(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_review_commands_claim_decide_and_export(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    listed = invoke("review", "list", "--format", "jsonl", *db)
    assert [json.loads(line)["key"] for line in listed.splitlines()] == [seed.conflict.key, seed.failure.id]
    assert SENTENCE in invoke("review", "next", "--reviewer", "ana", *db)
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
    env = {"FACTLEDGER_PUBLIC_URL": "https://desk.example.org", "FACTLEDGER_PUBLISHER": "Desk"}
    result = CliRunner().invoke(main, ["export", "claimreview", *db], env=env, catch_exceptions=False)
    reviews = json.loads(result.output)
    ratings = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in reviews}
    assert ratings == {
        seed.claims["lcc_9"].quote: "Accepted figure",
        seed.claims["sohr_10"].quote: "Disputed by the accepted figure",
    }
    assert reviews[0]["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example.org",
    }


def test_stale_decision_exits_with_a_one_line_error(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    invoke("review", "decide", seed.conflict.key, "escalate", "--version", "1", "--reviewer", "ana", *db)
    result = CliRunner().invoke(
        main, ["review", "decide", seed.conflict.key, "dismiss", "--version", "1", "--reviewer", "ben", *db]
    )
    assert result.exit_code == 1
    assert "at version 2, the decision was made on 1" in result.output


@pytest.mark.parametrize(
    ("low", "high", "named"),
    [
        ("5", "inf", "high"),
        ("5", "nan", "high"),
        ("nan", "9", "low"),
        ("-3", "9", "low"),
        ("5", "-inf", "high"),
    ],
)
def test_a_range_that_is_not_finite_or_is_negative_is_refused_on_one_line(
    seeded_store: Store, seed: Seed, low: str, high: str, named: str
) -> None:
    db = ["--db", seeded_store.url]
    args = ["review", "decide", seed.conflict.key, "range", "--low", low, "--high", high]
    result = CliRunner().invoke(main, [*args, "--note", "n", "--version", "1", "--reviewer", "ana", *db])
    assert (result.exit_code, result.exception is None or isinstance(result.exception, SystemExit)) == (
        1,
        True,
    )
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"Error: {named} must be a finite number of at least 0, not ")
    assert "decided" not in invoke("review", "list", "--format", "jsonl", *db)


def test_reviewer_add_reads_the_secret_from_stdin(seeded_store: Store) -> None:
    from factledger.review.auth import verify_reviewer

    invoke("reviewer", "add", "carl", "--secret-stdin", "--db", seeded_store.url, stdin="carl-secret-3\n")
    assert verify_reviewer(seeded_store, "carl", "carl-secret-3")
    assert not verify_reviewer(seeded_store, "carl", SECRETS["ana"])


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_review_list_is_a_table_whose_short_ids_every_command_takes(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    lines = invoke("review", "list", *db).splitlines()
    assert lines[0].split() == ["id", "kind", "state", "version", "priority", "severity", "lease", "summary"]
    shown = lines[2].split()[0]
    assert seed.conflict.key.startswith(f"sha256:{shown}") and len(shown) == 12
    assert SENTENCE in lines[2]  # the conflict in words, as its web page says it
    assert SENTENCE in invoke("review", "show", shown, *db).splitlines()[1]
    lcc = seed.claims["lcc_9"].id.removeprefix("sha256:")[:10]
    out = invoke(
        "review", "decide", shown, "accept", "--claim", lcc, "--version", "1", "--reviewer", "ana", *db
    )
    assert out.startswith(f"decision 1: accept on {seed.conflict.key} v1")
    assert " ana accept v1 " in invoke("review", "history", shown[:8], *db)


def test_an_ambiguous_item_prefix_is_refused_with_its_candidates(seeded_store: Store, seed: Seed) -> None:
    code, out = run("review", "show", "sha256:", "--db", seeded_store.url)
    assert code == 2
    assert "ambiguous" in out and seed.conflict.key in out and seed.failure.id in out


def test_an_unknown_state_kind_or_severity_is_refused_with_the_valid_values(seeded_store: Store) -> None:
    code, out = run("review", "list", "--state", "bogus", "--db", seeded_store.url)
    assert code == 2
    assert "'bogus' is not one of" in out and "'open'" in out and "'superseded'" in out
    assert run("review", "list", "--kind", "bogus", "--db", seeded_store.url)[0] == 2
    assert run("review", "dismiss", "--severity", "bad", "--as", "ana", "--note", "x")[0] == 2


def test_an_unknown_reviewer_cannot_take_a_lease_or_list(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    code, out = run("review", "next", "--reviewer", "zed", *db)
    assert code == 2
    assert out.strip() == "Error: unknown reviewer 'zed'; reviewers: ana, ben"
    assert run("review", "list", "--reviewer", "zed", *db)[0] == 2
    assert json.loads(invoke("review", "list", "--format", "jsonl", *db).splitlines()[0])["state"] == "open"


def test_release_by_someone_without_the_lease_is_an_error(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    invoke("review", "next", "--reviewer", "ana", *db)
    code, out = run("review", "release", seed.conflict.key, "--reviewer", "ben", *db)
    assert code == 1
    assert out.strip() == f"Error: ben holds no lease on item {seed.conflict.key}: it is claimed by ana"
    code, out = run("review", "release", seed.failure.id, "--reviewer", "ben", *db)
    assert code == 1 and "it is open" in out
    assert invoke("review", "release", seed.conflict.key, "--reviewer", "ana", *db).endswith(
        "released, now open\n"
    )


def test_export_csv_neutralises_a_formula_in_a_reviewer_note(seeded_store: Store, seed: Seed) -> None:
    db = ["--db", seeded_store.url]
    formula = '=HYPERLINK("http://x.test","see")'
    invoke(
        "review",
        "decide",
        seed.conflict.key,
        "escalate",
        "--version",
        "1",
        "--reviewer",
        "ana",
        "--note",
        formula,
        *db,
    )
    out = invoke("export", "csv", *db)
    assert f"'{formula}".replace('"', '""') in out
