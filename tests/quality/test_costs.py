"""Validation costs time in proportion to a document's size, however large the document.

Every claim row carries its document's whole text (its offsets point into it); converting
that column once per row made validation quadratic in the document's size.
bench/bench_hostile.py prints the times at 1x, 2x and 4x.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from factledger.core.extract import extract_claims
from factledger.core.models import Claim
from factledger.core.segment import segment_document
from factledger.quality import validate_batch

SUITES = Path(__file__).resolve().parents[2] / "expectations"
TITLE = "Floods hit the valley\n"
PARAGRAPH = (
    "Rescuers said 12 people were killed in the flooding. The council met again in the "
    "afternoon to discuss the repairs, and residents gathered outside the hall to hear what "
    "had been decided about the roads and the water supply.\n"
)


def long_report(size: int) -> tuple[str, list[Claim]]:
    """A report of about `size` characters, a figure in each paragraph, and its claims.

    The first paragraph's claim is moved to every other paragraph rather than extracted
    again: this test is about validation, and these are the claims extraction would give.
    """
    repeats = size // len(PARAGRAPH) + 1
    text = TITLE + PARAGRAPH * repeats
    article = segment_document("sha256:doc", text)[0]
    (first,) = extract_claims(TITLE + PARAGRAPH, [replace(article, end=len(TITLE + PARAGRAPH) - 1)])
    claims = [shifted(first, article.id, n * len(PARAGRAPH)) for n in range(repeats)]
    return text, claims


def shifted(claim: Claim, article_id: str, by: int) -> Claim:
    return replace(
        claim,
        article_id=article_id,
        start=claim.start + by,
        end=claim.end + by,
        quote_start=claim.quote_start + by,
        quote_end=claim.quote_end + by,
    )


@pytest.mark.timeout(30)
def test_a_2_mb_document_with_8000_claims_validates_well_within_the_timeout() -> None:
    text, claims = long_report(2_000_000)
    articles = segment_document("sha256:doc", text)
    report = validate_batch(articles, claims, {"sha256:doc": text}, SUITES)
    assert len(claims) == 8_929
    assert [(result.suite, result.rows) for result in report.results] == [("articles", 1), ("claims", 8_929)]
    assert [result.failing_row_ids for result in report.results] == [(), ()]
