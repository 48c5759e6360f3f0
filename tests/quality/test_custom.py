"""The custom expectations through GX: each passes sound rows and names a crafted bad one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from factledger.core.models import Article, Conflict, Reconciled, SourceDocument
from factledger.quality.frames import build_articles_frame, build_conflicts_frame, build_documents_frame
from factledger.quality.validate import validate_frames

CONTENT = b"At least 15 people were killed in Aleppo.\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


def document(sha: str = SHA, size: int = len(CONTENT)) -> SourceDocument:
    return SourceDocument("a.txt", sha, "text/plain", size, "2016-11-03T10:00:00Z", CONTENT.decode())


def failures_of(frames: dict[str, object], suites_dir: Path) -> set[tuple[str, str, str]]:
    report = validate_frames(frames, suites_dir)  # type: ignore[arg-type]
    return {(f.expectation_id, f.row_id, f.details) for f in report.failures}


def test_documents_suite_passes_bytes_that_hash_to_their_id(suites_dir: Path) -> None:
    frame = build_documents_frame([(document(), CONTENT)])
    assert failures_of({"documents": frame}, suites_dir) == set()


def test_documents_suite_names_bytes_altered_after_ingest(suites_dir: Path) -> None:
    altered = CONTENT.replace(b"15", b"51")
    frame = build_documents_frame([(document(), altered)])
    assert failures_of({"documents": frame}, suites_dir) == {
        (
            "documents.content.hash_matches",
            f"sha256:{SHA}",
            f"bytes hash to {hashlib.sha256(altered).hexdigest()}, stored sha256 is '{SHA}'",
        )
    }


def test_documents_suite_names_truncated_bytes(suites_dir: Path) -> None:
    frame = build_documents_frame([(document(), CONTENT[:10])])
    found = {(eid, details) for eid, _, details in failures_of({"documents": frame}, suites_dir)}
    assert ("documents.content.size_matches", "size=42 content_size=10") in found


def test_documents_suite_skips_documents_quarantined_unread(suites_dir: Path) -> None:
    frame = build_documents_frame([(document(), None)])
    assert failures_of({"documents": frame}, suites_dir) == set()


def article_with(text: str, skip_spans: tuple[tuple[int, int], ...] = ()) -> tuple[Article, dict[str, str]]:
    return Article("sha256:doc", 0, len(text), None, None, None, "2016-11-03", skip_spans), {
        "sha256:doc": text
    }


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("Ten people died.\nRecent Posts\nContact Us", "boilerplate lines: 'Recent Posts', 'Contact Us'"),
        ("Ten people died.\n  Translate » \nMore.", "boilerplate lines: 'Translate »'"),
        (
            "Ten people died.\nRead more: 40 killed in Idlib\nMore.",
            "boilerplate lines: 'Read more: 40 killed in Idlib'",
        ),
        ("5 min read\nTen people died.", "boilerplate lines: '5 min read'"),
    ],
)
def test_articles_suite_names_boilerplate_residue(text: str, details: str, suites_dir: Path) -> None:
    article, texts = article_with(text)
    frame = build_articles_frame([article], texts)
    assert failures_of({"articles": frame}, suites_dir) == {
        ("articles.body.boilerplate_residue", article.id, details)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Residents said they read more than ten reports.\nWe will contact us officials later.",
        "The siege lasted 5 min read aloud by the monitor.",
    ],
)
def test_articles_suite_passes_boilerplate_words_inside_sentences(text: str, suites_dir: Path) -> None:
    article, texts = article_with(text)
    assert failures_of({"articles": build_articles_frame([article], texts)}, suites_dir) == set()


def test_articles_suite_passes_boilerplate_the_segmenter_skipped(suites_dir: Path) -> None:
    article, texts = article_with("Ten people died.\nRecent Posts\nMore.", skip_spans=((17, 29),))
    assert failures_of({"articles": build_articles_frame([article], texts)}, suites_dir) == set()


def test_articles_suite_catches_a_cyrillic_letter_inside_a_latin_word(suites_dir: Path) -> None:
    article, texts = article_with("Shelling hit \u0410leppo overnight.")
    found = failures_of({"articles": build_articles_frame([article], texts)}, suites_dir)
    assert found == {
        (
            "articles.text.mixed_script_word",
            article.id,
            "'\u0410leppo' in …Shelling hit \u0410leppo overnight.…",
        )
    }


def conflict(**changes: object) -> Conflict:
    values: dict[str, object] = {
        "kind": "hard_conflict",
        "severity": "high",
        "claim_ids": ("sha256:a", "sha256:b"),
        "reasons": ("disjoint_intervals",),
        "reconciled": Reconciled(9, 15, 10, 2),
        "event_key": "aleppo|killed|2016-11-03",
        "priority": 3.4,
        "rules_version": "reconcile-1",
    }
    values.update(changes)
    return Conflict(**values)  # type: ignore[arg-type]


def test_conflicts_suite_passes_a_sound_conflict(suites_dir: Path) -> None:
    frame = build_conflicts_frame([conflict()], {"sha256:a", "sha256:b"})
    assert failures_of({"conflicts": frame}, suites_dir) == set()


@pytest.mark.parametrize(
    ("changes", "known", "expected"),
    [
        ({"kind": "quarrel"}, {"sha256:a", "sha256:b"}, {("conflicts.kind.known", "'quarrel'")}),
        ({"severity": "dire"}, {"sha256:a", "sha256:b"}, {("conflicts.severity.known", "'dire'")}),
        ({"claim_ids": ("sha256:a",)}, {"sha256:a"}, {("conflicts.claims.at_least_two", "1")}),
        ({}, {"sha256:a"}, {("conflicts.claims.stored", "1")}),
        ({"reasons": ()}, {"sha256:a", "sha256:b"}, {("conflicts.reasons.present", "0")}),
        (
            {"reconciled": Reconciled(15, 9, None, 2)},
            {"sha256:a", "sha256:b"},
            {("conflicts.reconciled.ordered", "reconciled_high=9 reconciled_low=15")},
        ),
        (
            {"reconciled": Reconciled(9, 15, 20, 2)},
            {"sha256:a", "sha256:b"},
            {("conflicts.headline.below_high", "reconciled_high=15 headline=20")},
        ),
        (
            {"reconciled": Reconciled(9, 15, 10, 0)},
            {"sha256:a", "sha256:b"},
            {("conflicts.independent_sources.positive", "0")},
        ),
        ({"rules_version": ""}, {"sha256:a", "sha256:b"}, {("conflicts.rules_version.present", "''")}),
    ],
)
def test_conflicts_suite_names_a_crafted_bad_conflict(
    changes: dict[str, object], known: set[str], expected: set[tuple[str, str]], suites_dir: Path
) -> None:
    bad = conflict(**changes)
    frame = build_conflicts_frame([bad], known)
    found = failures_of({"conflicts": frame}, suites_dir)
    assert found == {(eid, bad.id, details) for eid, details in expected}
