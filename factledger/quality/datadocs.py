"""Data Docs: each validation's results as offline HTML pages, in a folder of their own per run.

The pages are rendered here, from GX's validation results, by Jinja2 with autoescaping on:
a failing value is article text, untrusted input, so it only ever reaches a page as escaped
text (GX's own page renderer inserts values as raw HTML). Each failing row shows what is
wrong with it in a short snippet (the offending word in its context), not the whole value.
The pages load nothing from any network and carry no script. Each run writes
`<home>/data_docs/<run>/`, and runs are never overwritten by later ones, so the history
stays browsable; `list_runs` gives the index of runs, newest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from factledger.core.models import ValidationFailure
from factledger.errors import DataDocsError
from factledger.quality.report import SuiteResult, ValidationReport

DATA_DOCS = "data_docs"
INDEX = "index.html"
SUMMARY = "validation.json"
# Run folders are named "<UTC timestamp>-<run>", so sorting by name is sorting by time.
RUN_NAME = re.compile(r"^(\d{8}T\d{6}Z)-[\w.-]+$")
SUITE_COLUMNS = ("suite", "rows", "expectations", "failed", "failing rows")
EXAMPLES = 20  # failing rows shown per expectation; the rest are counted
SHORT_ID = 12
ALL_RUNS = ("../", "all validation runs")
STYLE = Markup("""
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem;
  color: #1d1d1f; line-height: 1.45; }
nav.back { font-size: .9rem; margin-bottom: .5rem; }
table { border-collapse: collapse; margin: .5rem 0; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
.failed .state, tr.failed td:first-child { color: #b00020; }
.passed .state, tr.passed td:first-child { color: #1b7a2b; }
section.check { border-top: 1px solid #ddd; padding: .4rem 0; }
section.check h2 { font-size: 1.05rem; margin: .4rem 0; }
.severity { font-size: .8rem; font-weight: normal; border: 1px solid #999; border-radius: 3px;
  padding: 0 .3rem; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .3rem 0; }
dl.settings dt { color: #555; } dl.settings dd { margin: 0; }
.snippet, code { white-space: pre-wrap; word-break: break-word; }
.why { color: #444; }
""")


@dataclass(frozen=True)
class Check:
    """One expectation's outcome as the suite page shows it."""

    id: str
    severity: str
    rule: str
    settings: tuple[tuple[str, str], ...]
    why: str
    success: bool
    checked: int
    unexpected: int
    examples: tuple[tuple[str, str], ...]  # (row id, what is wrong with it)
    more: int


@dataclass(frozen=True)
class DocsRun:
    """One run's Data Docs folder, as the index of runs lists it."""

    name: str
    started: datetime
    rows: int
    failed_expectations: int
    failing_rows: int


@cache
def templates() -> Environment:
    """The Data Docs templates, autoescaping every value."""
    env = Environment(
        loader=PackageLoader("factledger.quality", "templates"), autoescape=select_autoescape(default=True)
    )
    env.filters["short"] = short_id
    return env


def short_id(value: str) -> str:
    """A `sha256:<hex>` id cut to its first hex digits; anything else unchanged."""
    prefix, _, digest = value.partition(":")
    return f"{prefix}:{digest[:SHORT_ID]}…" if prefix == "sha256" and len(digest) > SHORT_ID else value


def run_folder(home: Path, stamp: str, run: str) -> Path:
    """The folder of one run's Data Docs: `<home>/data_docs/<stamp>-<run>`."""
    safe = re.sub(r"[^\w.-]", "_", run) or "run"
    return home / DATA_DOCS / f"{stamp}-{safe}"


def latest_data_docs(home: Path) -> Path | None:
    """The newest run's Data Docs folder under `home`, or None before the first run."""
    runs = _run_folders(home)
    return runs[0] if runs else None


def list_runs(home: Path) -> list[DocsRun]:
    """Every run that validated at least one row, newest first, with its counts."""
    found = [_describe_run(folder) for folder in _run_folders(home)]
    return [run for run in found if run.rows]


def find_run(home: Path, name: str) -> Path | None:
    """The folder of the run called `name`, or None when no run has that name."""
    return next((folder for folder in _run_folders(home) if folder.name == name), None)


def _run_folders(home: Path) -> list[Path]:
    root = home / DATA_DOCS
    if not root.is_dir():
        return []
    runs = [p for p in root.iterdir() if p.is_dir() and RUN_NAME.match(p.name) and (p / INDEX).is_file()]
    return sorted(runs, key=lambda p: p.name, reverse=True)


def _describe_run(folder: Path) -> DocsRun:
    results = [r for summary in _summaries(folder) for r in summary["results"]]
    stamp = RUN_NAME.match(folder.name)
    started = datetime.strptime(stamp.group(1) if stamp else "", "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return DocsRun(
        name=folder.name,
        started=started,
        rows=sum(int(r["rows"]) for r in results),
        failed_expectations=sum(int(r["failed_expectations"]) for r in results),
        failing_rows=sum(len(r["failing_row_ids"]) for r in results),
    )


def _summaries(folder: Path) -> list[dict[str, Any]]:
    # A run holds one validation (an audit) or one per batch; each wrote its validation.json.
    paths = [folder / SUMMARY] + sorted(folder.glob(f"batch-*/{SUMMARY}"))
    found = []
    for path in paths:
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a batch cut short by a crash: the index lists what is readable
    return found


P = ParamSpec("P")
R = TypeVar("R")


def on_disk(write: Callable[P, R]) -> Callable[P, R]:
    """A write that fails on the disk (full, read-only, not a folder) raises DataDocsError."""

    @wraps(write)
    def writing(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return write(*args, **kwargs)
        except OSError as error:
            raise DataDocsError(str(error.filename or args[1]), error.strerror or str(error)) from error

    return writing


@on_disk
def build_data_docs(
    report: ValidationReport, folder: Path, title: str, links: Sequence[tuple[str, str]] = (ALL_RUNS,)
) -> Path:
    """Write one page per suite, an index and the validation's summary; return the index.

    `links` lead from the index back up (to the run, to all runs); suite pages add the index.
    """
    folder.mkdir(parents=True, exist_ok=True)
    up = [(INDEX, title), *links]
    for result in report.results:
        failures = [f for f in report.failures if f.suite == result.suite]
        page = render_suite_page(result, failures, up)
        (folder / f"{result.suite}.html").write_text(page, encoding="utf-8")
    (folder / SUMMARY).write_text(json.dumps(report.provenance(), indent=2), encoding="utf-8")
    index = folder / INDEX
    index.write_text(render_index(report.results, title, links), encoding="utf-8")
    return index


def build_batch_docs(report: ValidationReport, folder: Path, number: int) -> Path:
    """Write one batch's pages into `<folder>/batch-NNNN/`, as soon as the batch is validated.

    A long run writes its Data Docs batch by batch and keeps nothing of them in memory;
    `build_run_index` later links the batches from what each folder holds.
    """
    links = [("../index.html", "this run"), ("../../", ALL_RUNS[1])]
    return build_data_docs(report, folder / f"batch-{number:04d}", f"batch {number}", links)


@on_disk
def build_run_index(folder: Path, title: str) -> Path:
    """The run's index: one row per suite per validated batch, read back from the batch folders."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        _row(result, f"{batch.name}/{result['suite']}.html", batch.name)
        for batch in sorted(folder.glob("batch-*"))
        if (batch / SUMMARY).is_file()
        for result in json.loads((batch / SUMMARY).read_text(encoding="utf-8"))["results"]
    ]
    index = folder / INDEX
    index.write_text(_render_table(title, ("batch", *SUITE_COLUMNS), rows, [ALL_RUNS]), encoding="utf-8")
    return index


def render_index(results: Iterable[SuiteResult], title: str, links: Sequence[tuple[str, str]]) -> str:
    """A page linking each suite's page with its counts."""
    rows = [_row(_counts(r), f"{r.suite}.html") for r in results]
    return _render_table(title, SUITE_COLUMNS, rows, links)


def _counts(result: SuiteResult) -> dict[str, Any]:
    return {
        "suite": result.suite,
        "rows": result.rows,
        "expectations": result.expectations,
        "failed_expectations": result.failed_expectations,
        "failing_row_ids": result.failing_row_ids,
    }


def _row(result: Mapping[str, Any], href: str, batch: str = "") -> dict[str, Any]:
    return {
        "batch": batch,
        "href": href,
        "suite": result["suite"],
        "rows": result["rows"],
        "expectations": result["expectations"],
        "failed": result["failed_expectations"],
        "failing_rows": len(result["failing_row_ids"]),
    }


def _render_table(
    title: str, head: Sequence[str], rows: Sequence[Mapping[str, Any]], links: Sequence[tuple[str, str]]
) -> str:
    template = templates().get_template("datadocs_index.html")
    return template.render(title=title, head=head, rows=rows, links=links, style=STYLE)


def render_suite_page(
    result: SuiteResult, failures: Sequence[ValidationFailure], links: Sequence[tuple[str, str]] = ()
) -> str:
    """One suite's results: every expectation, whether it held, and the rows that failed it."""
    checks = [_check(r, failures) for r in result.gx_result.results] if result.gx_result else []
    template = templates().get_template("datadocs_suite.html")
    title = f"{result.suite}: validation"
    return template.render(title=title, result=result, checks=checks, links=links, style=STYLE)


def _check(outcome: Any, failures: Sequence[ValidationFailure]) -> Check:
    config, found = outcome.expectation_config, outcome.result or {}
    meta = config.meta or {}
    rows = [(f.row_id, f.details) for f in failures if f.expectation_id == meta.get("id")]
    unexpected = int(found.get("unexpected_count") or len(rows))
    return Check(
        id=str(meta.get("id", config.type)),
        severity=str(meta.get("severity", "")),
        rule=describe_rule(config.type),
        settings=tuple((name, describe_value(value)) for name, value in _settings(config.kwargs)),
        why=str(meta.get("why", "")),
        success=bool(outcome.success),
        checked=int(found.get("element_count") or 0),
        unexpected=unexpected,
        examples=tuple(rows[:EXAMPLES]),
        more=max(0, unexpected - min(len(rows), EXAMPLES)),
    )


def describe_rule(kind: str) -> str:
    """An expectation type in words: `expect_column_values_to_be_unique` -> "column values to be unique"."""
    words = kind.removeprefix("expect_").replace("_", " ")
    return f"Expect {words}."


def _settings(kwargs: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(name.replace("_", " "), value) for name, value in kwargs.items() if name != "batch_id"]


def describe_value(value: Any) -> str:
    """A setting's value as a reader wants it: lists joined, conditions as `column operator value`."""
    if isinstance(value, dict) and value.get("type") == "comparison":
        column = value.get("column", {}).get("name", "?")
        return f"{column} {value.get('operator', '?')} {value.get('parameter', '?')}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
