"""Errors of the quality layer: hard failures raise, soft findings become a report."""

from __future__ import annotations

from pathlib import Path


class SuiteError(Exception):
    """A suite that cannot be trusted: missing, malformed, or naming an unknown expectation.

    Carries the suite file and the reason, so the operator can fix the file without a debugger.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason
