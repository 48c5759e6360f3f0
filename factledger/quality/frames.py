"""Tables that the suites validate, built from the pipeline's records.

Pure: no Great Expectations here, so the frames can be inspected and tested on their own.
Each frame carries a `row` column (position in the batch) so that a failure can name its
row even when the row's own id is missing. Ids default to the records' content ids; a
revalidation of stored rows passes the stored ids instead, so an edited row is named by
the id it is stored under.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from factledger.core.models import Article, Claim, Conflict, SourceDocument
from factledger.quality.checks import text_at, without_spans

ARTICLE_COLUMNS = (
    "row",
    "article_id",
    "document_id",
    "text",
    "body",
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
    "quote_start",
    "quote_end",
    "quote",
    "document_text",
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

DOCUMENT_COLUMNS = (
    "row",
    "document_id",
    "sha256",
    "size",
    "status",
    "text",
    "content",
    "content_size",
)

CONFLICT_COLUMNS = (
    "row",
    "conflict_id",
    "key",
    "kind",
    "severity",
    "claims",
    "unknown_claims",
    "reasons",
    "reconciled_low",
    "reconciled_high",
    "headline",
    "independent_sources",
    "priority",
    "event_key",
    "rules_version",
)

_NUMERIC = {"row": "int64", "start": "int64", "end": "int64"}
_VALUES = {"value_low": "float64", "value_high": "float64"}
_CLAIM_NUMERIC = {**_NUMERIC, **_VALUES, "quote_start": "int64", "quote_end": "int64"}
_DOCUMENT_NUMERIC = {"row": "int64", "size": "int64", "content_size": "Int64"}
_CONFLICT_NUMERIC = {
    "row": "int64",
    "claims": "int64",
    "unknown_claims": "int64",
    "reasons": "int64",
    "reconciled_low": "float64",
    "reconciled_high": "float64",
    "headline": "float64",
    "independent_sources": "int64",
    "priority": "float64",
}


def build_articles_frame(
    articles: Sequence[Article], texts: Mapping[str, str], ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per article; `text` is its span of the document, `body` that span less skip spans."""
    names = ids if ids is not None else [a.id for a in articles]
    rows = [_article_row(i, a, names[i], texts.get(a.document_id)) for i, a in enumerate(articles)]
    return _to_frame(rows, ARTICLE_COLUMNS, _NUMERIC)


def build_claims_frame(
    claims: Sequence[Claim], texts: Mapping[str, str], ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per claim, beside the whole text of its document that its offsets point into."""
    names = ids if ids is not None else [c.id for c in claims]
    rows = [_claim_row(i, c, names[i], texts.get(c.document_id)) for i, c in enumerate(claims)]
    # Many claims share one document: as a category each text is held and hashed once (GX
    # fingerprints every batch it validates; hashing the text per row cost seconds).
    return _to_frame(rows, CLAIM_COLUMNS, {**_CLAIM_NUMERIC, "document_text": "category"})


def build_documents_frame(documents: Sequence[tuple[SourceDocument, bytes | None]]) -> pd.DataFrame:
    """One row per stored document with its raw bytes (None when quarantined unread)."""
    rows = [_document_row(i, d, content) for i, (d, content) in enumerate(documents)]
    return _to_frame(rows, DOCUMENT_COLUMNS, _DOCUMENT_NUMERIC)


def build_conflicts_frame(
    conflicts: Sequence[Conflict], known_claims: Collection[str] | None = None
) -> pd.DataFrame:
    """One row per conflict; `unknown_claims` counts its claim ids not in `known_claims`."""
    rows = [_conflict_row(i, c, known_claims) for i, c in enumerate(conflicts)]
    return _to_frame(rows, CONFLICT_COLUMNS, _CONFLICT_NUMERIC)


def _article_row(row: int, article: Article, article_id: str, text: str | None) -> dict[str, Any]:
    span = text_at(text, article.start, article.end)
    return {
        "row": row,
        "article_id": article_id,
        "document_id": article.document_id,
        "text": span,
        "body": None if span is None else without_spans(span, article.start, article.skip_spans),
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "start": article.start,
        "end": article.end,
    }


def _claim_row(row: int, claim: Claim, claim_id: str, text: str | None) -> dict[str, Any]:
    return {
        "row": row,
        "claim_id": claim_id,
        "article_id": claim.article_id,
        "document_id": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "number_text": claim.number_text,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "quote": claim.quote,
        "document_text": text,
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


def _document_row(row: int, document: SourceDocument, content: bytes | None) -> dict[str, Any]:
    return {
        "row": row,
        "document_id": document.id,
        "sha256": document.sha256,
        "size": document.size,
        "status": document.status,
        "text": document.text,
        "content": content,
        "content_size": None if content is None else len(content),
    }


def _conflict_row(row: int, conflict: Conflict, known: Collection[str] | None) -> dict[str, Any]:
    unknown = 0 if known is None else sum(1 for c in conflict.claim_ids if c not in known)
    return {
        "row": row,
        "conflict_id": conflict.id,
        "key": conflict.key,
        "kind": conflict.kind,
        "severity": conflict.severity,
        "claims": len(conflict.claim_ids),
        "unknown_claims": unknown,
        "reasons": len(conflict.reasons),
        "reconciled_low": conflict.reconciled.low,
        "reconciled_high": conflict.reconciled.high,
        "headline": conflict.reconciled.headline,
        "independent_sources": conflict.reconciled.independent_sources,
        "priority": conflict.priority,
        "event_key": conflict.event_key,
        "rules_version": conflict.rules_version,
    }


def _to_frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> pd.DataFrame:
    # Typed columns even for an empty batch, or numeric expectations cannot run on it.
    typed = {column: dtype for column, dtype in dtypes.items() if dtype != "category"}
    frame = pd.DataFrame(rows, columns=list(columns)).astype(typed)
    for column in (c for c, dtype in dtypes.items() if dtype == "category"):
        frame[column] = shared_category([row.get(column) for row in rows])
    return frame


def shared_category(values: Sequence[str | None]) -> pd.Categorical:
    """A categorical column of values many rows share (a document's text beside each claim).

    pandas' own conversion hashes every row's copy of the string, which made validation
    quadratic in the document's size (each claim of a 4 MB text hashed 4 MB); a dict of the
    values, whose hashes Python keeps, numbers them in one pass.
    """
    index: dict[str, int] = {}
    codes = [-1 if value is None else index.setdefault(value, len(index)) for value in values]
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(index), dtype=object))
