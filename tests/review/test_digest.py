"""Quality warnings reach reviewers as one digest per run and rule, not one queue item per row."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, update

from factledger.cli import main
from factledger.pipeline import StepRun, revalidate_stored, run_pipeline
from factledger.provenance.verify import verify
from factledger.review import views
from factledger.review.auth import add_reviewer
from factledger.review.queue import InvalidDecision, ReviewQueue
from factledger.settings import load_settings
from factledger.store import Store
from factledger.store.tables import digest_failures, quality_digests

SUITES = load_settings({}).expectations_dir
RULE = "claims.casualty.attributed"


def write_unattributed(folder: Path, first: int, count: int) -> Path:
    """Short reports, each with a death toll nobody is said to give (a warning each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        text = (
            f"Blast in market {n}\nAt least {n + 3} people were killed in a car bomb blast in the "
            f"market of Town{n} on Monday {n} March 2025.\n"
        )
        (folder / f"report-{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    run_pipeline([write_unattributed(tmp_path / "first", 1, 12)], url, SUITES, batch_size=5)
    opened = Store.open(url)
    add_reviewer(opened, "ana", "ana-secret-1")
    return opened


def quality_items(store: Store) -> list[str]:
    return [item.key for item in store.queue_items() if item.kind == "quality"]


def test_a_run_queues_one_digest_per_rule_with_its_count_and_examples(store: Store) -> None:
    (key,) = quality_items(store)
    detail = ReviewQueue(store).detail(key)
    digest = detail.digest
    assert digest is not None
    assert (digest.expectation_id, digest.severity, digest.table) == (RULE, "warning", "claims")
    assert (digest.count, digest.rows, len(digest.examples)) == (12, 12, 5)
    assert digest.title == "death or injury toll that names no source"
    summary = "Death or injury toll that names no source: 12 rows of claims (warning), e.g. killed figure"
    assert detail.item.summary.startswith(summary)
    page_title = "Quality warning: death or injury toll that names no source (12 rows of claims)."
    assert views.title_of(detail) == page_title
    # Three batches added to one digest: each addition is a new version of the item.
    assert detail.item.version == 3
    assert {c.id for c in detail.claims} == {f.row_id for f in digest.examples}
    assert len(ReviewQueue(store).digest_failures(key)) == 12
    assert verify(store) == []


def test_a_digest_stored_before_titles_is_named_by_its_rule(store: Store) -> None:
    (key,) = quality_items(store)
    with store.engine.begin() as connection:
        connection.execute(update(quality_digests).values(title=None))
    detail = ReviewQueue(store).detail(key)
    assert views.title_of(detail) == "Quality warning: attributed (12 rows of claims)."


def test_a_rerun_and_the_audit_queue_nothing_for_failures_already_routed(
    store: Store, tmp_path: Path
) -> None:
    before = quality_items(store)
    run_pipeline([tmp_path / "first"], store.url, SUITES, batch_size=5)
    revalidate_stored(store, SUITES, StepRun(actor="audit"))
    assert quality_items(store) == before
    run_pipeline([write_unattributed(tmp_path / "second", 50, 3)], store.url, SUITES)
    after = quality_items(store)
    assert len(after) == 2
    (new,) = set(after) - set(before)
    digest = ReviewQueue(store).detail(new).digest
    assert digest is not None and digest.count == 3
    assert verify(store) == []


def test_a_digest_is_dismissed_or_flags_one_claim_but_is_not_a_conflict(store: Store) -> None:
    (key,) = quality_items(store)
    queue = ReviewQueue(store)
    version = queue.item(key).version
    with pytest.raises(InvalidDecision, match="accept settles a conflict; a quality item takes"):
        queue.decide(key, version, "ana", "accept", {"claim_id": "x"}, "no")
    example = queue.detail(key).claims[0].id
    typed = example.removeprefix("sha256:")[:10]
    decision = queue.decide(key, version, "ana", "extraction_error", {"claim_id": typed}, "not a toll")
    assert decision.payload == {"claim_id": example}
    assert queue.item(key).state == "decided"


def test_verify_names_a_digest_that_lost_a_failure(store: Store) -> None:
    (key,) = quality_items(store)
    gone = ReviewQueue(store).digest_failures(key)[0].id
    with store.engine.begin() as connection:
        connection.execute(delete(digest_failures).where(digest_failures.c.failure_id == gone))
    problems = [p for p in verify(store) if p.table == "quality_digests"]
    assert [p.row_id for p in problems] == [key]
    assert problems[0].message.startswith("its failures hash to sha256:")


def test_review_show_prints_the_rule_count_and_examples(store: Store) -> None:
    result = CliRunner().invoke(main, ["review", "show", quality_items(store)[0][:20], "--db", store.url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"rule: claims / {RULE} (expect_multicolumn_values_to_be_attributed)" in lines
    assert "12 failing, in 12 claims row(s); first 5:" in lines
    assert sum("killed figure with no source" in line for line in lines) == 6
