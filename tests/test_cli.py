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


def read_only(url: str) -> str:
    """The same SQLite file opened read-only (as root, file permissions would not stop a write)."""
    return f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"


def test_a_read_only_database_gives_one_line_from_each_command_that_writes(seeded_db: str) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["reviewer", "add", "ana", "--secret-stdin", "--db", seeded_db], input="a-long-secret\n"
        ).exit_code
        == 0
    )
    top = json.loads(invoke("review", "list", "--format", "jsonl", "--db", seeded_db)[1].splitlines()[0])
    ro = read_only(seeded_db)
    commands = [
        (["reviewer", "add", "ben", "--secret-stdin"], "a-long-secret\n"),
        (["review", "next", "--reviewer", "ana"], None),
        (
            [
                "review",
                "decide",
                top["key"],
                "escalate",
                "--version",
                str(top["version"]),
                "--reviewer",
                "ana",
            ],
            None,
        ),
    ]
    for args, stdin in commands:
        result = runner.invoke(main, [*args, "--db", ro], input=stdin)
        assert (result.exit_code, result.output) == (
            1,
            "Error: the database is read-only: factledger cannot write to it\n",
        ), args


def test_a_database_from_a_newer_version_gives_one_line(seeded_db: str) -> None:
    with sqlite3.connect(seeded_db.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    code, out = invoke("review", "list", "--db", seeded_db)
    assert code == 1
    assert out == (
        f"Error: cannot open database {seeded_db}: its schema is at revision 9999_from_the_future, which "
        "this factledger does not know (a newer version wrote it); upgrade factledger to use it\n"
    )


def test_a_full_disk_for_data_docs_leaves_the_run_going_without_them(
    tmp_path: Path, full_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "data_docs").symlink_to(full_disk)
    monkeypatch.setenv("FACTLEDGER_HOME", str(home))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, str(copy_seeds(tmp_path / "seeds")))
    assert code == 0, out
    assert "data docs:         not written (Data Docs not written to " in out
    assert "No space left on device" in out
    claims = json.loads(
        "[" + ",".join(invoke("claims", "--format", "jsonl", "--db", url)[1].splitlines()) + "]"
    )
    assert len(claims) > 0
