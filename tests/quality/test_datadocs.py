"""Data Docs: offline pages per run, article text only ever as escaped text, an index of runs."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import lxml.html

from factledger.core.models import Article, Claim
from factledger.quality import latest_data_docs, validate_batch
from factledger.quality.datadocs import (
    DocsRun,
    build_batch_docs,
    build_data_docs,
    build_run_index,
    describe_value,
    find_run,
    list_runs,
    run_folder,
)

URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
PAYLOADS = ("<img src=x onerror=alert(1)>", "<svg onload=alert(2)>")
# The mixed-script word trips a warning, so the text around it is shown as the failing value.
PAYLOAD_TEXT = f"Residents fled.{PAYLOADS[0]} neighbo\u0639rhoods {PAYLOADS[1]} later."


def remote_references(page: str) -> list[str]:
    """Every attribute value or stylesheet url() that a browser would fetch from a network."""
    root = lxml.html.document_fromstring(page)
    found = [
        f"{el.tag} {name}={value}"
        for el in root.iter()
        for name, value in el.attrib.items()
        if URL.match(value)
    ]
    found += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", page)
    found += [f"script {el.get('src') or 'inline'}" for el in root.iter("script")]
    return found


def article_of(text: str, doc: str = "sha256:doc") -> Article:
    return Article(doc, 0, len(text), None, None, None, "2016-11-03")


def test_build_data_docs_writes_offline_pages_per_suite(suites_dir: Path, tmp_path: Path) -> None:
    text = "Shelling hit the neighbo\u0639rhoods of Aleppo."
    report = validate_batch([article_of(text)], [], {"sha256:doc": text}, suites_dir)
    index = build_data_docs(report, run_folder(tmp_path, "20161103T100000Z", "flow-run/1"), "run 1")
    folder = index.parent
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))}
    assert (folder.name, sorted(pages)) == (
        "20161103T100000Z-flow-run_1",
        ["articles.html", "claims.html", "index.html"],
    )
    assert {name: remote_references(page) for name, page in pages.items()} == {
        "articles.html": [],
        "claims.html": [],
        "index.html": [],
    }
    assert "neighbo\u0639rhoods" in pages["articles.html"]
    assert 'href="articles.html"' in pages["index.html"]


def test_failing_values_are_escaped_text_and_never_markup(suites_dir: Path, tmp_path: Path) -> None:
    report = validate_batch([article_of(PAYLOAD_TEXT)], [], {"sha256:doc": PAYLOAD_TEXT}, suites_dir)
    folder = build_data_docs(report, tmp_path / "docs", "payload").parent
    page = (folder / "articles.html").read_text(encoding="utf-8")
    root = lxml.html.document_fromstring(page)
    assert [el.tag for el in root.iter("img", "svg", "script")] == []
    assert [name for el in root.iter() for name in el.attrib if name.startswith("on")] == []
    (snippet,) = [td.text_content() for td in root.iter("td") if "neighbo" in td.text_content()]
    assert PAYLOADS[0] in snippet and PAYLOADS[1] in snippet


def test_failing_rows_show_the_offending_snippet_not_the_whole_article(
    suites_dir: Path, tmp_path: Path
) -> None:
    long_text = "Quiet words. " * 400 + "The neighbo\u0639rhoods emptied. " + "More words. " * 400
    report = validate_batch([article_of(long_text)], [], {"sha256:doc": long_text}, suites_dir)
    folder = build_data_docs(report, tmp_path / "docs", "long").parent
    root = lxml.html.document_fromstring((folder / "articles.html").read_text(encoding="utf-8"))
    section = root.get_element_by_id("articles.text.mixed_script_word")
    (snippet,) = [td.text_content() for td in section.iter("td") if "neighbo" in td.text_content()]
    context = "Quiet words. Quiet words. The neighbo\u0639rhoods emptied. More words. More wor"
    assert snippet == f"'neighbo\u0639rhoods' in …{context}…"
    assert "Expect column values to have no mixed script words." in section.text_content()
    assert len(root.text_content()) < len(long_text)


def test_settings_of_an_expectation_read_as_words() -> None:
    condition = {
        "type": "comparison",
        "column": {"name": "qualifier"},
        "operator": "==",
        "parameter": "exact",
    }
    assert describe_value(condition) == "qualifier == exact"
    assert describe_value(["Latin", "Arabic"]) == "Latin, Arabic"
    assert describe_value(0) == "0"


def test_claims_page_names_each_expectation_and_its_reason(suites_dir: Path, tmp_path: Path) -> None:
    text = "At least 12 people were killed."
    article = article_of(text)
    claim = Claim(
        document_id="sha256:doc",
        article_id=article.id,
        start=0,
        end=11,
        number_text="At least 12",
        quote=text,
        quote_start=0,
        quote_end=len(text),
        value_low=12,
        value_high=None,
        qualifier="at_least",
        category="killed",
        subject="people",
    )
    report = validate_batch([article], [claim], {"sha256:doc": text}, suites_dir)
    folder = build_data_docs(report, tmp_path / "docs", "claims").parent
    root = lxml.html.document_fromstring((folder / "claims.html").read_text(encoding="utf-8"))
    attributed = root.get_element_by_id("claims.casualty.attributed")
    assert "failed" in attributed.get("class")
    assert "1 of 1 row(s) failed." in attributed.text_content()
    assert "killed figure with no source" in attributed.text_content()


def test_latest_data_docs_finds_the_newest_run_and_keeps_the_older(suites_dir: Path, tmp_path: Path) -> None:
    assert latest_data_docs(tmp_path) is None
    report = validate_batch([], [], {}, suites_dir)
    first = build_data_docs(report, run_folder(tmp_path, "20161103T100000Z", "a"), "first").parent
    second = build_data_docs(report, run_folder(tmp_path, "20161104T090000Z", "b"), "second").parent
    (tmp_path / "data_docs" / "notes").mkdir()
    assert (latest_data_docs(tmp_path), first.is_dir()) == (second, True)


def test_index_of_runs_is_newest_first_and_skips_runs_that_validated_nothing(
    suites_dir: Path, tmp_path: Path
) -> None:
    text = "Shelling hit the neighbo\u0639rhoods of Aleppo."
    checked = validate_batch([article_of(text)], [], {"sha256:doc": text}, suites_dir)
    empty = validate_batch([], [], {}, suites_dir)
    for stamp, report in (
        ("20161103T100000Z", checked),
        ("20161104T090000Z", empty),
        ("20161105T080000Z", checked),
    ):
        folder = run_folder(tmp_path, stamp, "run")
        build_batch_docs(report, folder, 1)
        build_run_index(folder, stamp)
    build_run_index(run_folder(tmp_path, "20161106T080000Z", "run"), "no batch at all")
    assert list_runs(tmp_path) == [
        DocsRun("20161105T080000Z-run", datetime(2016, 11, 5, 8, tzinfo=UTC), 1, 1, 1),
        DocsRun("20161103T100000Z-run", datetime(2016, 11, 3, 10, tzinfo=UTC), 1, 1, 1),
    ]
    assert find_run(tmp_path, "20161103T100000Z-run") == run_folder(tmp_path, "20161103T100000Z", "run")
    assert find_run(tmp_path, "..") is None


def test_every_data_docs_page_links_back_up(suites_dir: Path, tmp_path: Path) -> None:
    text = "Shelling hit the neighbo\u0639rhoods of Aleppo."
    report = validate_batch([article_of(text)], [], {"sha256:doc": text}, suites_dir)
    folder = run_folder(tmp_path, "20161103T100000Z", "run")
    build_batch_docs(report, folder, 1)
    build_run_index(folder, "run")

    def links(page: Path) -> list[str | None]:
        return [a.get("href") for a in lxml.html.parse(str(page)).getroot().iter("a")][:3]

    assert links(folder / "index.html")[0] == "../"
    assert links(folder / "batch-0001" / "index.html")[:2] == ["../index.html", "../../"]
    assert links(folder / "batch-0001" / "articles.html") == ["index.html", "../index.html", "../../"]
    summary = json.loads((folder / "batch-0001" / "validation.json").read_text(encoding="utf-8"))
    assert summary["results"][0]["suite"] == "articles"
