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
def seed_articles(seed_texts: dict[str, str]) -> dict[str, Article]:
    """Seed file name -> one article spanning the whole document."""
    return {
        name: Article(
            document_id=_doc_id(name),
            start=0,
            end=len(seed_texts[_doc_id(name)]),
            title=None,
            outlet=None,
            byline=None,
            published=published,
        )
        for name, published in PUBLISHED.items()
    }


@pytest.fixture(scope="session")
def gold_claims(seed_articles: dict[str, Article]) -> dict[str, Claim]:
    """Gold id -> the gold annotation as a Claim pointing into its seed."""
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: _gold_claim(r, seed_articles[r["article"]]) for r in records if r["record"] == "claim"}


@pytest.fixture()
def make_claim(gold_claims: dict[str, Claim]) -> Callable[..., Claim]:
    """A gold claim (SOHR's ten dead in Miznaz unless named) with some fields changed."""

    def make(gold_id: str = "seeds:s004:sohr_10", **changes: Any) -> Claim:
        return replace(gold_claims[gold_id], **changes)

    return make


def _doc_id(name: str) -> str:
    return bytes_id((SEEDS / name).read_bytes())


def _gold_claim(record: dict[str, Any], article: Article) -> Claim:
    return Claim(
        document_id=article.document_id,
        article_id=article.id,
        start=record["number_start"],
        end=record["number_start"] + len(record["number_text"]),
        number_text=record["number_text"],
        quote_start=record["quote_start"],
        quote_end=record["quote_start"] + len(record["quote"]),
        quote=record["quote"],
        value_low=record["value_low"],
        value_high=record["value_high"],
        qualifier=record["qualifier"],
        category=record["category"],
        subject=record["subject"],
        unit=record["unit"],
        location=record["location"],
        date_text=record["date"],
        source=record["source"],
    )
