"""Validate tables against the suites, one failure per rejected row.

Critical failures quarantine rows (the pipeline keeps them aside, never drops them);
warnings and info go to the review queue. Every failure carries the expectation id of the
suite file, so a reviewer can read why the rule exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from factledger.core.models import Article, Claim, SourceDocument, ValidationFailure
from factledger.quality import checks, custom_types
from factledger.quality.engine import Outcome, gx_version, run_suite
from factledger.quality.errors import SuiteError
from factledger.quality.frames import build_articles_frame, build_claims_frame, build_documents_frame
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
ID_COLUMNS = {
    "documents": "document_id",
    "articles": "article_id",
    "claims": "claim_id",
    "conflicts": "conflict_id",
}
ROW_COLUMN = "row"
DETAILS_LIMIT = 200
CONTEXT = 30


def validate_batch(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    texts: Mapping[str, str],
    suites_dir: Path,
    documents: Sequence[tuple[SourceDocument, bytes | None]] = (),
) -> ValidationReport:
    """Validate one batch; `texts` maps document id to the decoded text offsets point into.

    `documents` (with their bytes) are the batch's new documents; the documents suite runs
    on them only when there are some, so a caller without documents sees no empty result.
    """
    frames = {"documents": build_documents_frame(documents)} if documents else {}
    frames["articles"] = build_articles_frame(articles, texts)
    frames["claims"] = build_claims_frame(claims, texts)
    return validate_frames(frames, suites_dir)


def validate_frames(frames: Mapping[str, pd.DataFrame], suites_dir: Path) -> ValidationReport:
    """Validate each table's frame against the suite of the same name, in the given order."""
    specs, suites = _load_suites(tuple(frames), suites_dir)
    return _run_tables(frames, specs, suites)


def _load_suites(
    tables: Sequence[str], suites_dir: Path
) -> tuple[dict[str, SuiteSpec], dict[str, ExpectationSuite]]:
    # Read and build every suite first, so a broken file fails the run before GX runs.
    for table in tables:
        if table not in ID_COLUMNS:
            raise SuiteError(suites_dir / f"{table}.json", f"no table {table!r} to validate")
    loaded = {table: _suite_of(table, suites_dir / f"{table}.json") for table in tables}
    return {t: spec for t, (spec, _) in loaded.items()}, {t: suite for t, (_, suite) in loaded.items()}


def _suite_of(table: str, path: Path) -> tuple[SuiteSpec, ExpectationSuite]:
    """A suite file read and built once per process for as long as its bytes stay the same."""
    try:
        content = path.read_bytes()
    except OSError:
        spec = read_suite(path)  # raises the SuiteError that says what is wrong with the file
        return spec, _prepare(table, spec)
    return _built_suite(table, path, content)


@lru_cache(maxsize=32)
def _built_suite(table: str, path: Path, content: bytes) -> tuple[SuiteSpec, ExpectationSuite]:
    # Keyed on the file's bytes as well as its path, so an edited suite is read again.
    spec = read_suite(path)
    return spec, _prepare(table, spec)


def _run_tables(
    frames: Mapping[str, pd.DataFrame],
    specs: Mapping[str, SuiteSpec],
    suites: Mapping[str, ExpectationSuite],
) -> ValidationReport:
    runs = [_run_table(frames[t], t, specs[t], suites[t]) for t in frames]
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
    outcomes, gx_result = run_suite(frame, table, suite, index_columns) if len(frame) else ([], None)
    by_id = {e.id: e for e in spec.expectations}
    _raise_on_errors(spec, by_id, outcomes)
    failures = tuple(_collect_failures(spec, table, by_id, outcomes))
    return _summarise(spec, len(frame), outcomes, failures, gx_result), failures


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
    spec: SuiteSpec,
    rows: int,
    outcomes: Sequence[Outcome],
    failures: Sequence[ValidationFailure],
    gx_result: Any,
) -> SuiteResult:
    return SuiteResult(
        suite=spec.name,
        suite_hash=spec.hash,
        gx_version=gx_version(),
        rows=rows,
        expectations=len(spec.expectations),
        failed_expectations=sum(1 for o in outcomes if not o.success),
        failing_row_ids=tuple(sorted({f.row_id for f in failures})),
        titles={e.id: e.title for e in spec.expectations},
        gx_result=gx_result,
    )


def _row_id(entry: Mapping[str, Any], id_column: str) -> str:
    # A row whose own id is missing is named by its position in the batch instead.
    value = entry.get(id_column)
    if _is_missing(value):
        return f"row:{int(entry[ROW_COLUMN])}"
    return str(value)


def describe_unexpected(entry: Mapping[str, Any], expectation: ExpectationSpec, id_column: str) -> str:
    """Say briefly what was wrong with a row: the rejected value(s), at most 200 characters."""
    describe = _DESCRIBERS.get(expectation.type)
    if describe is not None:
        return _truncate(describe(entry, expectation.kwargs))
    values = {k: v for k, v in entry.items() if k != ROW_COLUMN}
    if len(values) > 1:
        # The id names the row already; keep it only when it is the value being judged.
        values.pop(id_column, None)
    if len(values) == 1:
        return _truncate(_show(next(iter(values.values()))))
    return _truncate(" ".join(f"{k}={_show(v)}" for k, v in values.items()))


def _describe_mixed_script(entry: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str:
    # A long article text says nothing; the offending word in a little context says it all.
    text = str(entry[kwargs["column"]])
    words = checks.mixed_script_words(text, kwargs["scripts"])
    if not words:
        return text
    start = text.index(words[0])
    end = start + len(words[0])
    context = text[max(0, start - CONTEXT) : end + CONTEXT]
    return f"{', '.join(repr(w) for w in words)} in …{context}…"


def _describe_boilerplate(entry: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str:
    lines = checks.boilerplate_lines(entry[kwargs["column"]], kwargs["patterns"])
    return "boilerplate lines: " + ", ".join(repr(line) for line in lines)


def _describe_text_at_offsets(entry: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str:
    value_column, text_column, start_column, end_column = kwargs["column_list"]
    value, start, end = entry[value_column], entry[start_column], entry[end_column]
    if checks.is_missing(entry[text_column]):
        return f"{value_column}={_show(value)} but the document text is missing"
    found = checks.text_at(entry[text_column], start, end)
    where = f"{_show(start)}:{_show(end)}"
    if found is None:
        return f"{value_column}={_show(value)} but {where} is outside the document"
    return f"{value_column}={_show(value)} but the text at {where} is {found!r}"


def _describe_attribution(entry: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str:
    category, _, source_type = (entry[c] for c in kwargs["column_list"])
    return f"{category} figure with no source (source_type={_show(source_type)})"


def _describe_sha256(entry: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str:
    actual = checks.sha256_hex(entry[kwargs["column_A"]])
    return f"bytes hash to {actual}, stored {kwargs['column_B']} is {_show(entry[kwargs['column_B']])}"


_DESCRIBERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], str]] = {
    custom_types.MIXED_SCRIPT: _describe_mixed_script,
    custom_types.BOILERPLATE: _describe_boilerplate,
    custom_types.TEXT_AT_OFFSETS: _describe_text_at_offsets,
    custom_types.ATTRIBUTED: _describe_attribution,
    custom_types.SHA256: _describe_sha256,
}


def _show(value: Any) -> str:
    if _is_missing(value):
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _is_missing(value: Any) -> bool:
    return checks.is_missing(value)


def _truncate(text: str) -> str:
    return text if len(text) <= DETAILS_LIMIT else text[: DETAILS_LIMIT - 1] + "…"
