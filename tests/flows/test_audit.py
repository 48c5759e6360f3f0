"""The nightly audit catches what a run's own checks cannot: rows edited after they were stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factledger.pipeline import open_store, run_pipeline
from factledger.settings import CHECKOUT
from tests.seeds import copy_seeds

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def test_audit_names_a_quote_edited_after_the_run_and_quarantines_its_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.audit import factcheck_audit

    monkeypatch.setenv("FACTLEDGER_HOME", str(tmp_path / "home"))
    db = tmp_path / "fl.db"
    url = f"sqlite:///{db}"
    run_pipeline([copy_seeds(tmp_path / "corpus")], url, CHECKOUT / "expectations")
    assert factcheck_audit(db=url) == []
    victim = open_store(url).claims()[0].id
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE claims SET quote = 'edited by hand' WHERE id = ?", (victim,))
    problems = factcheck_audit(db=url)
    assert victim in {p.row_id for p in problems}
    assert open_store(url).quarantine_reasons(victim)  # the revalidation kept it aside
    assert list((tmp_path / "home" / "data_docs").glob("*/index.html"))
