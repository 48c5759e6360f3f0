from __future__ import annotations

import hashlib
import json
from pathlib import Path

from factledger.core.models import Article
from factledger.sources.jsonl import read_jsonl

RECORD = {
    "url": "https://wire.example/2016/10/28/aleppo",
    "outlet": "Wire",
    "published": "2016-10-28",
    "title": "Aleppo shelling",
    "text": "At least 15 people were killed in Aleppo, a monitor said.",
}


def test_read_jsonl_makes_one_document_and_article_per_record(tmp_path: Path) -> None:
    line = json.dumps(RECORD).encode()
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(line + b"\n\n")
    [loaded] = read_jsonl(path, "2026-11-22T10:00:00+00:00")
    doc = loaded.document
    assert (doc.location, doc.text, doc.status, doc.media_type) == (
        "https://wire.example/2016/10/28/aleppo",
        "At least 15 people were killed in Aleppo, a monitor said.",
        "ok",
        "application/jsonl",
    )
    assert doc.sha256 == hashlib.sha256(line).hexdigest()
    assert loaded.raw == line
    assert loaded.articles == (
        Article(doc.id, 0, 57, "Aleppo shelling", "Wire", None, "2016-10-28", segmenter_version="jsonl-1"),
    )


def test_read_jsonl_quarantines_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [b"{not json", json.dumps({"url": "u"}).encode(), json.dumps(RECORD).encode(), b"[1, 2]"]
    path.write_bytes(b"\n".join(lines))
    loaded = read_jsonl(path, "2026-11-22T10:00:00+00:00")
    assert [(d.document.location, d.document.status, d.document.reason) for d in loaded] == [
        (
            f"{path}#L1",
            "quarantined",
            "not a JSON record: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        (f"{path}#L2", "quarantined", "no text field"),
        ("https://wire.example/2016/10/28/aleppo", "ok", None),
        (f"{path}#L4", "quarantined", "not a JSON object"),
    ]


def test_read_jsonl_refuses_non_string_fields(tmp_path: Path) -> None:
    path = tmp_path / "typed.jsonl"
    path.write_text(json.dumps({**RECORD, "published": 20161028}))
    [loaded] = read_jsonl(path, "2026-11-22T10:00:00+00:00")
    assert (loaded.document.status, loaded.document.reason) == (
        "quarantined",
        "fields must be strings: published",
    )


def test_read_jsonl_quarantines_a_line_over_the_cap_and_reads_the_next(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long = json.dumps({**RECORD, "text": "x" * 500}).encode()
    path.write_bytes(long + b"\n" + json.dumps(RECORD).encode() + b"\n")
    loaded = read_jsonl(path, "2026-11-22T10:00:00+00:00", max_bytes=200)
    assert [(d.document.location, d.document.status, d.document.reason) for d in loaded] == [
        (f"{path}#L1", "quarantined", "too large: over 200 bytes (FACTLEDGER_MAX_DOCUMENT_BYTES)"),
        ("https://wire.example/2016/10/28/aleppo", "ok", None),
    ]


def test_read_jsonl_reads_written_out_and_month_only_dates(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    dates = ["28 October 2016", "2016-11", None, "the day after"]
    path.write_text(
        "\n".join(json.dumps({**RECORD, "url": f"u{i}", "published": d}) for i, d in enumerate(dates))
    )
    loaded = read_jsonl(path, "2026-11-22T10:00:00+00:00")
    assert [item.articles[0].published for item in loaded] == ["2016-10-28", "2016-11", None, "the day after"]
