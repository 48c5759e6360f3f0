"""A batch is stored whole or not at all: documents, claims, failures, conflicts, queue, provenance."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from factledger.core.models import Conflict, Reconciled
from factledger.pipeline import Committed, Read, RunTally, open_store, run_pipeline
from factledger.provenance.verify import verify
from factledger.quality import SuiteError
from factledger.settings import CHECKOUT
from factledger.store import Batch
from tests.seeds import copy_seeds

SUITES = CHECKOUT / "expectations"
EVENT = "miznaz|killed|people|2016-11-03"
WIDE = Reconciled(9, 10, 9, 2)


def suites_with_broken_conflicts(folder: Path) -> Path:
    """A copy of the suites whose conflicts suite reads a column conflicts do not have."""
    shutil.copytree(SUITES, folder)
    path = folder / "conflicts.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    broken = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"}}
    broken["meta"] = {"id": "conflicts.broken", "severity": "critical", "why": "test"}
    suite["expectations"].append(broken)
    path.write_text(json.dumps(suite), encoding="utf-8")
    return folder


def test_a_batch_refused_in_its_reconciliation_stores_nothing(tmp_path: Path) -> None:
    # The seed article with RT and the Observatory raises conflicts inside the batch's commit,
    # after its documents, claims and provenance were written in the same transaction.
    corpus = copy_seeds(tmp_path / "corpus")
    url = f"sqlite:///{tmp_path / 'fl.db'}"
    with pytest.raises(SuiteError):
        run_pipeline([corpus], url, suites_with_broken_conflicts(tmp_path / "suites"), batch_size=1)
    counts = open_store(url).counts()
    assert {table: n for table, n in counts.items() if n} == {}


def test_a_refused_batch_keeps_the_batches_before_it_and_a_rerun_completes(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    url = f"sqlite:///{tmp_path / 'fl.db'}"
    first = sorted(corpus.iterdir())[0]
    run_pipeline([first], url, SUITES)
    kept = open_store(url).counts()
    broken = suites_with_broken_conflicts(tmp_path / "suites")
    with pytest.raises(SuiteError):
        run_pipeline([corpus], url, broken, batch_size=1)
    store = open_store(url)
    assert store.counts() == kept
    summary = run_pipeline([corpus], url, SUITES, batch_size=1)
    assert (summary.documents_new, summary.problems, verify(store)) == (1, 0, [])


def test_a_conflict_raised_again_by_a_later_batch_is_reported_once_as_it_stands() -> None:
    # The group's conflict grows from two claims to three as the second batch brings one more.
    first = Conflict("hard_conflict", "high", ("a", "b"), ("disjoint_intervals",), WIDE, EVENT, 0.9, "r")
    grown = replace(first, claim_ids=("a", "b", "c"))
    other = replace(first, event_key="homs|injured|people|2016-11-03")
    tally = RunTally()
    tally.add(Read([], Batch()), [], Committed({}, [first], []))
    tally.add(Read([], Batch()), [], Committed({}, [grown, other], []))
    assert tally.fresh == [grown, other]
