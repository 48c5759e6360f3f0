"""Event-frame text reading: names found by their opening capital as at a word boundary."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factledger.core.eventframes import _NAME, lead_terms

# The pattern names were first read with: a word boundary, then a capitalised run.
_BOUNDARY_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")


def test_names_start_at_a_word_boundary_only() -> None:
    lead = "McGregor met Ann Holt-Vance in O'Brien Park; eGov and xRiver are not names. Élan Vital"
    assert _NAME.findall(lead) == ["Ann Holt-Vance", "Brien Park", "Vital"]
    assert _NAME.findall(lead) == _BOUNDARY_NAME.findall(lead)
    assert {"ann holt-vance", "brien park", "vital"} <= lead_terms(lead)


@settings(max_examples=300)
@given(st.text(alphabet="AaBbZz -'_9é\n", max_size=60))
def test_names_are_what_the_word_boundary_pattern_finds(lead: str) -> None:
    assert [m.span() for m in _NAME.finditer(lead)] == [m.span() for m in _BOUNDARY_NAME.finditer(lead)]
