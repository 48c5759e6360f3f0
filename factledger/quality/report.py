"""What one validation run found: per-suite summaries and one failure per (expectation, row)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    # Expectation id -> its title, so whoever reports a failure can name it in plain words.
    titles: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    # GX's own result, for Data Docs; None when the table was empty and GX did not run.
    gx_result: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ValidationReport:
    """Every failure of a batch plus the summary of each suite that produced them."""

    failures: tuple[ValidationFailure, ...]
    results: tuple[SuiteResult, ...]

    @property
    def titles(self) -> dict[str, str]:
        """Every suite's expectation titles, by expectation id."""
        return {i: t for result in self.results for i, t in result.titles.items()}

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

    def provenance(self) -> dict[str, Any]:
        """The parameters of the run's "validate" activity: enough to say what ran on what.

        Suite name and hash, GX version, row and failure counts, and the failing row ids
        per suite; a change to any suite file or to the data changes the activity's id.
        """
        severities = Counter(f.severity for f in self.failures)
        return {
            "suites": {r.suite: r.suite_hash for r in self.results},
            "gx_version": self.results[0].gx_version if self.results else None,
            "results": [
                {
                    "suite": r.suite,
                    "suite_hash": r.suite_hash,
                    "rows": r.rows,
                    "expectations": r.expectations,
                    "failed_expectations": r.failed_expectations,
                    "failing_row_ids": list(r.failing_row_ids),
                }
                for r in self.results
            ],
            "failures": {s: severities.get(s, 0) for s in ("critical", "warning", "info")},
            "quarantined_rows": sorted(self.quarantined),
        }
