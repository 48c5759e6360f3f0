"""Frames: what the suites see of articles and claims."""

from __future__ import annotations

from collections.abc import Callable

from factledger.core.models import Article, Claim
from factledger.quality.frames import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    build_articles_frame,
    build_claims_frame,
)


def test_build_articles_frame_takes_the_article_span_of_the_document() -> None:
    text = "Site menu\nAt least 15 people were killed.\nFooter"
    article = Article("sha256:doc", 10, 41, "Toll rises", "RT", None, "2016-10-28")
    frame = build_articles_frame([article], {"sha256:doc": text})
    assert frame.to_dict("records") == [
        {
            "row": 0,
            "article_id": article.id,
            "document_id": "sha256:doc",
            "text": "At least 15 people were killed.",
            "title": "Toll rises",
            "outlet": "RT",
            "byline": None,
            "published": "2016-10-28",
            "start": 10,
            "end": 41,
        }
    ]


def test_build_claims_frame_reads_the_document_at_the_claim_offsets(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    claim = make_claim("seeds:s004:lcc_9")
    (row,) = build_claims_frame([claim], seed_texts).to_dict("records")
    assert {k: row[k] for k in ("claim_id", "number_at_offsets", "quote_at_offsets", "value_low")} == {
        "claim_id": claim.id,
        "number_at_offsets": "nine",
        "quote_at_offsets": "airstrikes on the village of Miznaz killed nine civilians",
        "value_low": 9.0,
    }


def test_build_claims_frame_gives_null_text_for_offsets_outside_the_document(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    claims = [
        make_claim(start=-3, end=2),
        make_claim(quote_start=6160, quote_end=6200),
        make_claim(start=30, end=20),
        make_claim(document_id="sha256:unknown"),
    ]
    frame = build_claims_frame(claims, seed_texts)
    assert frame[["number_at_offsets", "quote_at_offsets"]].isna().to_numpy().tolist() == [
        [True, False],
        [False, True],
        [True, False],
        [True, True],
    ]


def test_build_frames_of_an_empty_batch_keep_their_columns_and_types() -> None:
    articles = build_articles_frame([], {})
    claims = build_claims_frame([], {})
    assert (
        tuple(articles.columns),
        tuple(claims.columns),
        str(claims["value_low"].dtype),
        str(articles["start"].dtype),
    ) == (ARTICLE_COLUMNS, CLAIM_COLUMNS, "float64", "int64")


def test_build_claims_frame_keeps_open_interval_ends_null(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    frame = build_claims_frame([make_claim("seeds:s004:state_4")], seed_texts)
    assert (frame.loc[0, "value_low"], bool(frame["value_high"].isna()[0])) == (4.0, True)
