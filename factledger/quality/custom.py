"""factledger's own Great Expectations expectations, for the rules no built-in one expresses.

Defining a class registers its expectation type with GX, so this module must be imported
before a suite naming these types is built; `engine.import_gx` does that, which is how the
strict loader knows them. Each rule lives in `checks.py`; the classes only map it over rows.
Pandas only: the suites run on in-memory frames.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pandas as pd
import regex
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider.column_condition_partial import (
    column_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.column_map_metric_provider import (
    ColumnMapMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider.column_pair_condition_partial import (
    column_pair_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.column_pair_map_metric_provider import (
    ColumnPairMapMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (
    multicolumn_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_map_metric_provider import (
    MulticolumnMapMetricProvider,
)

from factledger.quality import checks

_LIBRARY = {"maturity": "experimental", "tags": ["factledger"], "contributors": ["factledger"]}


class ColumnValuesHaveNoMixedScriptWords(ColumnMapMetricProvider):
    """Per row: the text holds no word mixing letters of two of the named scripts."""

    condition_metric_name = "column_values.factledger_no_mixed_script_words"
    condition_value_keys = ("scripts",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, scripts: list[str], **kwargs: Any) -> pd.Series:
        return column.map(lambda text: not checks.mixed_script_words(text, scripts))


class ExpectColumnValuesToHaveNoMixedScriptWords(ColumnMapExpectation):
    """Expect no word of the text to mix letters of two of `scripts` (a copy or encoding slip)."""

    scripts: list[str]
    map_metric = "column_values.factledger_no_mixed_script_words"
    success_keys = ("scripts", "mostly")
    args_keys = ("column", "scripts")
    library_metadata: ClassVar[dict[str, Any]] = _LIBRARY

    @pydantic.validator("scripts")
    def _known_scripts(cls, scripts: list[str]) -> list[str]:
        # Checked when the suite is loaded, not when data first reaches the rule.
        if len(scripts) < 2:
            raise ValueError("name at least two scripts")
        for name in scripts:
            _compile(rf"\p{{Script={name}}}", f"unknown script {name!r}")
        return scripts


class ColumnValuesHaveNoBoilerplateLines(ColumnMapMetricProvider):
    """Per row: no whole line of the text is site furniture matching one of the patterns."""

    condition_metric_name = "column_values.factledger_no_boilerplate_lines"
    condition_value_keys = ("patterns",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, patterns: list[str], **kwargs: Any) -> pd.Series:
        return column.map(lambda text: not checks.boilerplate_lines(text, patterns))


class ExpectColumnValuesToHaveNoBoilerplateLines(ColumnMapExpectation):
    """Expect no line of the text to be navigation, sharing or "read more" residue of a page."""

    patterns: list[str]
    map_metric = "column_values.factledger_no_boilerplate_lines"
    success_keys = ("patterns", "mostly")
    args_keys = ("column", "patterns")
    library_metadata: ClassVar[dict[str, Any]] = _LIBRARY

    @pydantic.validator("patterns")
    def _valid_patterns(cls, patterns: list[str]) -> list[str]:
        if not patterns:
            raise ValueError("name at least one pattern")
        for pattern in patterns:
            _compile(pattern, f"pattern {pattern!r} is not a regular expression")
        return patterns


class MulticolumnValuesAreTextAtOffsets(MulticolumnMapMetricProvider):
    """Per row of (value, text, start, end): the value is exactly text[start:end]."""

    condition_metric_name = "multicolumn_values.factledger_text_at_offsets"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @multicolumn_condition_partial(engine=PandasExecutionEngine)  # type: ignore[untyped-decorator]
    def _pandas(cls, column_list: pd.DataFrame, **kwargs: Any) -> pd.Series:
        rows = zip(*(column_list[name] for name in column_list.columns), strict=True)
        return pd.Series([checks.matches_text_at(*row) for row in rows], index=column_list.index)


class ExpectMulticolumnValuesToBeTextAtOffsets(MulticolumnMapExpectation):
    """Expect column_list [value, text, start, end]: each value is the text at its offsets."""

    map_metric = "multicolumn_values.factledger_text_at_offsets"
    library_metadata: ClassVar[dict[str, Any]] = _LIBRARY


class MulticolumnValuesAreAttributed(MulticolumnMapMetricProvider):
    """Per row of (category, source, source_type): a figure of `categories` names who gives it."""

    condition_metric_name = "multicolumn_values.factledger_attributed"
    condition_value_keys = ("categories",)
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @multicolumn_condition_partial(engine=PandasExecutionEngine)  # type: ignore[untyped-decorator]
    def _pandas(cls, column_list: pd.DataFrame, categories: list[str], **kwargs: Any) -> pd.Series:
        rows = zip(*(column_list[name] for name in column_list.columns), strict=True)
        flags = [not checks.needs_attribution(c, s, t, categories) for c, s, t in rows]
        return pd.Series(flags, index=column_list.index)


class ExpectMulticolumnValuesToBeAttributed(MulticolumnMapExpectation):
    """Expect column_list [category, source, source_type]: figures of `categories` have a source."""

    categories: list[str]
    map_metric = "multicolumn_values.factledger_attributed"
    success_keys = ("categories", "mostly")
    library_metadata: ClassVar[dict[str, Any]] = _LIBRARY


class ColumnPairValuesAreBytesAndTheirSha256(ColumnPairMapMetricProvider):
    """Per row: column_A's bytes hash (sha256, hex) to column_B."""

    condition_metric_name = "column_pair_values.factledger_bytes_sha256"

    @column_pair_condition_partial(engine=PandasExecutionEngine)  # type: ignore[untyped-decorator]
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, **kwargs: Any) -> pd.Series:
        pairs = zip(column_A, column_B, strict=True)
        return pd.Series([checks.sha256_hex(a) == b for a, b in pairs], index=column_A.index)


class ExpectColumnPairValuesToBeBytesAndTheirSha256(ColumnPairMapExpectation):
    """Expect column_A's stored bytes to hash to the sha256 recorded in column_B."""

    # Documents quarantined unread have no bytes: nothing to hash, nothing to judge.
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "either_value_is_missing"
    )
    map_metric = "column_pair_values.factledger_bytes_sha256"
    success_keys = ("column_A", "column_B", "ignore_row_if", "mostly")
    library_metadata: ClassVar[dict[str, Any]] = _LIBRARY


def _compile(pattern: str, problem: str) -> None:
    try:
        regex.compile(pattern)
    except regex.error as exc:
        raise ValueError(f"{problem} ({exc})") from exc
