"""trace(): from a review decision back to the exact bytes of the seed file, and every way between."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from factledger.cli import main
from factledger.provenance.trace import Trace, render_json, render_text, trace
from factledger.review.queue import ReviewQueue
from factledger.store import RecordNotFound, Store
from factledger.store.tables import claims
from tests.provenance.conftest import NOTE, SeededRun
from tests.seeds import SEEDS

MIZNAZ_NINE = "nine"
SEED_004 = "004_a116a0743e2e7e41.txt"


def seed_bytes(location: str) -> bytes:
    """The seed file in the checkout that a stored document was copied from."""
    return (SEEDS / Path(location).name).read_bytes()


def miznaz_claim_id(store: Store) -> str:
    """The stored claim for the LCC's "nine" killed in Miznaz (gold offsets 2404-2408 of seed 004)."""
    locations = {d.id: Path(d.location).name for d in store.documents()}
    (found,) = [c.id for c in store.claims() if locations[c.document_id] == SEED_004 and c.start == 2404]
    return found


def assert_reaches_the_seed_bytes(found: Trace) -> None:
    """Every figure's source hashes like the seed file, and every span is those exact bytes."""
    assert found.holds, found.broken
    for trail in found.claims:
        raw = seed_bytes(trail.source.location)
        assert trail.source.sha256 == hashlib.sha256(raw).hexdigest()
        assert trail.source.bytes_match is True
        for span in trail.spans:
            assert span.byte_start is not None and span.byte_end is not None
            assert raw[span.byte_start : span.byte_end].decode("utf-8") == span.text
            if span.expected is not None:
                assert span.text == span.expected


def test_trace_reaches_from_each_seed_decision_to_the_seed_bytes(
    seeded: Store, seeded_run: SeededRun
) -> None:
    assert len(seeded_run.decisions) == len(seeded.conflicts()) >= 3
    for key, decision_id in seeded_run.decisions.items():
        found = trace(seeded, str(decision_id))
        (current,) = [c for c in seeded.conflicts() if c.key == key]
        assert found.kind == "decision"
        assert [d.id for d in found.decisions] == [decision_id]
        assert (found.decisions[0].reviewer, found.decisions[0].note) == ("ana", NOTE)
        assert found.decisions[0].about == current.id
        assert {t.id for t in found.claims} == set(current.claim_ids)
        assert_reaches_the_seed_bytes(found)


def test_trace_of_the_miznaz_conflict_shows_both_figures_at_their_offsets(
    seeded: Store, seeded_run: SeededRun
) -> None:
    nine = miznaz_claim_id(seeded)
    (key,) = [c.key for c in seeded.conflicts() if nine in c.claim_ids]
    found = trace(seeded, key)
    figures = {(s.start, s.end, s.text) for t in found.claims for s in t.spans if s.what == "figure"}
    assert figures == {(2404, 2408, "nine"), (2488, 2490, "10")}
    (nine_trail,) = [t for t in found.claims if t.id == nine]
    assert nine_trail.claim.quote.endswith("airstrikes on the village of Miznaz killed nine civilians.")
    assert nine_trail.article.outlet == "The New Arab"
    assert [s.step for s in nine_trail.extracted_by] == ["extract"]
    # The batch validation, and the check of everything stored at the end of the run.
    assert {s.step for s in nine_trail.validated_by} == {"validate"}
    assert [s.step for s in nine_trail.source.ingested_by] == ["ingest"]
    assert found.decisions[0].id == seeded_run.decisions[key]


def test_trace_of_a_claim_reaches_its_conflict_and_the_decision_on_it(
    seeded: Store, seeded_run: SeededRun
) -> None:
    nine = miznaz_claim_id(seeded)
    found = trace(seeded, nine)
    (key,) = [c.key for c in seeded.conflicts() if nine in c.claim_ids]
    assert found.kind == "claim"
    assert [t.id for t in found.claims] == [nine]
    assert [v.key for v in found.conflicts] == [key]
    assert [d.id for d in found.decisions] == [seeded_run.decisions[key]]
    assert_reaches_the_seed_bytes(found)


def test_trace_of_a_quality_digest_traces_the_rows_that_failed(seeded: Store) -> None:
    item = next(i for i in seeded.queue_items() if i.kind == "quality")
    (failure,) = ReviewQueue(seeded).digest_failures(item.key)
    found = trace(seeded, item.key)
    assert found.kind == "queue"
    assert item.key in [q.key for q in found.queue]
    rows = {t.claim.article_id if failure.table == "articles" else t.id for t in found.claims}
    assert rows == {failure.row_id}
    assert all(failure.id in [f.id for f in t.failures] for t in found.claims)
    assert_reaches_the_seed_bytes(found)


def test_trace_names_a_quote_that_no_longer_slices_to_its_text(seeded: Store) -> None:
    nine = miznaz_claim_id(seeded)
    with seeded.engine.begin() as connection:
        connection.execute(update(claims).where(claims.c.id == nine).values(start=2405))
    found = trace(seeded, nine)
    assert found.holds is False
    assert found.broken == (f"claim {nine}: figure at 2405:2408 reads 'ine', not 'nine'",)


def test_trace_refuses_an_id_nothing_has(seeded: Store) -> None:
    with pytest.raises(RecordNotFound, match="no row 'sha256:0000' in claims, conflicts, queue or decisions"):
        trace(seeded, "sha256:0000")


def test_render_text_shows_decision_source_and_offsets(seeded: Store, seeded_run: SeededRun) -> None:
    nine = miznaz_claim_id(seeded)
    (key,) = [c.key for c in seeded.conflicts() if nine in c.claim_ids]
    text = render_text(trace(seeded, key))
    decision = seeded_run.decisions[key]
    assert f"decision #{decision} 2026-11-23T09:30:00+00:00 by ana: dismiss on version 1" in text
    assert f'note: "{NOTE}"' in text
    assert "figure chars 2404-2408: 'nine'  [matches]" in text
    assert "bytes match their hash" in text
    assert (
        text.splitlines()[2]
        == "trail holds: every offset slices to its text and every source matches its bytes"
    )


def test_render_json_is_the_same_trail_for_machines(seeded: Store) -> None:
    nine = miznaz_claim_id(seeded)
    data = json.loads(render_json(trace(seeded, nine)))
    assert (data["target"], data["kind"], data["holds"]) == (nine, "claim", True)
    (figure,) = [s for s in data["claims"][0]["spans"] if s["what"] == "figure"]
    assert figure == {
        "what": "figure",
        "start": 2404,
        "end": 2408,
        "text": "nine",
        "expected": "nine",
        "byte_start": 2428,  # curly quotes earlier in the text take three bytes each
        "byte_end": 2432,
        "holds": True,
    }
    assert data["decisions"][0]["created_at"] == "2026-11-23T09:30:00+00:00"


def test_cli_trace_prints_json_and_fails_on_a_broken_trail(seeded_url: str, seeded: Store) -> None:
    nine = miznaz_claim_id(seeded)
    result = CliRunner().invoke(main, ["trace", nine, "--db", seeded_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["claims"][0]["id"] == nine
    with seeded.engine.begin() as connection:
        connection.execute(update(claims).where(claims.c.id == nine).values(quote_start=0))
    broken = CliRunner().invoke(main, ["trace", nine, "--db", seeded_url])
    assert broken.exit_code == 1
    assert "the trail does not hold: 1 problem(s)" in broken.output
