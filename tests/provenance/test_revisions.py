"""Re-runs reuse ids; a new extractor version yields new claims linked to the ones they replace."""

from __future__ import annotations

import pytest
from prov.model import PROV

from factledger.core import extract
from factledger.pipeline import run_pipeline
from factledger.provenance.export import build_prov
from factledger.provenance.revisions import current_claims, revised_claim_ids
from factledger.provenance.trace import trace
from factledger.provenance.verify import verify
from factledger.settings import CHECKOUT
from factledger.store import Store
from tests.provenance.conftest import SeededRun

EXPECTATIONS = CHECKOUT / "expectations"


def test_rerun_on_unchanged_input_writes_nothing(
    seeded_url: str, seeded: Store, seeded_run: SeededRun
) -> None:
    before, ids_before = seeded.counts(), {c.id for c in seeded.claims()}
    run_pipeline([str(seeded_run.corpus)], seeded_url, EXPECTATIONS)
    after = seeded.counts()
    grown = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    # Every document is stored and read by these rules already: the re-run has nothing to do.
    assert grown == {}
    assert {c.id for c in seeded.claims()} == ids_before
    assert verify(seeded) == []


def test_new_extractor_version_links_new_claims_to_old_ones(
    seeded_url: str, seeded: Store, seeded_run: SeededRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {(c.document_id, c.start, c.end): c.id for c in seeded.claims()}
    decided = {d.id: d.queue_key for d in trace(seeded, seeded.conflicts()[0].key).decisions}
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "rules-1+test-2")
    run_pipeline([str(seeded_run.corpus)], seeded_url, EXPECTATIONS)
    new = [c for c in seeded.claims() if c.extractor_version == "rules-1+test-2"]
    assert len(new) == len(old) == 22
    for claim in new:
        found = trace(seeded, claim.id).claims[0]
        assert found.revises == (old[(claim.document_id, claim.start, claim.end)],)
    assert revised_claim_ids(seeded) == set(old.values())
    assert {c.id for c in current_claims(seeded)} <= {c.id for c in new}
    assert verify(seeded) == []
    for decision_id, key in decided.items():
        kept = trace(seeded, str(decision_id))
        about = [d.about for d in kept.decisions if d.id == decision_id]
        versions = {v.id: v for v in kept.conflicts}
        assert set(versions[about[0]].conflict.claim_ids) <= set(old.values()), key


def test_old_claims_point_forward_to_their_revisions(
    seeded_url: str, seeded: Store, seeded_run: SeededRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    nine = next(c for c in seeded.claims() if c.number_text == "nine")
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "rules-1+test-2")
    run_pipeline([str(seeded_run.corpus)], seeded_url, EXPECTATIONS)
    (newer,) = [c for c in seeded.claims() if c.number_text == "nine" and c.id != nine.id]
    assert trace(seeded, nine.id).claims[0].revised_by == (newer.id,)
    revisions = [r for r in build_prov(seeded).get_records() if PROV["Revision"] in r.get_asserted_types()]
    pairs = {(str(r.args[0]), str(r.args[1])) for r in revisions}
    assert (f"claim:{newer.id.split(':')[1]}", f"claim:{nine.id.split(':')[1]}") in pairs
