"""Data-quality validation of articles and claims with Great Expectations suites.

Importing this package does not import GX; the first validation does.
"""

from factledger.quality.errors import SuiteError
from factledger.quality.report import SuiteResult, ValidationReport
from factledger.quality.validate import validate_batch

__all__ = ["SuiteError", "SuiteResult", "ValidationReport", "validate_batch"]
