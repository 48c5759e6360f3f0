"""Data-quality validation of documents, articles, claims and conflicts with GX suites.

Importing this package does not import GX; the first validation does.
"""

from factledger.quality.datadocs import latest_data_docs
from factledger.quality.errors import SuiteError
from factledger.quality.report import SuiteResult, ValidationReport
from factledger.quality.stored import StoredValidation, validate_stored
from factledger.quality.validate import validate_batch

__all__ = [
    "StoredValidation",
    "SuiteError",
    "SuiteResult",
    "ValidationReport",
    "latest_data_docs",
    "validate_batch",
    "validate_stored",
]
