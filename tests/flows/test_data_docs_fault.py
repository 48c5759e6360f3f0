"""The flow goes on without Data Docs when the disk refuses them, and its summary says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from factledger.pipeline import open_store
from factledger.report import summary_text
from tests.seeds import copy_seeds

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def test_a_full_disk_for_data_docs_leaves_the_flow_going_without_them(
    tmp_path: Path, full_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.factcheck import factcheck

    home = tmp_path / "home"
    home.mkdir()
    (home / "data_docs").symlink_to(full_disk)
    monkeypatch.setenv("FACTLEDGER_HOME", str(home))
    url = f"sqlite:///{tmp_path / 'fl.db'}"
    summary = factcheck(paths=[str(copy_seeds(tmp_path / "seeds"))], db=url)
    assert summary.quarantined == []  # a full disk is not a bad document
    assert summary.data_docs_problem is not None
    assert "No space left on device" in summary.data_docs_problem
    assert "data docs:         not written (Data Docs not written to " in summary_text(summary)
    assert len(open_store(url).claims()) > 0
