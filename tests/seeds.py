"""Helpers for tests that check results against the seed gold annotations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from factledger.core.models import Claim

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "data" / "seeds_gold.jsonl"


def gold_records(kind: str) -> list[dict[str, Any]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["record"] == kind]


def gold_claim(record: dict[str, Any], document_id: str, article_id: str, **extra: Any) -> Claim:
    """One gold claim annotation as a Claim; `extra` sets the fields the gold does not pin down."""
    return Claim(
        document_id=document_id,
        article_id=article_id,
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
        **extra,
    )


def copy_seeds(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, target / path.name)
    return target


def claim_for(gold_id: str, claims: list[Claim], locations: dict[str, str]) -> Claim | None:
    """The extracted claim whose figure starts where the gold figure starts, in the same file."""
    gold = next(r for r in gold_records("claim") if r["id"] == gold_id)
    for claim in claims:
        if Path(locations[claim.document_id]).name == gold["article"] and claim.start == gold["number_start"]:
            return claim
    return None
