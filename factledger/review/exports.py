"""Decided items in exchange formats: CSV rows per figure and schema.org ClaimReview JSON-LD.

The CSV has one row per figure of each settled item, with what the figure says (text,
interval, category, subject, place, date, source, quote) beside the decision that settled
it, so it reads without a join. A ClaimReview is written per figure of a settled conflict,
with the fields schema.org and Google's ClaimReview documentation ask for: the publishing
organisation as its author, the claim (`itemReviewed`) with its own author, date and where
it appeared, a public `url`, and the verdict as `reviewRating`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from factledger.core.attribution import canonical_source
from factledger.core.models import Article, Claim
from factledger.errors import ConfigError
from factledger.review.queue import ItemDetail, ReviewQueue
from factledger.store.review import Decision
from factledger.store.rows import to_article
from factledger.store.tables import articles

DECISION_FIELDS = (
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
)
FIGURE_FIELDS = (
    "verdict",
    "claim_id",
    "number_text",
    "value_low",
    "value_high",
    "qualifier",
    "category",
    "subject",
    "location",
    "place_settlement",
    "place_region",
    "place_country",
    "place_id",
    "date",
    "date_text",
    "time_start",
    "time_end",
    "source",
    "source_type",
    "document",
    "quote",
)
CSV_FIELDS = (*DECISION_FIELDS, *FIGURE_FIELDS, "content_hash")
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
# Verdicts that say nothing publishable about what a source claimed.
UNPUBLISHED = ("misread", "escalate")
PERSON_TYPES = ("journalist", "witness")
# Words that make a name an organisation's, whatever its source type says.
ORGANISATION_WORDS = re.compile(
    r"\b(?:observatory|ministry|committees?|council|agency|organi[sz]ation|group|network|forces|"
    r"army|news|office|department|commission|union|cent(?:re|er)|institute|service|coalition|"
    r"front|authorit(?:y|ies)|government|crescent|cross|nations|media|television|tv|radio|press|"
    r"agence|hospital|police|brigades?|movement|party|crew|team|officials?|sources?)\b",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][\w’'-]+"
PERSON_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:al|el|de|bin|ibn|abu|van|von)[- ])?{_NAME_WORD}){{1,3}}")
POSSESSOR = re.compile(r"^.*?[’']s\s+(?=[A-Z])")  # "RT’s Murad Gazdiev": the outlet before the name
# Role words before a name: "local activist Abu Ahmed", "UN envoy Staffan de Mistura".
DESCRIPTORS = re.compile(r"^(?:(?:the|an?|[a-z][\w-]*|[A-Z]{2,})\s+)+(?=[A-Z][a-z])")
URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Publishing:
    """Who publishes the reviews and where: required for ClaimReview, never guessed."""

    publisher: str
    base_url: str
    publisher_url: str | None = None

    @classmethod
    def checked(cls, publisher: str | None, base_url: str | None, publisher_url: str | None) -> Publishing:
        """The settings, or a one-line error naming the one that is missing."""
        if not (base_url or "").strip():
            raise ConfigError(
                "ClaimReview needs the public base URL of the review pages: "
                "set FACTLEDGER_PUBLIC_URL or pass --base-url"
            )
        if not (publisher or "").strip():
            raise ConfigError(
                "ClaimReview needs the publishing organisation's name: "
                "set FACTLEDGER_PUBLISHER or pass --publisher"
            )
        assert publisher is not None and base_url is not None  # checked just above
        return cls(publisher.strip(), base_url.strip().rstrip("/"), (publisher_url or "").strip() or None)


def decided_rows(queue: ReviewQueue) -> list[dict[str, Any]]:
    """One row per figure of each settled item (one row, figures empty, for an item without any)."""
    rows: list[dict[str, Any]] = []
    for item, decision in queue.decided():
        base = decision_row(item.key, item.kind, item.state, item.version, decision)
        detail = queue.detail(item.key)
        if not detail.claims:
            rows.append(base)
        for claim in detail.claims:
            rows.append(base | figure_row(detail, claim, decision))
    return rows


def decision_row(key: str, kind: str, state: str, version: int, d: Decision) -> dict[str, Any]:
    """The decision part of a CSV row."""
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
        "content_hash": d.content_hash,
    }


def figure_row(detail: ItemDetail, claim: Claim, decision: Decision) -> dict[str, Any]:
    """What one figure says, and the decision's verdict on it."""
    return {
        "verdict": VERDICTS[verdict_of(claim, decision)][1],
        "claim_id": claim.id,
        "number_text": claim.number_text,
        "value_low": claim.value_low,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "category": claim.category,
        "subject": claim.subject,
        "location": claim.location,
        "place_settlement": claim.place_settlement,
        "place_region": claim.place_region,
        "place_country": claim.place_country,
        "place_id": claim.place_id,
        "date": claim.date,
        "date_text": claim.date_text,
        "time_start": claim.time_start,
        "time_end": claim.time_end,
        "source": claim.source,
        "source_type": claim.source_type,
        "document": document_location(detail, claim),
        "quote": claim.quote,
    }


def claim_reviews(queue: ReviewQueue, publishing: Publishing) -> list[dict[str, Any]]:
    """ClaimReview JSON-LD for every publishable figure of every settled conflict."""
    reviews: list[dict[str, Any]] = []
    for item, decision in queue.decided():
        if item.kind != "conflict":
            continue  # a quality digest is about the data, not about what a source claimed
        detail = queue.detail(item.key)
        found = load_articles(queue, [c.article_id for c in detail.claims])
        for claim in detail.claims:
            if verdict_of(claim, decision) not in UNPUBLISHED:
                reviews.append(claim_review(detail, claim, decision, found.get(claim.article_id), publishing))
    return reviews


def claim_review(
    detail: ItemDetail, claim: Claim, decision: Decision, article: Article | None, publishing: Publishing
) -> dict[str, Any]:
    """One ClaimReview: what was claimed, by whom, when and where, and the verdict on it."""
    value, label = VERDICTS[verdict_of(claim, decision)]
    claimed: dict[str, Any] = {
        "@type": "Claim",
        "author": claim_author(claim, article),
        "appearance": appearance(detail, claim, article),
    }
    if article is not None and article.published:
        claimed["datePublished"] = article.published
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{publishing.base_url}/items/{detail.item.key}#claim-{claim.id}",
        "datePublished": decision.created_at.date().isoformat(),
        "claimReviewed": claim.quote,
        "itemReviewed": claimed,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "author": organisation(publishing.publisher, publishing.publisher_url or publishing.base_url),
    }


def organisation(name: str, url: str | None = None) -> dict[str, Any]:
    """A schema.org Organization."""
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        found["url"] = url
    return found


def claim_author(claim: Claim, article: Article | None) -> dict[str, Any]:
    """Who made the claim: a named person as a Person, else the canonical source's Organization.

    A figure nobody is said to give is the publishing outlet's own claim.
    """
    if not claim.source:
        outlet = (article.outlet if article else None) or (
            claim.source_chain[0] if claim.source_chain else None
        )
        return organisation(outlet or "unattributed")
    person = person_named(claim.source)
    if person is not None:
        return {"@type": "Person", "name": person}
    return organisation(canonical_source(claim.source))


def person_named(source: str) -> str | None:
    """The person's name when a source phrase names one ("RT’s Murad Gazdiev"), else None."""
    name = DESCRIPTORS.sub("", POSSESSOR.sub("", source.strip()))
    name = re.sub(r"\s*\([^)]*\)", "", name).strip(" ,")
    if ORGANISATION_WORDS.search(name) or PERSON_NAME.fullmatch(name) is None:
        return None
    return name


def appearance(detail: ItemDetail, claim: Claim, article: Article | None) -> dict[str, Any]:
    """Where the claim appeared: the article, with its URL when it was read from one."""
    found: dict[str, Any] = {"@type": "CreativeWork"}
    location = document_location(detail, claim)
    if URL.match(location):
        found["url"] = location
    if article is not None:
        if article.title:
            found["headline"] = article.title
        if article.outlet:
            found["publisher"] = organisation(article.outlet)
        if article.published:
            found["datePublished"] = article.published
    return found


def load_articles(queue: ReviewQueue, ids: Sequence[str]) -> dict[str, Article]:
    """Articles by id."""
    if not ids:
        return {}
    with queue.reading() as connection:
        query = select(articles).where(articles.c.id.in_(sorted(set(ids))))
        return {row["id"]: to_article(row) for row in connection.execute(query).mappings()}


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
