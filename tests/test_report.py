"""The run summary: this run's counts apart from the database's totals, in plain English."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from factledger.cli import main
from factledger.pipeline import RunSummary
from factledger.report import summary_lines, summary_markdown
from tests.seeds import SEEDS


def test_the_summary_puts_this_run_apart_from_the_totals_with_the_right_number() -> None:
    summary = RunSummary(
        "sqlite://",
        documents_seen=3,
        documents_new=2,
        claims_new=7,
        totals={"articles": 9, "claims": 40, "failures": 5, "conflicts": 6, "queue": 8, "queue_waiting": 4},
        stored={"conflicts": 1, "failures": 2, "queue": 1, "quarantined": 0},
        conflicts_updated=2,
    )
    lines = summary_lines(summary)
    assert lines[:7] == [
        "this run:",
        "  documents read:    3 (2 new, 0 quarantined)",
        "  claims:            7 new, 0 quarantined",
        "  quality failures:  2 new",
        "  conflicts:         1 new conflict, 2 updated",
        "  review queue:      1 new item",
        "  verify:            ok",
    ]
    assert lines[7:12] == [
        "in the database:",
        "  articles:          9",
        "  claims:            40 (0 quarantined)",
        "  quality failures:  5",
        "  conflicts:         6",
    ]
    assert "| conflicts | 1 new conflict, 2 updated |" in summary_markdown(summary)
    plural = RunSummary("sqlite://", stored={"conflicts": 3, "queue": 0})
    assert "  conflicts:         3 new conflicts, 0 updated" in summary_lines(plural)
    assert "  review queue:      0 new items" in summary_lines(plural)


def test_a_second_run_over_the_same_files_reports_nothing_new(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = CliRunner().invoke(main, ["run", "--engine", "bare", "--db", url, str(SEEDS)]).output
    again = CliRunner().invoke(main, ["run", "--engine", "bare", "--db", url, str(SEEDS)]).output
    run, total = [line for line in first.splitlines() if line.startswith("  conflicts:")]
    stored = int(total.split()[-1])
    assert stored > 1
    assert run == f"  conflicts:         {stored} new conflicts, 0 updated"
    rerun, again_total = [line for line in again.splitlines() if line.startswith("  conflicts:")]
    assert (rerun, again_total) == ("  conflicts:         0 new conflicts, 0 updated", total)
