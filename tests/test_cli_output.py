"""What the terminal and the exports show: tables with headers, ids, terminal-safe text, safe CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factledger.cli import main
from factledger.clitools import printable, short_id
from factledger.exports import to_csv

# An article carrying terminal escape sequences: clear screen, retitle the window, hide text.
HOSTILE = (
    "Shelling kills 12 in Hama\n"
    "HAMA, March 3, 2024 (Wire) - At least 12 people were killed in shelling on the town of "
    "Kafr Nabl on Sunday, the Syrian Observatory for Human Rights said. \x1b[2J\x1b]0;owned\x07"
    "Local officials said 20 people\x1b[8m were killed in the shelling of Kafr Nabl on Sunday.\x9b31m\n"
)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def hostile_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    code, out = invoke("run", "--engine", "bare", "--db", url, str(path))
    assert code == 0, out
    return url


def test_printable_drops_escape_sequences_and_controls_but_keeps_words() -> None:
    assert printable("a\x1b[31mred\x1b[0m b") == "ared b"
    assert printable("title\x1b]0;owned\x07 next") == "title next"
    assert printable("x\x00y\x7fz\x9bq\u202eevil") == "xyzqevil"
    assert printable("line\none\ttab\r") == "line one tab "
    assert printable("Zahraa عربي ok") == "Zahraa عربي ok"
    assert printable(None) == ""


def test_claims_table_has_a_header_aligned_ids_and_no_escape_sequences(hostile_db: str) -> None:
    code, out = invoke("claims", "--db", hostile_db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "id",
        "category",
        "figure",
        "interval",
        "subject",
        "place",
        "date",
        "source",
        "status",
    ]
    assert set(lines[1]) == {"-", " "}
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    code, jsonl = invoke("claims", "--db", hostile_db, "--format", "jsonl")
    records = [json.loads(line) for line in jsonl.splitlines()]
    # The data export keeps the text exactly as stored.
    assert any("\x1b[2J" in r["quote"] for r in records)
    shown = {line.split()[0] for line in lines[2:]}
    assert shown == {short_id(r["id"]) for r in records}
    assert "12 to open" in out


def test_conflicts_table_shows_ids_that_review_and_trace_accept(hostile_db: str) -> None:
    code, out = invoke("conflicts", "--db", hostile_db)
    assert code == 0
    assert out.splitlines()[0].split()[:4] == ["id", "kind", "severity", "queue"]
    shown = out.splitlines()[2].split()[0]
    code, detail = invoke("review", "show", shown, "--db", hostile_db)
    assert code == 0, detail
    assert "At least 12" in detail and "\x1b" not in detail and "\x07" not in detail
    code, trail = invoke("trace", shown, "--db", hostile_db)
    assert code == 0, trail


def test_a_prefix_matching_several_ids_is_refused_with_the_candidates(hostile_db: str) -> None:
    code, out = invoke("trace", "sha256:", "--db", hostile_db)
    assert code == 2
    assert "ambiguous" in out and "sha256:" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "cell",
    [
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        '=HYPERLINK("http://x.test","click")',
        "+1+1",
        "-2+3",
        "\tx",
        "\rx",
    ],
)
def test_csv_cells_that_start_a_formula_are_quoted_as_text(cell: str) -> None:
    text = to_csv([{"note": cell, "count": -3}], ("note", "count"))
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row == {"note": "'" + cell, "count": "-3"}


def test_csv_leaves_ordinary_text_and_numbers_alone() -> None:
    text = to_csv([{"note": "at least 15", "low": 15.0, "high": None}], ("note", "low", "high"))
    assert text == "note,low,high\r\nat least 15,15.0,\r\n"
