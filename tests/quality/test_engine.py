"""The GX engine: lazy import, one locked context, each caller gets its own results."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from factledger.core.models import Claim
from factledger.quality import ValidationReport, validate_batch


def test_import_quality_does_not_import_great_expectations() -> None:
    code = "import sys, factledger.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_validate_batch_from_two_threads_gives_each_its_own_results(
    make_claim: Callable[..., Claim],
    gold_claims: dict[str, Claim],
    seed_texts: dict[str, str],
    suites_dir: Path,
) -> None:
    sound = list(gold_claims.values())
    batches = {
        "a": [*sound, make_claim(qualifier="roughly")],
        "b": [make_claim(value_low=-10, value_high=None, qualifier="at_least")] * 1 + sound[:5],
    }
    reports: dict[str, list[ValidationReport]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        start.wait()
        for _ in range(2):
            reports[name].append(validate_batch([], batches[name], seed_texts, suites_dir))

    threads = [threading.Thread(target=work, args=(name,)) for name in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen = {
        name: {(f.expectation_id, f.row_id) for r in runs for f in r.failures}
        for name, runs in reports.items()
    }
    rows = {name: {r.results[1].rows for r in runs} for name, runs in reports.items()}
    assert (seen, rows) == (
        {
            "a": {("claims.qualifier.known", batches["a"][-1].id)},
            "b": {("claims.value_low.non_negative", batches["b"][0].id)},
        },
        {"a": {23}, "b": {6}},
    )
