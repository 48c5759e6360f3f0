"""The number parser against other projects' test suites and real fact-checked claims.

The selection of cases and the scoring live in bench/eval_numbers.py, so the rates the
benchmark prints are the rates asserted here. Skipped cases are listed, by rule, in
tests/data/external/SKIPPED.md.
"""

from __future__ import annotations

import pytest

from bench.eval_numbers import (
    QUANTEMP_CLAIMS,
    SKIPPED_PATH,
    count_claims_with_figures,
    load_suites,
    read_quantemp_claims,
    render_skipped,
    score,
)
from factledger.core.numbers import find_figures

SUITES = load_suites()


@pytest.mark.parametrize(
    ("suite", "target", "minimum_cases"),
    [
        ("recognizers_text/NumberModel", 0.95, 60),
        ("recognizers_text/NumberRangeModel", 0.90, 50),
        ("quantulum3", 0.95, 20),
        ("number_parser", 0.95, 400),
    ],
)
def test_external_suite_meets_its_target(suite: str, target: float, minimum_cases: int) -> None:
    cases, _ = SUITES[suite]
    result = score(suite, cases)
    assert result.total >= minimum_cases
    assert result.rate >= target, result.failures


def test_external_skipped_list_is_current() -> None:
    assert SKIPPED_PATH.read_text(encoding="utf-8") == render_skipped(SUITES)


def test_external_quantemp_claims_run_and_most_yield_figures() -> None:
    claims = read_quantemp_claims(QUANTEMP_CLAIMS)
    assert len(claims) == 2495
    assert count_claims_with_figures(claims) >= 1300


def test_external_quantemp_first_claim_reads_its_hedge() -> None:
    claim = read_quantemp_claims(QUANTEMP_CLAIMS)[0]
    assert [(f.text, f.value_low, f.value_high, f.qualifier) for f in find_figures(claim)] == [
        ("more than 800,000", 800001, None, "more_than")
    ]
