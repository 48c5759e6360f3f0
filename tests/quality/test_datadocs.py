"""Data Docs: rendered by GX, loading nothing from any network, one folder per run, kept."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from factledger.core.models import Article
from factledger.quality import latest_data_docs, validate_batch
from factledger.quality.datadocs import build_data_docs, make_offline, run_folder

URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


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


def test_make_offline_strips_every_remote_load_and_keeps_the_content() -> None:
    page = (
        '<html><head><title>GX</title><link rel="stylesheet" href="https://cdn.example/b.css">'
        '<script src="https://code.example/jq.js"></script><style>.x{background:url(https://a.example/i.png)}</style>'
        '</head><body><img src="https://s3.example/logo.png"><a href="https://docs.example">GX docs</a>'
        '<a href="#section-1">claims</a><form action="https://n.example"><input></form>'
        "<script>$('x').tooltip()</script>"
        '<p style="background:url(//b.example/p.png)">10 rows failed</p></body></html>'
    )
    offline = make_offline(page, "claims: validation")
    root = lxml.html.document_fromstring(offline)
    assert remote_references(offline) == []
    assert [a.get("href") for a in root.iter("a")] == [None, "#section-1"]
    assert (root.findtext(".//title"), root.findtext(".//p")) == ("claims: validation", "10 rows failed")


def test_build_data_docs_writes_offline_pages_per_suite(suites_dir: Path, tmp_path: Path) -> None:
    text = "Shelling hit the neighbo\u0639rhoods of Aleppo."
    article = Article("sha256:doc", 0, len(text), None, None, None, "2016-11-03")
    report = validate_batch([article], [], {"sha256:doc": text}, suites_dir)
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
    assert "newsletter <a>" not in pages["articles.html"]
    assert 'href="articles.html"' in pages["index.html"]


def test_latest_data_docs_finds_the_newest_run_and_keeps_the_older(suites_dir: Path, tmp_path: Path) -> None:
    assert latest_data_docs(tmp_path) is None
    report = validate_batch([], [], {}, suites_dir)
    first = build_data_docs(report, run_folder(tmp_path, "20161103T100000Z", "a"), "first").parent
    second = build_data_docs(report, run_folder(tmp_path, "20161104T090000Z", "b"), "second").parent
    (tmp_path / "data_docs" / "notes").mkdir()
    assert (latest_data_docs(tmp_path), first.is_dir()) == (second, True)
