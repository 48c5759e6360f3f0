"""Exports of decided items: ClaimReview a fact-checker can publish, and a CSV that reads alone."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import update

from factledger.cli import main
from factledger.review.exports import CSV_FIELDS, person_named
from factledger.store import Store
from factledger.store.tables import documents
from tests.store.seed import Seed

PUBLISHING = {
    "FACTLEDGER_PUBLIC_URL": "https://factcheck.example.org/review/",
    "FACTLEDGER_PUBLISHER": "Example Fact Desk",
    "FACTLEDGER_PUBLISHER_URL": "https://example.org",
}
# What schema.org's ClaimReview and Google's ClaimReview documentation ask of each review.
REQUIRED = {
    "@context",
    "@type",
    "url",
    "datePublished",
    "claimReviewed",
    "itemReviewed",
    "reviewRating",
    "author",
}


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def decide_accepting_the_nine(store: Store, seed: Seed) -> None:
    key, nine = seed.conflict.key, seed.claims["lcc_9"].id
    code, out = invoke(
        "review",
        "decide",
        key,
        "accept",
        "--claim",
        nine,
        "--version",
        "1",
        "--reviewer",
        "ana",
        "--db",
        store.url,
    )
    assert code == 0, out


def assert_publishable(review: dict[str, Any]) -> None:
    """One ClaimReview checked against the fields schema.org and Google document."""
    assert set(review) >= REQUIRED
    assert (review["@context"], review["@type"]) == ("https://schema.org", "ClaimReview")
    assert review["url"].startswith("https://factcheck.example.org/review/items/sha256:")
    date.fromisoformat(review["datePublished"])
    assert review["claimReviewed"].strip()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://example.org",
    }
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] in ("Person", "Organization") and claim["author"]["name"].strip()
    date.fromisoformat(claim["datePublished"])
    assert claim["appearance"]["@type"] == "CreativeWork"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"].strip()
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_claimreview_has_every_field_schema_org_and_google_ask_for(seeded_store: Store, seed: Seed) -> None:
    decide_accepting_the_nine(seeded_store, seed)
    with seeded_store.engine.begin() as connection:
        where = documents.c.id == seed.document.id
        connection.execute(update(documents).where(where).values(location="https://news.example.com/aleppo"))
    code, out = invoke("export", "claimreview", "--db", seeded_store.url, env=PUBLISHING)
    assert code == 0, out
    reviews = json.loads(out)
    assert len(reviews) == 2
    for review in reviews:
        assert_publishable(review)
    by_quote = {r["claimReviewed"]: r for r in reviews}
    nine = by_quote[seed.claims["lcc_9"].quote]["itemReviewed"]
    assert nine["datePublished"] == "2016-11-03"
    assert nine["appearance"]["url"] == "https://news.example.com/aleppo"
    assert nine["appearance"]["publisher"] == {"@type": "Organization", "name": "The New Arab"}
    assert nine["author"] == {"@type": "Organization", "name": "Local Coordination Committees"}
    ratings = {q: r["reviewRating"]["alternateName"] for q, r in by_quote.items()}
    assert ratings[seed.claims["lcc_9"].quote] == "Accepted figure"
    assert ratings[seed.claims["sohr_10"].quote] == "Disputed by the accepted figure"


def test_claimreview_gives_no_local_path_as_where_a_claim_appeared(seeded_store: Store, seed: Seed) -> None:
    decide_accepting_the_nine(seeded_store, seed)
    code, out = invoke("export", "claimreview", "--db", seeded_store.url, env=PUBLISHING)
    assert code == 0, out
    appearances = [r["itemReviewed"]["appearance"] for r in json.loads(out)]
    assert all("url" not in a and a["headline"].startswith("Fresh rebel push") for a in appearances)


@pytest.mark.parametrize(
    ("unset", "named"),
    [("FACTLEDGER_PUBLIC_URL", "FACTLEDGER_PUBLIC_URL"), ("FACTLEDGER_PUBLISHER", "FACTLEDGER_PUBLISHER")],
)
def test_claimreview_without_its_settings_is_a_one_line_error(
    seeded_store: Store, unset: str, named: str
) -> None:
    env = {**PUBLISHING, unset: ""}
    code, out = invoke("export", "claimreview", "--db", seeded_store.url, env=env)
    assert code == 1
    assert len(out.strip().splitlines()) == 1 and named in out and "localhost" not in out


def test_claim_authors_are_people_when_a_person_is_named() -> None:
    assert person_named("RT’s Murad Gazdiev") == "Murad Gazdiev"
    assert person_named("local activist Abu Ahmed") == "Abu Ahmed"
    assert person_named("UN envoy Staffan de Mistura") == "Staffan de Mistura"
    assert person_named("the UK-based monitoring group Syrian Observatory for Human Rights (SOHR)") is None
    assert person_named("The activist-run Local Coordination Committees") is None
    assert person_named("an RT crew") is None
    assert person_named("the health ministry") is None


def test_the_decisions_csv_opens_in_pandas_with_every_figure_of_the_decision(
    seeded_store: Store, seed: Seed
) -> None:
    decide_accepting_the_nine(seeded_store, seed)
    code, out = invoke("export", "csv", "--db", seeded_store.url)
    assert code == 0, out
    frame = pd.read_csv(io.StringIO(out))
    assert tuple(frame.columns) == CSV_FIELDS
    for column in (
        "number_text",
        "value_low",
        "value_high",
        "category",
        "subject",
        "location",
        "date",
        "source",
        "quote",
    ):
        assert column in frame.columns
    assert len(frame) == 2
    rows = {row["claim_id"]: row for row in frame.to_dict("records")}
    nine, ten = rows[seed.claims["lcc_9"].id], rows[seed.claims["sohr_10"].id]
    assert (nine["number_text"], nine["value_low"], nine["value_high"]) == ("nine", 9.0, 9.0)
    assert (nine["verdict"], ten["verdict"]) == ("Accepted figure", "Disputed by the accepted figure")
    assert nine["category"] == "killed" and nine["quote"] == seed.claims["lcc_9"].quote
    assert ten["source"] == seed.claims["sohr_10"].source
    assert set(frame["action"]) == {"accept"} and set(frame["reviewer"]) == {"ana"}
