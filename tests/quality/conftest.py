"""Fixtures for the quality tests: real seed text, gold claims built into records."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factledger.core.models import Article, Claim
from factledger.core.provenance import bytes_id
from factledger.core.segment import segment_document
from tests.seeds import gold_claim

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "data" / "seeds_gold.jsonl"
PUBLISHED = {"000_530d1556fb073557.txt": "2016-10-28", "004_a116a0743e2e7e41.txt": "2016-11-03"}


@pytest.fixture(scope="session")
def suites_dir() -> Path:
    return REPO / "expectations"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Document id -> decoded text of each seed file."""
    return {_doc_id(name): (SEEDS / name).read_text(encoding="utf-8") for name in PUBLISHED}


@pytest.fixture(scope="session")
def seed_segments(seed_texts: dict[str, str]) -> dict[str, list[Article]]:
    """Seed file name -> its reports as the segmenter cuts them (with their skip spans)."""
    return {name: segment_document(_doc_id(name), seed_texts[_doc_id(name)]) for name in PUBLISHED}


@pytest.fixture(scope="session")
def seed_articles(seed_segments: dict[str, list[Article]]) -> dict[str, Article]:
    """Seed file name -> its first report."""
    return {name: articles[0] for name, articles in seed_segments.items()}


@pytest.fixture(scope="session")
def all_seed_articles(seed_segments: dict[str, list[Article]]) -> list[Article]:
    """Every report of every seed, in file order."""
    return [article for name in PUBLISHED for article in seed_segments[name]]


@pytest.fixture(scope="session")
def gold_claims(seed_segments: dict[str, list[Article]]) -> dict[str, Claim]:
    """Gold id -> the gold annotation as a Claim pointing into its seed and report."""
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    return {
        r["id"]: _gold_claim(r, _report_at(seed_segments[r["article"]], r["number_start"]))
        for r in records
        if r["record"] == "claim"
    }


@pytest.fixture()
def make_claim(gold_claims: dict[str, Claim]) -> Callable[..., Claim]:
    """A gold claim (SOHR's ten dead in Miznaz unless named) with some fields changed."""

    def make(gold_id: str = "seeds:s004:sohr_10", **changes: Any) -> Claim:
        return replace(gold_claims[gold_id], **changes)

    return make


def _doc_id(name: str) -> str:
    return bytes_id((SEEDS / name).read_bytes())


def _report_at(articles: list[Article], offset: int) -> Article:
    return next(a for a in articles if a.start <= offset < a.end)


def _gold_claim(record: dict[str, Any], article: Article) -> Claim:
    return gold_claim(record, article.document_id, article.id)
