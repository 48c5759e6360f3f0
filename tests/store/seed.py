"""Seed 004 as the pipeline would store it, built from the real file and its gold claims.

The offsets `verify` checks are the annotator's, not invented ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from factledger.core.models import (
    Activity,
    Article,
    Claim,
    Conflict,
    Reconciled,
    SourceDocument,
    ValidationFailure,
)
from factledger.core.provenance import bytes_id
from factledger.store import Batch, QueueRequest, RunInfo
from tests.seeds import gold_claim

ROOT = Path(__file__).resolve().parents[2]
SEED = "004_a116a0743e2e7e41.txt"
FETCHED_AT = "2026-01-05T10:00:00+00:00"
STARTED = datetime(2026, 1, 5, 10, 0, 1, tzinfo=UTC)
FINISHED = datetime(2026, 1, 5, 10, 0, 3, 250000, tzinfo=UTC)


@dataclass(frozen=True)
class Seed:
    """Seed 004 as the pipeline would store it."""

    raw: bytes
    document: SourceDocument
    article: Article
    claims: dict[str, Claim]  # by gold id, e.g. "lcc_9"
    failure: ValidationFailure
    conflict: Conflict
    activity: Activity
    run: RunInfo

    def batch(self) -> Batch:
        """Everything, as one batch."""
        return Batch(
            documents=[(self.document, self.raw)],
            articles=[self.article],
            claims=list(self.claims.values()),
            failures=[self.failure],
            conflicts=[self.conflict],
            queue=[conflict_request(self.conflict), failure_request(self.failure)],
            quarantine_claims={self.claims["share_90"].id: ["claims.value_is_count"]},
            activities=[(self.activity, self.run)],
        )


def conflict_request(conflict: Conflict) -> QueueRequest:
    """The queue request the router makes for a conflict."""
    return QueueRequest(conflict.key, "conflict", conflict.id, conflict.priority, "Miznaz killed")


def failure_request(failure: ValidationFailure) -> QueueRequest:
    """The queue request the router makes for a warning."""
    return QueueRequest(failure.id, "quality", failure.id, 0.25, "share without a base")


def gold_claims(document: SourceDocument, article: Article) -> dict[str, Claim]:
    """Seed 004's gold claims as Claim records."""
    claims = {}
    for line in (ROOT / "tests" / "data" / "seeds_gold.jsonl").read_text().splitlines():
        gold = json.loads(line)
        if gold["record"] == "claim" and gold["article"] == SEED:
            claims[gold["id"].rsplit(":", 1)[1]] = claim_from_gold(gold, document, article)
    return claims


def claim_from_gold(gold: dict[str, Any], document: SourceDocument, article: Article) -> Claim:
    """One gold annotation as a Claim."""
    return gold_claim(
        gold,
        document.id,
        article.id,
        source_chain=("The New Arab",) + ((gold["source"],) if gold["source"] else ()),
        extractor_version="gold-1",
    )


def load_seed() -> Seed:
    """Seed 004 with its gold claims, a warning, a conflict and an extract activity."""
    raw = (ROOT / "seeds" / SEED).read_bytes()
    text = raw.decode("utf-8")
    document = SourceDocument(
        f"seeds/{SEED}", bytes_id(raw).split(":")[1], "text/plain", len(raw), FETCHED_AT, text
    )
    article = Article(
        document.id,
        0,
        len(text),
        "Fresh rebel push in Aleppo to preempt 'Russian onslaught'",
        "The New Arab",
        None,
        "2016-11-03",
        ((59, 116), (117, 127)),
        "segmenter-1",
    )
    claims = gold_claims(document, article)
    failure = ValidationFailure(
        "claims",
        "claims.value_is_count",
        "expect_column_values_to_be_in_set",
        "warning",
        "claims",
        claims["share_90"].id,
        "category share is not a count",
    )
    conflict = Conflict(
        "hard_conflict",
        "high",
        (claims["lcc_9"].id, claims["sohr_10"].id),
        ("disjoint_intervals",),
        Reconciled(9, 10, 9, 2),
        "miznaz|killed|people|2016-11-03",
        0.9,
        "rules-1",
    )
    activity = Activity(
        "extract",
        "0.1.0",
        "rules-1",
        {"batch": 1, "languages": ["en"]},
        (document.id,),
        (article.id, *(claim.id for claim in claims.values())),
    )
    return Seed(
        raw,
        document,
        article,
        claims,
        failure,
        conflict,
        activity,
        RunInfo(STARTED, FINISHED, "completed", "flow-1", "task-1", None),
    )
