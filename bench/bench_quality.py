"""Time Great Expectations validation of many claims: `python bench/bench_quality.py [N]`.

Builds N claims (default 100,000) by repeating the figures extracted from the seeds with
shifted values, so every claim has its own id, then times each part of `validate_batch`
on them: building the frame, running the claims suite, and the whole call. The first
validation (GX import and context set-up) is timed apart, as it happens once per process.
Target: the claims suite over 100,000 claims in under 2 s.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factledger.core.extract import extract_claims  # noqa: E402
from factledger.core.models import Article, Claim  # noqa: E402
from factledger.core.provenance import bytes_id  # noqa: E402
from factledger.core.segment import segment_document  # noqa: E402
from factledger.quality import validate_batch  # noqa: E402
from factledger.quality.frames import build_claims_frame  # noqa: E402
from factledger.quality.suites import read_suite  # noqa: E402
from factledger.quality.validate import validate_frame  # noqa: E402

SUITES = REPO / "expectations"


def load_seed_claims() -> tuple[list[Article], list[Claim], dict[str, str]]:
    """Articles and claims of every seed, as the pipeline extracts them."""
    articles: list[Article] = []
    claims: list[Claim] = []
    texts: dict[str, str] = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        document_id = bytes_id(path.read_bytes())
        found = segment_document(document_id, text)
        articles += found
        claims += extract_claims(text, found)
        texts[document_id] = text
    return articles, claims, texts


def multiply(claims: list[Claim], count: int) -> list[Claim]:
    """`count` distinct claims: the seed claims again and again, each copy's values shifted."""
    out = []
    for i in range(count):
        claim = claims[i % len(claims)]
        shift = i // len(claims)
        low = None if claim.value_low is None else claim.value_low + shift
        high = None if claim.value_high is None else claim.value_high + shift
        if claim.category == "share":
            low, high = claim.value_low, claim.value_high
        out.append(replace(claim, value_low=low, value_high=high, subject=f"{claim.subject}#{shift}"))
    return out


def timed(label: str, work: Callable[[], object]) -> float:
    """Run `work` once and print how long it took."""
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:8.3f} s")
    return elapsed


def main(count: int) -> None:
    articles, seed_claims, texts = load_seed_claims()
    claims = multiply(seed_claims, count)
    print(f"{count:,} claims from {len(seed_claims)} seed claims; {len(articles)} articles")
    timed("claim ids (sha256 of content, once each)", lambda: [c.id for c in claims])
    timed("first validation (GX import + context)", lambda: validate_batch([], claims[:10], texts, SUITES))
    spec = read_suite(SUITES / "claims.json")
    frame = build_claims_frame(claims, texts)
    timed("build the claims frame", lambda: build_claims_frame(claims, texts))
    suite_time = timed("claims suite on the frame", lambda: validate_frame(frame, "claims", spec))
    whole = timed(
        "validate_batch (articles + claims)", lambda: validate_batch(articles, claims, texts, SUITES)
    )
    verdict = "met" if suite_time < 2.0 else "missed"
    print(f"claims suite: {count / suite_time:,.0f} claims/s; target < 2 s {verdict}")
    print(f"validate_batch: {count / whole:,.0f} claims/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
