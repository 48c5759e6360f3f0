"""Validate a batch of articles and claims against the suites, one failure per rejected row.

Critical failures quarantine rows (the pipeline keeps them aside, never drops them);
warnings and info go to the review queue. Every failure carries the expectation id of the
suite file, so a reviewer can read why the rule exists.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from factledger.core.models import Article, Claim, ValidationFailure
from factledger.quality.engine import Outcome, gx_version, run_suite
from factledger.quality.errors import SuiteError
from factledger.quality.frames import build_articles_frame, build_claims_frame
from factledger.quality.report import SuiteResult, ValidationReport
from factledger.quality.suites import (
    ExpectationSpec,
    SuiteSpec,
    build_gx_suite,
    read_suite,
    referenced_columns,
)

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite

# table -> the column that names its rows in failures
ID_COLUMNS = {"articles": "article_id", "claims": "claim_id"}
ROW_COLUMN = "row"
DETAILS_LIMIT = 200


def validate_batch(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    texts: Mapping[str, str],
    suites_dir: Path,
) -> ValidationReport:
    """Validate one batch; `texts` maps document id to the decoded text offsets point into."""
    # Read and build every suite first, so a broken file fails the batch before GX runs.
    specs = {table: read_suite(suites_dir / f"{table}.json") for table in ID_COLUMNS}
    suites = {table: _prepare(table, spec) for table, spec in specs.items()}
    frames = {
        "articles": build_articles_frame(articles, texts),
        "claims": build_claims_frame(claims, texts),
    }
    runs = [_run_table(frames[t], t, specs[t], suites[t]) for t in ID_COLUMNS]
    failures = tuple(f for _, found in runs for f in found)
    return ValidationReport(failures=failures, results=tuple(result for result, _ in runs))


def validate_frame(
    frame: pd.DataFrame, table: str, spec: SuiteSpec
) -> tuple[SuiteResult, tuple[ValidationFailure, ...]]:
    """Validate one table's frame against one suite and map each rejected row to a failure."""
    return _run_table(frame, table, spec, _prepare(table, spec))


def _prepare(table: str, spec: SuiteSpec) -> ExpectationSuite:
    if spec.name != table:
        raise SuiteError(spec.path, f"suite {spec.name!r} is not the suite for table {table!r}")
    return build_gx_suite(spec)


def _run_table(
    frame: pd.DataFrame, table: str, spec: SuiteSpec, suite: ExpectationSuite
) -> tuple[SuiteResult, tuple[ValidationFailure, ...]]:
    _check_columns(spec, frame)
    # An empty table has no row to reject; GX would spend a third of a second to say so.
    index_columns = [ID_COLUMNS[table], ROW_COLUMN]
    outcomes = run_suite(frame, table, suite, index_columns) if len(frame) else []
    by_id = {e.id: e for e in spec.expectations}
    _raise_on_errors(spec, by_id, outcomes)
    failures = tuple(_collect_failures(spec, table, by_id, outcomes))
    return _summarise(spec, len(frame), outcomes, failures), failures


def _check_columns(spec: SuiteSpec, frame: pd.DataFrame) -> None:
    # Checked here, not left to GX, so a suite naming a column the table lacks fails on
    # every batch, empty ones included.
    for expectation in spec.expectations:
        missing = sorted(referenced_columns(expectation) - set(frame.columns))
        if missing:
            reason = f"expectation {expectation.id} ({expectation.type}) reads missing columns "
            raise SuiteError(spec.path, reason + ", ".join(missing))


def _raise_on_errors(
    spec: SuiteSpec, by_id: Mapping[str, ExpectationSpec], outcomes: Iterable[Outcome]
) -> None:
    # An expectation that could not run (a column the table lacks) is a broken suite,
    # not a finding about the data.
    for outcome in outcomes:
        if outcome.error is not None:
            kind = by_id[outcome.expectation_id].type
            reason = f"expectation {outcome.expectation_id} ({kind}) could not run: "
            raise SuiteError(spec.path, reason + outcome.error)


def _collect_failures(
    spec: SuiteSpec, table: str, by_id: Mapping[str, ExpectationSpec], outcomes: Iterable[Outcome]
) -> Iterable[ValidationFailure]:
    seen: set[tuple[str, str]] = set()
    for outcome in outcomes:
        if outcome.success:
            continue
        expectation = by_id[outcome.expectation_id]
        for entry in outcome.unexpected:
            row_id = _row_id(entry, ID_COLUMNS[table])
            if (expectation.id, row_id) in seen:
                continue
            seen.add((expectation.id, row_id))
            yield ValidationFailure(
                suite=spec.name,
                expectation_id=expectation.id,
                expectation_type=expectation.type,
                severity=expectation.severity,
                table=table,
                row_id=row_id,
                details=describe_unexpected(entry, expectation, ID_COLUMNS[table]),
            )


def _summarise(
    spec: SuiteSpec, rows: int, outcomes: Sequence[Outcome], failures: Sequence[ValidationFailure]
) -> SuiteResult:
    return SuiteResult(
        suite=spec.name,
        suite_hash=spec.hash,
        gx_version=gx_version(),
        rows=rows,
        expectations=len(spec.expectations),
        failed_expectations=sum(1 for o in outcomes if not o.success),
        failing_row_ids=tuple(sorted({f.row_id for f in failures})),
    )


def _row_id(entry: Mapping[str, Any], id_column: str) -> str:
    # A row whose own id is missing is named by its position in the batch instead.
    value = entry.get(id_column)
    if _is_missing(value):
        return f"row:{int(entry[ROW_COLUMN])}"
    return str(value)


def describe_unexpected(entry: Mapping[str, Any], expectation: ExpectationSpec, id_column: str) -> str:
    """Say briefly what was wrong with a row: the rejected value(s), at most 200 characters."""
    values = {k: v for k, v in entry.items() if k != ROW_COLUMN}
    if len(values) > 1:
        # The id names the row already; keep it only when it is the value being judged.
        values.pop(id_column, None)
    regex = expectation.kwargs.get("regex")
    if expectation.type.endswith("_not_match_regex") and isinstance(regex, str):
        text = " ".join(str(v) for v in values.values())
        return _truncate(_show_match(text, regex))
    if len(values) == 1:
        return _truncate(_show(next(iter(values.values()))))
    return _truncate(" ".join(f"{k}={_show(v)}" for k, v in values.items()))


def _show_match(text: str, regex: str) -> str:
    # A long article text says nothing; the offending word in a little context says it all.
    match = re.search(regex, text)
    if match is None:
        return text
    start, end = _widen_to_word(text, match.start(), match.end())
    left, right = max(0, start - 30), min(len(text), end + 30)
    return f"{text[start:end]!r} in …{text[left:right]}…"


def _widen_to_word(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _show(value: Any) -> str:
    if _is_missing(value):
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _truncate(text: str) -> str:
    return text if len(text) <= DETAILS_LIMIT else text[: DETAILS_LIMIT - 1] + "…"
