"""Data Docs: GX's validation pages for one run, rendered offline into a folder of their own.

GX's page template loads Bootstrap, jQuery, Vega and a logo from CDNs; a reviewer on a
closed network would see a blank page, and every open would tell those hosts about it.
So the pages are rendered by GX and then stripped of every script and remote reference,
with a small stylesheet of ours inlined. Each run writes `<home>/data_docs/<run>/`, and
runs are never overwritten by later ones, so the history stays browsable.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import lxml.html

from factledger.quality.engine import import_gx
from factledger.quality.report import SuiteResult, ValidationReport

DATA_DOCS = "data_docs"
INDEX = "index.html"
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
REMOTE_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//[^)]*\)", re.IGNORECASE)
# Run folders are named "<UTC timestamp>-<run>", so sorting by name is sorting by time.
RUN_NAME = re.compile(r"^\d{8}T\d{6}Z-[\w.-]+$")
SUITE_COLUMNS = ("suite", "rows", "expectations", "failed", "failing rows")
STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: .5rem 0; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
.text-danger, .failed { color: #b00020; } .text-success, .passed { color: #1b7a2b; }
.col-md-2, .sticky { display: none; }
pre, code { white-space: pre-wrap; word-break: break-word; }
"""


def run_folder(home: Path, stamp: str, run: str) -> Path:
    """The folder of one run's Data Docs: `<home>/data_docs/<stamp>-<run>`."""
    safe = re.sub(r"[^\w.-]", "_", run) or "run"
    return home / DATA_DOCS / f"{stamp}-{safe}"


def latest_data_docs(home: Path) -> Path | None:
    """The newest run's Data Docs folder under `home`, or None before the first run."""
    root = home / DATA_DOCS
    if not root.is_dir():
        return None
    runs = [p for p in root.iterdir() if p.is_dir() and RUN_NAME.match(p.name) and (p / INDEX).is_file()]
    return max(runs, key=lambda p: p.name, default=None)


def build_data_docs(report: ValidationReport, folder: Path, title: str) -> Path:
    """Write one offline page per suite, an index and the run's summary; return the index."""
    folder.mkdir(parents=True, exist_ok=True)
    for result in report.results:
        (folder / f"{result.suite}.html").write_text(render_suite_page(result), encoding="utf-8")
    (folder / "validation.json").write_text(json.dumps(report.provenance(), indent=2), encoding="utf-8")
    index = folder / INDEX
    index.write_text(render_index(report.results, title), encoding="utf-8")
    return index


def build_batch_docs(report: ValidationReport, folder: Path, number: int) -> Path:
    """Write one batch's pages into `<folder>/batch-NNNN/`, as soon as the batch is validated.

    A long run writes its Data Docs batch by batch and keeps nothing of them in memory;
    `build_run_index` later links the batches from what each folder holds.
    """
    return build_data_docs(report, folder / f"batch-{number:04d}", f"batch {number}")


def build_run_index(folder: Path, title: str) -> Path:
    """The run's index: one row per suite per validated batch, read back from the batch folders."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        _batch_rows(batch)
        for batch in sorted(folder.glob("batch-*"))
        if (batch / "validation.json").is_file()
    ]
    head = _head_row(("batch", *SUITE_COLUMNS))
    table = f"<table>{head}{''.join(rows)}</table>" if rows else "<p>Nothing new to validate in this run.</p>"
    index = folder / INDEX
    index.write_text(_page(title, f"<h1>{html.escape(title)}</h1>{table}"), encoding="utf-8")
    return index


def _batch_rows(batch: Path) -> str:
    results = json.loads((batch / "validation.json").read_text(encoding="utf-8"))["results"]
    return "".join(_batch_row(batch.name, result) for result in results)


def _batch_row(batch: str, result: dict[str, Any]) -> str:
    counts = (result["rows"], result["expectations"], result["failed_expectations"])
    suite_cells = (*counts, len(result["failing_row_ids"]))
    href = f"{batch}/{result['suite']}.html"
    return _suite_row(f"<td>{html.escape(batch)}</td>", href, result["suite"], suite_cells)


def render_suite_page(result: SuiteResult) -> str:
    """GX's validation results page for one suite, made offline."""
    if result.gx_result is None:
        body = f"<h1>{html.escape(result.suite)}</h1><p>No rows to validate.</p>"
        return _page(f"{result.suite}: validation", body)
    import_gx()
    from great_expectations.render.renderer.page_renderer import ValidationResultsPageRenderer
    from great_expectations.render.view.view import DefaultJinjaPageView

    document = ValidationResultsPageRenderer().render(result.gx_result)
    page = str(DefaultJinjaPageView().render(document))  # type: ignore[no-untyped-call]
    return make_offline(page, f"{result.suite}: validation")


def make_offline(page: str, title: str) -> str:
    """Drop scripts, remote stylesheets, images, forms, footer and links; inline our own style."""
    root = lxml.html.document_fromstring(page)
    for element in list(root.iter("script", "form", "iframe", "noscript", "footer")):
        _drop(element)
    for element in list(root.iter("link", "img")):
        if REMOTE.match(element.get("href") or element.get("src") or ""):
            _drop(element)
    for element in root.iter():
        _strip_remote_attributes(element)
    for style in root.iter("style"):
        style.text = REMOTE_IN_CSS.sub("none", style.text or "")
    _set_title(root, title)
    head = root.find("head")
    if head is not None:
        own = lxml.html.fragment_fromstring(f"<style>{STYLE}</style>")
        head.append(own)
    return "<!DOCTYPE html>\n" + str(lxml.html.tostring(root, encoding="unicode"))


def render_index(results: Iterable[SuiteResult], title: str) -> str:
    """A plain page linking each suite's page with its counts."""
    rows = "".join(_index_row(r) for r in results)
    body = f"<h1>{html.escape(title)}</h1><table>{_head_row(SUITE_COLUMNS)}{rows}</table>"
    return _page(title, body)


def _index_row(result: SuiteResult) -> str:
    counts = (result.rows, result.expectations, result.failed_expectations, len(result.failing_row_ids))
    return _suite_row("", f"{result.suite}.html", result.suite, counts)


def _head_row(names: Iterable[str]) -> str:
    return "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"


def _suite_row(lead: str, href: str, suite: str, counts: tuple[int, int, int, int]) -> str:
    """One suite's row of an index: `lead` cells, the link to its page, then its counts."""
    state = "failed" if counts[2] else "passed"  # counts: rows, expectations, failed, failing rows
    link = f'<a href="{html.escape(href)}">{html.escape(suite)}</a>'
    cells = "".join(f"<td>{n}</td>" for n in counts)
    return f'<tr class="{state}">{lead}<td>{link}</td>{cells}</tr>'


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def _drop(element: Any) -> None:
    # drop_tree keeps the element's tail text; scripts and forms have no content worth keeping.
    if element.getparent() is not None:
        element.drop_tree()


def _strip_remote_attributes(element: Any) -> None:
    for name, value in list(element.attrib.items()):
        if REMOTE.match(value) or (name == "style" and REMOTE_IN_CSS.search(value)):
            del element.attrib[name]


def _set_title(root: Any, title: str) -> None:
    titles = list(root.iter("title"))
    for extra in titles[1:]:
        _drop(extra)
    if titles:
        titles[0].text = title
