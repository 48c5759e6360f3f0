"""Fuzzing the parsers with arbitrary text and bytes: nothing but documented errors escapes.

Bounded so the suite stays fast; set FUZZ_EXAMPLES=20000 for a long run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factledger.caps import over_cap
from factledger.core.extract import extract_claims
from factledger.core.models import Article
from factledger.core.numbers import find_figures, parse_number
from factledger.core.segment import segment_document
from factledger.errors import SourceError
from factledger.sources.dates import read_published
from factledger.sources.feeds import parse_feed
from factledger.sources.files import BOMS, decode_document, decode_text
from factledger.sources.jsonl import read_jsonl, read_record
from factledger.sources.web import html_document

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text that looks like news often enough to reach deep branches, and anything else too.
NEWSY = st.sampled_from(
    [
        "At least",
        "more than",
        "nearly",
        "between",
        "and",
        "to",
        "or",
        "15",
        "1,000",
        "2.5 million",
        "nine",
        "dozens",
        "hundreds of thousands",
        "killed",
        "wounded",
        "trapped",
        "said",
        "told",
        "Reuters",
        "according to",
        "citing",
        "including",
        "children",
        ",",
        ".",
        "\n",
        "\n\n",
        "By ",
        "Oct 28, 2016",
        "Related news:",
        "percent",
        "one in",
        "-year-old",
        "on Friday",
        "since",
        "throughout October",
        "’s",
        "\u0639",
        "\x00",
        "\ufeff",
        "\u200b",
        "½",
        "٣",
        "Ⅻ",
    ]
)
TEXT = st.one_of(st.text(max_size=400), st.lists(NEWSY, max_size=60).map(" ".join))
WHEN = "2016-11-04T00:00:00+00:00"
# JSON values of every kind in the record's fields, so type checks are reached, not only syntax errors.
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
RECORD = st.fixed_dictionaries(
    {}, optional={k: JSON_VALUE for k in ("url", "outlet", "published", "title", "text")}
).map(lambda record: json.dumps(record).encode())
LINE = st.one_of(st.binary(max_size=200), RECORD)
HTML_BITS = st.sampled_from(
    [
        "<html>",
        "<head>",
        "<title>",
        "</title>",
        '<meta property="og:site_name" content="RT">',
        "<body>",
        "<article>",
        "<p>",
        "</p>",
        "<h1>",
        "<script>",
        "</script>",
        '<div class="byline">',
        '<time datetime="2016-10-28">',
        "&amp;",
        "&#x0;",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "\x00",
    ]
)
HTML = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(HTML_BITS, NEWSY), max_size=80).map(
        lambda parts: " ".join(parts).encode("utf-8", "replace")
    ),
)
FEED_BITS = st.sampled_from(
    [
        '<?xml version="1.0"?>',
        '<rss version="2.0">',
        "<channel>",
        "<item>",
        "</item>",
        "<link>",
        "</link>",
        "https://example.org/a",
        "/relative",
        "urn:uuid:1",
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<entry>",
        '<link href="/b"/>',
        "<pubDate>",
        "Fri, 28 Oct 2016 10:00:00 GMT",
        "</pubDate>",
        "\x00",
    ]
)
FEED = st.one_of(st.binary(max_size=300), st.lists(FEED_BITS, max_size=40).map(lambda p: "".join(p).encode()))


@FUZZ
@given(TEXT)
def test_find_figures_never_raises_and_slices_exactly(text: str) -> None:
    for figure in find_figures(text):
        assert text[figure.start : figure.end] == figure.text


@FUZZ
@given(st.text(max_size=80))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, (int, float))


@FUZZ
@given(TEXT)
def test_segment_and_extract_never_raise_and_keep_offsets(text: str) -> None:
    articles = segment_document("sha256:fuzz", text)
    for claim in extract_claims(text, articles):
        assert text[claim.start : claim.end] == claim.number_text
        assert text[claim.quote_start : claim.quote_end] == claim.quote


@FUZZ
@given(st.binary(max_size=300))
def test_decode_document_never_raises_on_any_bytes(raw: bytes) -> None:
    doc = decode_document("fuzz.txt", raw, "text/plain", "2016-11-04T00:00:00+00:00")
    assert doc.status in ("ok", "quarantined")
    assert (doc.status == "ok") == (doc.reason is None)


@FUZZ
@given(LINE)
def test_read_record_never_raises_and_quarantines_with_a_reason(line: bytes) -> None:
    loaded = read_record(line, "fuzz.jsonl#L1", WHEN)
    doc = loaded.document
    assert (doc.status == "ok") == (doc.reason is None)
    for article in loaded.articles:
        assert 0 <= article.start <= article.end <= len(doc.text)


@FUZZ
@given(st.lists(LINE, max_size=6).map(b"\n".join))
def test_read_jsonl_never_raises_on_any_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(raw)
        loaded = read_jsonl(path, WHEN)
    assert len(loaded) == sum(1 for line in raw.split(b"\n") if line.strip())


@FUZZ
@given(HTML)
def test_html_document_never_raises_and_keeps_its_bytes(raw: bytes) -> None:
    loaded = html_document("https://example.org/fuzz", raw, "text/html", WHEN)
    assert loaded.raw == raw
    assert (loaded.document.status == "ok") == bool(loaded.document.text)


@FUZZ
@given(FEED)
@example(b"<channel<item<link</item</link>")  # broke feedparser's lenient parser
def test_parse_feed_raises_only_source_error_and_gives_web_links_only(raw: bytes) -> None:
    try:
        entries = parse_feed(raw, "https://example.org/feed.xml")
    except SourceError as error:
        assert error.reason.startswith("unreadable feed")
        return
    for entry in entries:
        assert entry.url.startswith(("http://", "https://"))


DATE_BITS = st.sampled_from(
    [
        "2016",
        "-",
        "10",
        "28",
        "T",
        "14:05:00",
        "Z",
        "+02:00",
        " ",
        ",",
        "October",
        "Oct.",
        "Fri",
        "28th",
        "/",
        "\x00",
    ]
)
DATE = st.one_of(st.text(max_size=40), st.lists(DATE_BITS, max_size=12).map("".join))
ISO_READ = r"\d{4}(-\d{2}(-\d{2})?)?"


@FUZZ
@given(DATE)
def test_read_published_never_raises_and_gives_an_iso_date_or_the_raw_text(raw: str) -> None:
    import re

    read = read_published(raw)
    assert read is None or read == raw or re.fullmatch(ISO_READ, read)
    assert (read is None) == (not raw.strip())


@FUZZ
@given(st.sampled_from([bom for bom, _, _ in BOMS] + [b""]), st.binary(max_size=200))
def test_decode_text_never_raises_on_text_behind_any_byte_order_mark(bom: bytes, body: bytes) -> None:
    text, reason = decode_text(bom + body)
    assert (reason is None) == bool(text)
    assert "\x00" not in text


@FUZZ
@given(st.lists(LINE, max_size=6).map(b"\n".join), st.integers(min_value=1, max_value=120))
def test_read_jsonl_under_any_cap_gives_one_document_per_line_and_never_raises(raw: bytes, cap: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(raw)
        loaded = read_jsonl(path, WHEN, max_bytes=cap)
    assert len(loaded) == sum(1 for line in raw.split(b"\n") if line.strip() or len(line) > cap)
    for item in loaded:
        assert item.document.size <= cap
        assert item.document.status == "quarantined" or item.document.text.encode("utf-8")


@FUZZ
@given(TEXT, st.integers(min_value=0, max_value=20), st.integers(min_value=1, max_value=20))
def test_over_cap_never_raises_and_names_its_cap(text: str, figures: int, digits: int) -> None:
    article = Article("sha256:fuzz", 0, len(text), None, None, None, None)
    reason = over_cap(text, [article], figures, digits)
    assert reason is None or "FACTLEDGER_MAX_" in reason
