"""Decided items in exchange formats: flat CSV rows and schema.org ClaimReview JSON-LD.

A ClaimReview is written per claim of a settled item: the claim as its source made it
(author, where it appeared) and the reviewer's verdict on it as a rating.
"""

from __future__ import annotations

from typing import Any

from factledger.core.models import Claim
from factledger.review.queue import ItemDetail, ReviewQueue
from factledger.store.review import Decision

CSV_FIELDS = (
    "key",
    "kind",
    "state",
    "version",
    "decision_id",
    "action",
    "reviewer",
    "decided_at",
    "note",
    "headline",
    "low",
    "high",
    "claim_id",
    "content_hash",
)
# ratingValue on a 1..5 scale: 5 the figure stands, 1 it does not.
VERDICTS = {
    "accepted": (5, "Accepted figure"),
    "rejected": (2, "Disputed by the accepted figure"),
    "within": (5, "Within the reconciled range"),
    "outside": (2, "Outside the reconciled range"),
    "split": (3, "About a different event"),
    "misread": (1, "Misread by extraction"),
    "escalate": (3, "Escalated, not settled"),
    "dismiss": (4, "No real disagreement"),
}


def decided_rows(queue: ReviewQueue) -> list[dict[str, Any]]:
    """One row per settled item: the decision that settled it."""
    return [decision_row(item.key, item.kind, item.state, item.version, d) for item, d in queue.decided()]


def decision_row(key: str, kind: str, state: str, version: int, d: Decision) -> dict[str, Any]:
    """The CSV row of one settled item."""
    return {
        "key": key,
        "kind": kind,
        "state": state,
        "version": version,
        "decision_id": d.id,
        "action": d.action,
        "reviewer": d.reviewer,
        "decided_at": d.created_at.isoformat(),
        "note": d.note or "",
        "headline": d.payload.get("headline"),
        "low": d.payload.get("low"),
        "high": d.payload.get("high"),
        "claim_id": d.payload.get("claim_id", ""),
        "content_hash": d.content_hash,
    }


def claim_reviews(queue: ReviewQueue, base_url: str) -> list[dict[str, Any]]:
    """ClaimReview JSON-LD objects for every claim of every settled item."""
    reviews: list[dict[str, Any]] = []
    for item, decision in queue.decided():
        detail = queue.detail(item.key)
        for claim in detail.claims:
            reviews.append(claim_review(detail, claim, decision, base_url))
    return reviews


def claim_review(detail: ItemDetail, claim: Claim, decision: Decision, base_url: str) -> dict[str, Any]:
    """One ClaimReview: what was claimed, by whom and where, and the verdict on it."""
    value, label = VERDICTS[verdict_of(claim, decision)]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/items/{detail.item.key}#claim-{claim.id}",
        "datePublished": decision.created_at.date().isoformat(),
        "claimReviewed": claim.quote,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": claim.source or "unattributed"},
            "appearance": {
                "@type": "CreativeWork",
                "url": document_location(detail, claim),
                "text": claim.number_text,
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "author": {"@type": "Person", "name": decision.reviewer},
    }


def document_location(detail: ItemDetail, claim: Claim) -> str:
    """Where the claim appeared: the document's path or URL as ingested."""
    return detail.locations.get(claim.document_id, claim.document_id)


def verdict_of(claim: Claim, decision: Decision) -> str:
    """The verdict key for one claim under a decision."""
    payload = decision.payload
    if decision.action == "accept":
        return "accepted" if payload.get("claim_id") == claim.id else "rejected"
    if decision.action == "range":
        return "within" if inside(claim, payload.get("low"), payload.get("high")) else "outside"
    if decision.action == "extraction_error":
        return "misread" if payload.get("claim_id") == claim.id else "escalate"
    return decision.action


def inside(claim: Claim, low: float | None, high: float | None) -> bool:
    """Whether a claim's interval lies within low..high (open ends allowed)."""
    floor = claim.value_low if claim.value_low is not None else claim.value_high
    ceiling = claim.value_high if claim.value_high is not None else claim.value_low
    above = low is None or (floor is not None and floor >= low)
    below = high is None or (ceiling is not None and ceiling <= high)
    return above and below
