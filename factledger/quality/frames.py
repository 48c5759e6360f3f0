"""Tables that the suites validate, built from the pipeline's records.

Pure: no Great Expectations here, so the frames can be inspected and tested on their own.
Each frame carries a `row` column (position in the batch) so that a failure can name its
row even when the row's own id is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from factledger.core.models import Article, Claim

ARTICLE_COLUMNS = (
    "row",
    "article_id",
    "document_id",
    "text",
    "title",
    "outlet",
    "byline",
    "published",
    "start",
    "end",
)

CLAIM_COLUMNS = (
    "row",
    "claim_id",
    "article_id",
    "document_id",
    "start",
    "end",
    "number_text",
    "number_at_offsets",
    "quote",
    "quote_at_offsets",
    "value_low",
    "value_high",
    "qualifier",
    "category",
    "subject",
    "source",
    "source_type",
    "date",
    "scope",
)

_NUMERIC = {"row": "int64", "start": "int64", "end": "int64"}
_VALUES = {"value_low": "float64", "value_high": "float64"}


def build_articles_frame(articles: Sequence[Article], texts: Mapping[str, str]) -> pd.DataFrame:
    """One row per article; `text` is the article's span of its document (None if unknown)."""
    rows = [_article_row(i, a, texts.get(a.document_id)) for i, a in enumerate(articles)]
    return _to_frame(rows, ARTICLE_COLUMNS, _NUMERIC)


def build_claims_frame(claims: Sequence[Claim], texts: Mapping[str, str]) -> pd.DataFrame:
    """One row per claim, with the document text at its offsets beside what it says it quotes."""
    rows = [_claim_row(i, c, texts.get(c.document_id)) for i, c in enumerate(claims)]
    return _to_frame(rows, CLAIM_COLUMNS, {**_NUMERIC, **_VALUES})


def _article_row(row: int, article: Article, text: str | None) -> dict[str, Any]:
    return {
        "row": row,
        "article_id": article.id,
        "document_id": article.document_id,
        "text": _span(text, article.start, article.end),
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "start": article.start,
        "end": article.end,
    }


def _claim_row(row: int, claim: Claim, text: str | None) -> dict[str, Any]:
    return {
        "row": row,
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "document_id": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "number_text": claim.number_text,
        "number_at_offsets": _span(text, claim.start, claim.end),
        "quote": claim.quote,
        "quote_at_offsets": _span(text, claim.quote_start, claim.quote_end),
        "value_low": claim.value_low,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "category": claim.category,
        "subject": claim.subject,
        "source": claim.source,
        "source_type": claim.source_type,
        "date": claim.date,
        "scope": claim.scope,
    }


def _span(text: str | None, start: int, end: int) -> str | None:
    # Offsets outside the text are a defect to report, not to repair: Python slicing would
    # quietly clamp or wrap them, so they yield None, which no quote can equal.
    if text is None or not 0 <= start <= end <= len(text):
        return None
    return text[start:end]


def _to_frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> pd.DataFrame:
    # Typed columns even for an empty batch, or numeric expectations cannot run on it.
    return pd.DataFrame(rows, columns=list(columns)).astype(dict(dtypes))
