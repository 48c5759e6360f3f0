"""Expectation suites: hand-written JSON files, read strictly and built into GX suites.

GX quietly drops an expectation it cannot build, leaving a suite that checks less than its
file says. So each expectation is built here, one by one, and any that fails to build, or
that cannot name the rows it rejects, is a `SuiteError` naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factledger.core.provenance import content_id
from factledger.quality.engine import import_gx
from factledger.quality.errors import SuiteError

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations.expectation import Expectation

SEVERITIES = ("critical", "warning", "info")


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation as written in a suite file, with our own id, severity and reason."""

    id: str
    type: str
    severity: str
    why: str
    kwargs: Mapping[str, Any]
    meta: Mapping[str, Any]
    title: str = ""  # what a failing row is, in a reviewer's words ("figure listed twice")


@dataclass(frozen=True)
class SuiteSpec:
    """A suite file read and checked; `hash` is the content id of its canonical JSON."""

    name: str
    path: Path
    hash: str
    expectations: tuple[ExpectationSpec, ...]


def read_suite(path: Path) -> SuiteSpec:
    """Read a suite file and check its shape, so a bad file fails before any data is touched."""
    data = _load_json(path)
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise SuiteError(path, "suite has no 'name'")
    items = data.get("expectations")
    if not isinstance(items, list) or not items:
        raise SuiteError(path, "suite has no 'expectations' list")
    specs = tuple(_read_expectation(path, i, item) for i, item in enumerate(items))
    _check_unique_ids(path, specs)
    return SuiteSpec(name=data["name"], path=path, hash=content_id(data), expectations=specs)


def build_gx_suite(spec: SuiteSpec) -> ExpectationSuite:
    """Build the GX suite, refusing anything GX would silently drop or could not map to rows."""
    import_gx()
    from great_expectations.core import ExpectationSuite

    built = [_build_expectation(spec.path, e) for e in spec.expectations]
    suite = ExpectationSuite(name=spec.name, expectations=built)
    if len(suite.expectations) != len(spec.expectations):
        kept = len(suite.expectations)
        raise SuiteError(spec.path, f"GX kept {kept} of {len(spec.expectations)} expectations")
    return suite


def referenced_columns(expectation: ExpectationSpec) -> set[str]:
    """Every column an expectation reads, its row condition included."""
    kwargs = expectation.kwargs
    names = {kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)}
    names.update(c for c in kwargs.get("column_list") or () if isinstance(c, str))
    return names | set(_condition_columns(kwargs.get("row_condition")))


def _condition_columns(condition: Any) -> Iterable[str]:
    # GX conditions nest ("and"/"or" hold "conditions"); a leaf names {"column": {"name": ...}}.
    if isinstance(condition, dict):
        column = condition.get("column")
        if isinstance(column, dict) and isinstance(column.get("name"), str):
            yield column["name"]
        for inner in condition.get("conditions") or ():
            yield from _condition_columns(inner)


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SuiteError(path, "suite file not found") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SuiteError(path, f"not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise SuiteError(path, "a suite must be a JSON object")
    return data


def _read_expectation(path: Path, index: int, item: Any) -> ExpectationSpec:
    if not isinstance(item, dict):
        raise SuiteError(path, f"expectation #{index} is not an object")
    meta, kwargs, kind = item.get("meta"), item.get("kwargs"), item.get("type")
    if not isinstance(kind, str) or not isinstance(kwargs, dict) or not isinstance(meta, dict):
        raise SuiteError(path, f"expectation #{index} needs 'type', 'kwargs' and 'meta'")
    for key in ("id", "why"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise SuiteError(path, f"expectation #{index} ({kind}) has no meta '{key}'")
    if meta.get("severity") not in SEVERITIES:
        raise SuiteError(path, f"expectation {meta['id']} has severity {meta.get('severity')!r}")
    title = meta.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise SuiteError(path, f"expectation {meta['id']} has a 'title' that is not a phrase")
    return ExpectationSpec(
        id=meta["id"],
        type=kind,
        severity=meta["severity"],
        why=meta["why"],
        kwargs=kwargs,
        meta=meta,
        title=title or id_words(meta["id"]),
    )


def id_words(expectation_id: str) -> str:
    """A title for an expectation that has none: `articles.text.mixed_script_word` -> "mixed script word"."""
    return expectation_id.rsplit(".", 1)[-1].replace("_", " ")


def _check_unique_ids(path: Path, specs: tuple[ExpectationSpec, ...]) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise SuiteError(path, f"expectation id {spec.id} is used twice")
        seen.add(spec.id)


def _build_expectation(path: Path, spec: ExpectationSpec) -> Expectation:
    import_gx()
    from great_expectations.exceptions.exceptions import (
        ExpectationNotFoundError,
        InvalidExpectationConfigurationError,
    )
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    from great_expectations.expectations.metadata_types import FailureSeverity

    config = ExpectationConfiguration(
        type=spec.type,
        kwargs=dict(spec.kwargs),
        meta=dict(spec.meta),
        severity=FailureSeverity(spec.severity),
    )
    try:
        expectation = config.to_domain_obj()
    except ExpectationNotFoundError as exc:
        raise SuiteError(path, f"unknown expectation type {spec.type!r} ({spec.id})") from exc
    except (InvalidExpectationConfigurationError, ValueError, TypeError) as exc:
        problem = " ".join(str(exc).split())[:300]
        raise SuiteError(path, f"expectation {spec.id} ({spec.type}): {problem}") from exc
    row_kinds = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    if not isinstance(expectation, row_kinds):
        raise SuiteError(path, f"expectation {spec.id} ({spec.type}) does not judge single rows")
    return expectation
