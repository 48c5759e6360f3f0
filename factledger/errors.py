"""The one hierarchy of factledger's errors; each carries its evidence.

Hard failures raise one of these and the CLI prints `factledger: <message>` on one line.
Soft findings (a bad document, a failing row) are never raised: they are quarantined or routed.
"""

from __future__ import annotations


class FactledgerError(Exception):
    """Base of every error the CLI reports as one line."""


class SourceError(FactledgerError):
    """An input that cannot be ingested at all (for example a path that does not exist)."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class ConfigError(FactledgerError):
    """A setting or option with a value factledger cannot use."""


class FetchError(FactledgerError):
    """A URL that could not be fetched; `status` is the HTTP status, None when none came back."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class TransientFetchError(FetchError):
    """A fetch failure worth retrying later: no connection, a timeout, 429 or a 5xx status.

    `retry_after` is how many seconds the server asked us to wait, when it said.
    """

    def __init__(
        self, url: str, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason, status)
        self.retry_after = retry_after


class DataDocsError(FactledgerError):
    """Data Docs could not be written (a full disk, a folder that cannot be written)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Data Docs not written to {path}: {reason}")
        self.path = path
        self.reason = reason
