"""The CLI, in-process, on the bare engine (the flow itself is tested under tests/flows)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from factledger.cli import main
from factledger.exports import CLAIM_FIELDS, CONFLICT_FIELDS
from tests.seeds import SEEDS, copy_seeds


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def seeded_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, str(copy_seeds(tmp_path / "seeds")))
    assert code == 0, out
    return url


def test_run_prints_a_summary_with_next_steps(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, str(SEEDS))
    assert code == 0, out
    for label in (
        "documents read:",
        "articles:",
        "claims:",
        "quality failures:",
        "conflicts:",
        "review queue:",
        "database:",
        "next:",
    ):
        assert label in out
    assert url in out


def test_run_refuses_a_missing_path_on_one_line(tmp_path: Path) -> None:
    code, out = invoke(
        "run", "--engine", "bare", "--db", f"sqlite:///{tmp_path / 'x.db'}", str(tmp_path / "nope.txt")
    )
    assert code != 0
    assert out.strip().splitlines() == [f"Error: {tmp_path / 'nope.txt'}: no such file or directory"]


def test_run_with_bad_files_keeps_what_was_stored_before(seeded_db: str, tmp_path: Path) -> None:
    before = json.loads(
        "[" + ",".join(invoke("claims", "--db", seeded_db, "--format", "jsonl")[1].splitlines()) + "]"
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.bin").write_bytes(b"\x00\x01\x02")
    code, out = invoke("run", "--engine", "bare", "--db", seeded_db, str(bad))
    assert code == 3, out  # the run finished, and says that it quarantined something
    assert "quarantined" in out and "Traceback" not in out
    after = json.loads(
        "[" + ",".join(invoke("claims", "--db", seeded_db, "--format", "jsonl")[1].splitlines()) + "]"
    )
    assert after == before


def test_claims_jsonl_has_the_public_fields_and_exact_offsets(seeded_db: str) -> None:
    code, out = invoke("claims", "--db", seeded_db, "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    texts: dict[str, str] = {}
    for record in records:
        assert tuple(record) == CLAIM_FIELDS
        text = texts.setdefault(record["document"], Path(record["document"]).read_text(encoding="utf-8"))
        assert text[record["start"] : record["end"]] == record["number_text"]
        assert record["quote"] in text


def test_conflicts_jsonl_has_the_public_fields(seeded_db: str) -> None:
    code, out = invoke("conflicts", "--db", seeded_db, "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    assert all(tuple(r) == CONFLICT_FIELDS for r in records)
    assert all(r["queue_state"] == "open" for r in records)


def test_claims_csv_and_table_formats(seeded_db: str) -> None:
    code, out = invoke("claims", "--db", seeded_db, "--format", "csv")
    assert code == 0 and out.splitlines()[0] == ",".join(CLAIM_FIELDS)
    code, out = invoke("claims", "--db", seeded_db)
    assert code == 0 and "killed" in out


def test_verify_is_clean_after_a_run(seeded_db: str) -> None:
    code, out = invoke("verify", "--db", seeded_db)
    assert (code, out.strip()) == (0, "verify: every record matches its hash and links")


def test_verify_names_a_claim_edited_by_hand(seeded_db: str) -> None:
    code, out = invoke("claims", "--db", seeded_db, "--format", "jsonl")
    victim = json.loads(out.splitlines()[0])["id"]
    with sqlite3.connect(seeded_db.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE claims SET value_low = 999 WHERE id = ?", (victim,))
    code, out = invoke("verify", "--db", seeded_db)
    assert code != 0
    assert victim in out
