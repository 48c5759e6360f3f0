"""Fuzzing the parsers with arbitrary text and bytes: nothing but documented errors escapes.

Bounded so the suite stays fast; set FUZZ_EXAMPLES=20000 for a long run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factledger.core.extract import extract_claims
from factledger.core.numbers import find_figures, parse_number
from factledger.core.segment import segment_document
from factledger.sources.files import decode_document

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text that looks like news often enough to reach deep branches, and anything else too.
NEWSY = st.sampled_from([
    "At least", "more than", "nearly", "between", "and", "to", "or", "15", "1,000", "2.5 million",
    "nine", "dozens", "hundreds of thousands", "killed", "wounded", "trapped", "said", "told", "Reuters",
    "according to", "citing", "including", "children", ",", ".", "\n", "\n\n", "By ", "Oct 28, 2016",
    "Related news:", "percent", "one in", "-year-old", "on Friday", "since", "throughout October", "’s",
    "\u0639", "\x00", "\ufeff", "\u200b", "½", "٣", "Ⅻ",
])
TEXT = st.one_of(st.text(max_size=400), st.lists(NEWSY, max_size=60).map(" ".join))


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
