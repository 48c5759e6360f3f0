"""Revalidate what the store holds: every document, article, claim and current conflict.

A row edited after it was validated (a quote changed by hand in the database, bytes
replaced) passes no check at write time; running the suites again over the stored rows,
named by the ids they are stored under, is what catches it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from factledger.core.models import Article, Claim, Conflict, SourceDocument
from factledger.quality.frames import (
    build_articles_frame,
    build_claims_frame,
    build_conflicts_frame,
    build_documents_frame,
)
from factledger.quality.report import ValidationReport
from factledger.quality.validate import validate_frames

STORED_TABLES = ("documents", "articles", "claims", "conflicts")


class StoredRows(Protocol):
    """The store readers revalidation needs (`factledger.store.Store` has them)."""

    def documents(self) -> list[SourceDocument]: ...
    def document_contents(self) -> dict[str, bytes | None]: ...
    def stored_articles(self) -> list[tuple[str, Article]]: ...
    def stored_claims(self) -> list[tuple[str, Claim]]: ...
    def conflicts(self) -> list[Conflict]: ...


@dataclass(frozen=True)
class StoredValidation:
    """A revalidation: its report, the claims to quarantine and the ids it looked at."""

    report: ValidationReport
    quarantine_claims: dict[str, list[str]]  # stored claim id -> critical expectation ids
    checked_ids: tuple[str, ...]


def validate_stored(store: StoredRows, suites_dir: Path) -> StoredValidation:
    """Run the documents, articles, claims and conflicts suites over the stored rows."""
    documents = store.documents()
    contents = store.document_contents()
    articles = store.stored_articles()
    claims = store.stored_claims()
    conflicts = store.conflicts()
    texts = {d.id: d.text for d in documents}
    frames = {
        "documents": build_documents_frame([(d, contents.get(d.id)) for d in documents]),
        "articles": build_articles_frame([a for _, a in articles], texts, [i for i, _ in articles]),
        "claims": build_claims_frame([c for _, c in claims], texts, [i for i, _ in claims]),
        "conflicts": build_conflicts_frame(conflicts, {i for i, _ in claims}),
    }
    report = validate_frames(frames, suites_dir)
    checked = [d.id for d in documents] + [i for i, _ in articles] + [i for i, _ in claims]
    checked += [c.id for c in conflicts]
    return StoredValidation(report, claims_to_quarantine(claims, report.quarantined), tuple(checked))


def claims_to_quarantine(
    claims: Sequence[tuple[str, Claim]], flagged: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Claims hit by a critical failure of their own, of their article or of their document.

    `flagged` maps a row id to the critical expectation ids it failed; a claim read from
    altered bytes or a broken article is no more trustworthy than a broken claim.
    """
    found: dict[str, list[str]] = {}
    for claim_id, claim in claims:
        reasons = [*flagged.get(claim_id, ()), *flagged.get(claim.article_id, ())]
        reasons += flagged.get(claim.document_id, ())
        if reasons:
            found[claim_id] = sorted(set(reasons))
    return found


def summary_lines(checked: StoredValidation) -> list[str]:
    """What an operator reads after `factledger validate`: per suite, then every critical row."""
    lines = [
        f"{r.suite:<10} {r.rows:>7} rows  {r.failed_expectations}/{r.expectations} expectations failed"
        f"  {len(r.failing_row_ids)} failing rows"
        for r in checked.report.results
    ]
    for f in checked.report.failures:
        if f.severity == "critical":
            lines.append(f"critical {f.table} {f.row_id}: {f.expectation_id}: {f.details}")
    for claim_id, reasons in sorted(checked.quarantine_claims.items()):
        lines.append(f"quarantined claim {claim_id}: {', '.join(reasons)}")
    return lines
