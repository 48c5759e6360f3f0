"""What one validation run found: per-suite summaries and one failure per (expectation, row)."""

from __future__ import annotations

from dataclasses import dataclass

from factledger.core.models import ValidationFailure


@dataclass(frozen=True)
class SuiteResult:
    """One suite run over one table; `suite_hash` ties the result to the exact suite file."""

    suite: str
    suite_hash: str
    gx_version: str
    rows: int
    expectations: int
    failed_expectations: int
    failing_row_ids: tuple[str, ...]


@dataclass(frozen=True)
class ValidationReport:
    """Every failure of a batch plus the summary of each suite that produced them."""

    failures: tuple[ValidationFailure, ...]
    results: tuple[SuiteResult, ...]

    @property
    def quarantined(self) -> dict[str, list[str]]:
        """Row id -> ids of the critical expectations it failed; these rows are kept, not used."""
        found: dict[str, list[str]] = {}
        for failure in self.failures:
            if failure.severity != "critical":
                continue
            ids = found.setdefault(failure.row_id, [])
            if failure.expectation_id not in ids:
                ids.append(failure.expectation_id)
        return found
