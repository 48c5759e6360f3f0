"""validate_batch over real seed text: sound rows pass, each crafted defect names its row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from factledger.core.models import Article, Claim, ValidationFailure
from factledger.quality import SuiteResult, ValidationReport, validate_batch
from factledger.quality.frames import build_articles_frame, build_claims_frame
from factledger.quality.suites import read_suite
from factledger.quality.validate import validate_frame

S004 = "004_a116a0743e2e7e41.txt"
UNATTRIBUTED_TOLL = "killed figure with no source (source_type='unattributed')"


def found(report: ValidationReport) -> set[tuple[str, str, str, str]]:
    return {(f.expectation_id, f.severity, f.row_id, f.details) for f in report.failures}


def test_validate_batch_passes_sound_seed_rows_but_flags_the_mixed_script_word(
    seed_articles: dict[str, Article],
    all_seed_articles: list[Article],
    gold_claims: dict[str, Claim],
    seed_texts: dict[str, str],
    suites_dir: Path,
) -> None:
    report = validate_batch(all_seed_articles, list(gold_claims.values()), seed_texts, suites_dir)
    assert report.failures == (
        ValidationFailure(
            suite="articles",
            expectation_id="articles.text.mixed_script_word",
            expectation_type="expect_column_values_to_have_no_mixed_script_words",
            severity="warning",
            table="articles",
            row_id=seed_articles[S004].id,
            details="'neighboعrhoods' in … Aleppo, Al-Furqan and Zahraa neighboعrhoods,"
            " as well as an attack on the …",
        ),
    )
    assert report.quarantined == {}


def test_validate_batch_summarises_each_suite(
    seed_articles: dict[str, Article],
    all_seed_articles: list[Article],
    gold_claims: dict[str, Claim],
    seed_texts: dict[str, str],
    suites_dir: Path,
) -> None:
    report = validate_batch(all_seed_articles, list(gold_claims.values()), seed_texts, suites_dir)
    articles_hash = read_suite(suites_dir / "articles.json").hash
    claims_hash = read_suite(suites_dir / "claims.json").hash
    assert report.results == (
        SuiteResult("articles", articles_hash, "1.24.1", 4, 9, 1, (seed_articles[S004].id,)),
        SuiteResult("claims", claims_hash, "1.24.1", 22, 15, 0, ()),
    )


@pytest.mark.parametrize(
    ("gold_id", "changes", "expected"),
    [
        (
            "seeds:s004:sohr_10",
            {"quote": "11 civilians had died"},
            {
                (
                    "claims.quote.at_offsets",
                    "critical",
                    "quote='11 civilians had died' but the text at 2488:2509 is '10 civilians had died'",
                )
            },
        ),
        (
            "seeds:s004:sohr_10",
            {"number_text": "11"},
            {
                (
                    "claims.number_text.at_offsets",
                    "critical",
                    "number_text='11' but the text at 2488:2490 is '10'",
                )
            },
        ),
        (
            "seeds:s004:sohr_10",
            {"quote_start": 9000, "quote_end": 9021},
            {
                (
                    "claims.quote.at_offsets",
                    "critical",
                    "quote='10 civilians had died' but 9000:9021 is outside the document",
                )
            },
        ),
        (
            "seeds:s004:sohr_10",
            {"qualifier": "roughly"},
            {("claims.qualifier.known", "critical", "'roughly'")},
        ),
        ("seeds:s004:sohr_10", {"category": "wounded"}, {("claims.category.known", "critical", "'wounded'")}),
        (
            "seeds:s004:sohr_10",
            {"source_type": "blogger"},
            {("claims.source_type.known", "critical", "'blogger'")},
        ),
        ("seeds:s004:sohr_10", {"scope": "monthly"}, {("claims.scope.known", "critical", "'monthly'")}),
        (
            "seeds:s004:sohr_10",
            {"qualifier": "range", "value_low": 12, "value_high": 10},
            {("claims.interval.ordered", "critical", "value_high=10 value_low=12")},
        ),
        (
            "seeds:s004:sohr_10",
            {"qualifier": "at_least", "value_low": -10, "value_high": None},
            {("claims.value_low.non_negative", "critical", "-10")},
        ),
        (
            "seeds:s004:sohr_10",
            {"qualifier": "up_to", "value_low": None, "value_high": -10},
            {("claims.value_high.non_negative", "critical", "-10")},
        ),
        (
            "seeds:s004:share_90",
            {"value_high": 190},
            {("claims.share.value_high.percent", "critical", "190")},
        ),
        (
            "seeds:s004:share_90",
            {"qualifier": "more_than", "value_low": 150, "value_high": None},
            {("claims.share.value_low.percent", "critical", "150")},
        ),
        (
            "seeds:s004:sohr_10",
            {"source": None},
            {("claims.casualty.attributed", "warning", UNATTRIBUTED_TOLL)},
        ),
        (
            "seeds:s004:state_4",
            {"source": None, "source_type": "unattributed"},
            {("claims.casualty.attributed", "warning", UNATTRIBUTED_TOLL)},
        ),
        ("seeds:s004:state_4", {"source": None, "source_type": "state_media"}, set()),
        (
            "seeds:s004:sohr_10",
            {"value_high": 12},
            {("claims.exact.single_value", "warning", "value_low=10 value_high=12")},
        ),
        (
            "seeds:s004:sohr_10",
            {"value_high": None},
            {("claims.exact.single_value", "warning", "value_low=10 value_high=null")},
        ),
    ],
)
def test_validate_batch_names_exactly_the_bad_claim(
    gold_id: str,
    changes: dict[str, Any],
    expected: set[tuple[str, str, str]],
    make_claim: Callable[..., Claim],
    gold_claims: dict[str, Claim],
    seed_articles: dict[str, Article],
    seed_texts: dict[str, str],
    suites_dir: Path,
) -> None:
    bad = make_claim(gold_id, **changes)
    sound = [c for key, c in gold_claims.items() if key != gold_id]
    report = validate_batch([seed_articles[S004]], [*sound, bad], seed_texts, suites_dir)
    claim_failures = {f for f in found(report) if not f[0].startswith("articles.")}
    assert claim_failures == {(eid, sev, bad.id, details) for eid, sev, details in expected}


def test_validate_batch_passes_a_sourceless_figure_that_is_not_a_casualty(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    duration = make_claim("seeds:s004:five_years", source=None)
    report = validate_batch([], [duration], seed_texts, suites_dir)
    assert report.failures == ()


def test_validate_batch_reports_a_duplicate_claim_once(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    claim = make_claim()
    report = validate_batch([], [claim, claim], seed_texts, suites_dir)
    assert found(report) == {("claims.claim_id.unique", "critical", claim.id, repr(claim.id))}


def test_validate_batch_quarantines_only_critical_failures(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    forged = make_claim(quote="11 civilians had died", number_text="11")
    unsourced = make_claim("seeds:s004:lcc_9", source=None)
    report = validate_batch([], [forged, unsourced], seed_texts, suites_dir)
    assert report.quarantined == {forged.id: ["claims.quote.at_offsets", "claims.number_text.at_offsets"]}


def test_validate_batch_flags_articles_whose_text_is_missing(
    seed_articles: dict[str, Article], suites_dir: Path
) -> None:
    article = seed_articles[S004]
    report = validate_batch([article], [], {}, suites_dir)
    assert found(report) == {("articles.text.present", "critical", article.id, "null")}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"start": 40, "end": 40}, {("articles.text.non_empty", "critical", "''")}),
        ({"start": 136, "end": 138}, {("articles.text.non_empty", "critical", "'\\n\\n'")}),
        (
            {"published": "sometime in November"},
            {
                ("articles.published.parseable", "warning", "'sometime in November'"),
                ("articles.published.iso_date", "warning", "'sometime in November'"),
            },
        ),
        ({"published": "Thursday"}, {("articles.published.iso_date", "warning", "'Thursday'")}),
        ({"published": "2016-13-45"}, {("articles.published.parseable", "warning", "'2016-13-45'")}),
    ],
)
def test_validate_batch_names_exactly_the_bad_article(
    changes: dict[str, Any],
    expected: set[tuple[str, str, str]],
    seed_articles: dict[str, Article],
    seed_texts: dict[str, str],
    suites_dir: Path,
) -> None:
    sound = seed_articles["000_530d1556fb073557.txt"]
    bad = replace(sound, **changes)
    report = validate_batch([sound, bad], [], seed_texts, suites_dir)
    assert found(report) == {(eid, sev, bad.id, details) for eid, sev, details in expected}


def test_validate_batch_passes_a_published_datetime(
    seed_articles: dict[str, Article], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    article = replace(seed_articles["000_530d1556fb073557.txt"], published="2016-10-28T14:05:00Z")
    assert validate_batch([article], [], seed_texts, suites_dir).failures == ()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Shelling hit the neighboعrhoods of Aleppo.", "neighboعrhoods"),
        ("Residents of حلبcity fled.", "حلبcity"),
        ("Residents of Aleppoحلب fled.", "Aleppoحلب"),
    ],
)
def test_validate_batch_catches_a_word_mixing_latin_and_arabic(
    text: str, word: str, suites_dir: Path
) -> None:
    article = Article("sha256:doc", 0, len(text), None, None, None, None)
    report = validate_batch([article], [], {"sha256:doc": text}, suites_dir)
    assert [(f.expectation_id, f.details.split(" in ")[0]) for f in report.failures] == [
        ("articles.text.mixed_script_word", repr(word))
    ]


@pytest.mark.parametrize(
    "text", ["Residents of Aleppo (حلب) fled.", "Aleppo حلب", "Zürich, Ålesund, São Paulo; ١٠ قتلى"]
)
def test_validate_batch_passes_separate_latin_and_arabic_words(text: str, suites_dir: Path) -> None:
    article = Article("sha256:doc", 0, len(text), None, None, None, None)
    assert validate_batch([article], [], {"sha256:doc": text}, suites_dir).failures == ()


def test_validate_frame_names_a_claim_without_id_by_its_row(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    frame = build_claims_frame([make_claim(), make_claim("seeds:s004:lcc_9")], seed_texts)
    frame.loc[1, "claim_id"] = None
    _, failures = validate_frame(frame, "claims", read_suite(suites_dir / "claims.json"))
    assert [(f.expectation_id, f.row_id, f.details) for f in failures] == [
        ("claims.claim_id.present", "row:1", "null")
    ]


def test_validate_frame_names_an_article_without_ids_by_its_row(
    seed_articles: dict[str, Article], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    frame = build_articles_frame([seed_articles["000_530d1556fb073557.txt"]] * 1, seed_texts)
    frame = pd.concat([frame, frame.assign(row=1, article_id=None, document_id=None)])
    frame = frame.reset_index(drop=True)
    _, failures = validate_frame(frame, "articles", read_suite(suites_dir / "articles.json"))
    assert {(f.expectation_id, f.row_id) for f in failures} == {
        ("articles.article_id.present", "row:1"),
        ("articles.document_id.present", "row:1"),
    }


def test_validate_batch_accepts_an_empty_batch(suites_dir: Path) -> None:
    report = validate_batch([], [], {}, suites_dir)
    assert (report.failures, [(r.suite, r.rows, r.failed_expectations) for r in report.results]) == (
        (),
        [("articles", 0, 0), ("claims", 0, 0)],
    )


def test_validate_batch_truncates_long_details_to_200_characters(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str], suites_dir: Path
) -> None:
    claim = make_claim(category="x" * 500)
    (failure,) = validate_batch([], [claim], seed_texts, suites_dir).failures
    assert (len(failure.details), failure.details[:4], failure.details[-2:]) == (200, "'xxx", "x…")
