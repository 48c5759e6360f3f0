"""Frames: what the suites see of articles and claims."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from factledger.core.models import Article, Claim, Conflict, Reconciled, SourceDocument
from factledger.quality.frames import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    CONFLICT_COLUMNS,
    DOCUMENT_COLUMNS,
    build_articles_frame,
    build_claims_frame,
    build_conflicts_frame,
    build_documents_frame,
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
            "body": "At least 15 people were killed.",
            "title": "Toll rises",
            "outlet": "RT",
            "byline": None,
            "published": "2016-10-28",
            "start": 10,
            "end": 41,
        }
    ]


def test_build_articles_frame_body_leaves_out_the_skip_spans() -> None:
    text = "Menu\nBy Jane Roe\nAt least 15 people were killed.\n5 min read\nRescuers searched.\n"
    article = Article("sha256:doc", 5, 78, None, None, "Jane Roe", None, skip_spans=((5, 16), (49, 59)))
    (row,) = build_articles_frame([article], {"sha256:doc": text}).to_dict("records")
    assert (row["text"], row["body"]) == (
        "By Jane Roe\nAt least 15 people were killed.\n5 min read\nRescuers searched.",
        "\nAt least 15 people were killed.\n\nRescuers searched.",
    )


def test_build_frames_name_rows_by_the_ids_given(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    claim = make_claim()
    frame = build_claims_frame([claim, claim], seed_texts, ids=["sha256:stored", "sha256:other"])
    assert frame["claim_id"].tolist() == ["sha256:stored", "sha256:other"]


def test_build_claims_frame_carries_the_whole_document_text_and_offsets(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    claim = make_claim("seeds:s004:lcc_9")
    (row,) = build_claims_frame([claim], seed_texts).to_dict("records")
    picked = {k: row[k] for k in ("claim_id", "start", "end", "quote_start", "quote_end", "value_low")}
    assert picked == {
        "claim_id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "value_low": 9.0,
    }
    assert row["document_text"] is seed_texts[claim.document_id]


def test_build_claims_frame_gives_null_text_for_an_unknown_document(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    frame = build_claims_frame([make_claim(document_id="sha256:unknown")], seed_texts)
    assert frame["document_text"].isna().tolist() == [True]


def test_build_documents_frame_holds_bytes_and_their_size() -> None:
    content = b"At least 15 people were killed."
    sha = hashlib.sha256(content).hexdigest()
    read = SourceDocument("a.txt", sha, "text/plain", 31, "2016-10-28T00:00:00Z", content.decode())
    unread = SourceDocument(
        "b.bin",
        "0" * 64,
        "application/octet-stream",
        4,
        "2016-10-28T00:00:00Z",
        "",
        status="quarantined",
        reason="binary",
    )
    frame = build_documents_frame([(read, content), (unread, None)])
    rows = frame.drop(columns=["text"]).to_dict("records")
    assert rows[0] == {
        "row": 0,
        "document_id": f"sha256:{sha}",
        "sha256": sha,
        "size": 31,
        "status": "ok",
        "content": content,
        "content_size": 31,
    }
    assert (rows[1]["content"], frame["content_size"].isna().tolist()) == (None, [False, True])


def test_build_conflicts_frame_counts_claims_that_are_not_stored() -> None:
    conflict = Conflict(
        "hard_conflict",
        "high",
        ("sha256:a", "sha256:b"),
        ("disjoint_intervals",),
        Reconciled(9, 15, 10, 2),
        "aleppo|killed|2016-11-03",
        3.4,
        "reconcile-1",
    )
    (row,) = build_conflicts_frame([conflict], {"sha256:a"}).to_dict("records")
    assert row == {
        "row": 0,
        "conflict_id": conflict.id,
        "key": conflict.key,
        "kind": "hard_conflict",
        "severity": "high",
        "claims": 2,
        "unknown_claims": 1,
        "reasons": 1,
        "reconciled_low": 9.0,
        "reconciled_high": 15.0,
        "headline": 10.0,
        "independent_sources": 2,
        "priority": 3.4,
        "event_key": "aleppo|killed|2016-11-03",
        "rules_version": "reconcile-1",
    }


def test_build_frames_of_an_empty_batch_keep_their_columns_and_types() -> None:
    articles = build_articles_frame([], {})
    claims = build_claims_frame([], {})
    documents = build_documents_frame([])
    conflicts = build_conflicts_frame([])
    assert (
        tuple(articles.columns),
        tuple(claims.columns),
        tuple(documents.columns),
        tuple(conflicts.columns),
        str(claims["value_low"].dtype),
        str(articles["start"].dtype),
        str(conflicts["headline"].dtype),
    ) == (ARTICLE_COLUMNS, CLAIM_COLUMNS, DOCUMENT_COLUMNS, CONFLICT_COLUMNS, "float64", "int64", "float64")


def test_build_claims_frame_keeps_open_interval_ends_null(
    make_claim: Callable[..., Claim], seed_texts: dict[str, str]
) -> None:
    frame = build_claims_frame([make_claim("seeds:s004:state_4")], seed_texts)
    assert (frame.loc[0, "value_low"], bool(frame["value_high"].isna()[0])) == (4.0, True)
