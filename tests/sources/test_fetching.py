"""Fetching a whole site into the store: what is stored and what the fetch log reports."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from factledger.core.provenance import bytes_id
from factledger.fetching import (
    fetch_pages,
    ingest_fetched,
    latest_validators,
    log_feeds,
    pending_documents,
)
from factledger.pipeline import Read, StepRun, loaded_read, now, process_batch
from factledger.provenance.verify import verify
from factledger.settings import CHECKOUT
from factledger.sources.http import FetchPolicy, FetchResult, Validators, make_client
from factledger.sources.jsonl import read_jsonl
from factledger.store import Batch, Store
from factledger.store.fetches import fetch_log
from tests.sources.site import Site, etag_of, page, serve_site

FIRST, SECOND = "2026-11-22T10:00:00+00:00", "2026-11-22T11:00:00+00:00"
POLICY = FetchPolicy(timeout_seconds=0.5, max_bytes=100_000, min_host_interval=0.0)
STEP = StepRun(actor="test")
EXPECTATIONS = CHECKOUT / "expectations"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site(Site(flaky_failures=1, slow_seconds=1.5)) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'fetch.db'}")
    yield opened
    opened.close()


def crawl(site: Site, store: Store, fetched_at: str) -> tuple[list[str], list[str]]:
    """Fetch the feed, then its articles; return the article links and the outcome per URL."""
    with make_client(POLICY) as client:
        feeds = fetch_pages(client, [site.url("/feed.xml")], {}, POLICY, fetched_at)
        links = log_feeds(feeds, store)
        pages = fetch_pages(client, links, latest_validators(store, links), POLICY, fetched_at)
    ingested = ingest_fetched(pages, store, STEP)
    for read in ingested.reads(2):  # two batches of pages, each its own commit
        process_batch(read, store, EXPECTATIONS, STEP)
    return links, [f"{row.url.removeprefix(site.base_url)} {row.outcome}" for row in ingested.log]


def test_crawl_stores_each_page_and_logs_each_outcome(site: Site, store: Store) -> None:
    links, outcomes = crawl(site, store, FIRST)
    assert outcomes == [
        "/news/aleppo-monitor fetched",
        "/old/aleppo-state fetched",
        "/news/flaky failed",  # a 500; the bare path does not retry (the Prefect task does)
        "/news/missing refused",
        "/news/slow failed",
        "/news/huge refused",
    ]
    log = {row.url.removeprefix(site.base_url): row for row in fetch_log(store)}
    assert (log["/feed.xml"].outcome, log["/feed.xml"].status, log["/feed.xml"].document_id) == (
        "fetched",
        200,
        None,
    )
    assert (log["/news/flaky"].outcome, log["/news/flaky"].status, log["/news/flaky"].reason) == (
        "failed",
        500,
        "HTTP 500",
    )
    assert (log["/news/missing"].status, log["/news/missing"].reason) == (404, "HTTP 404")
    assert (log["/news/slow"].status, log["/news/slow"].reason) == (None, "timed out after 0.5 s")
    assert log["/news/huge"].reason == "body larger than 100000 bytes"
    redirected = log["/old/aleppo-state"]
    assert (redirected.final_url, redirected.status) == (site.url("/news/aleppo-state"), 200)
    assert redirected.document_id == bytes_id(page("aleppo-state.html"))
    assert redirected.etag == etag_of(page("aleppo-state.html"))


def test_crawl_keeps_raw_bytes_and_extracted_text(site: Site, store: Store) -> None:
    crawl(site, store, FIRST)
    raw = page("aleppo-monitor.html")
    doc_id = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    assert store.document_bytes(doc_id) == raw
    text = store.document_text(doc_id)
    assert text.startswith("Shelling kills 15 in western Aleppo, monitor says\nAt least 15 civilians")
    [article] = [a for a in store.articles() if a.document_id == doc_id]
    assert (article.start, article.end, article.title, article.outlet, article.byline, article.published) == (
        0,
        len(text),
        "Shelling kills 15 in western Aleppo, monitor says",
        "Levant Wire",
        "Nadia Haddad",
        "2016-10-28",
    )
    figures = [(c.number_text, c.start, c.end) for c in store.claims() if c.document_id == doc_id]
    assert figures == [("15", 15, 17), ("At least 15", 50, 61), ("more than 100", 232, 245)]
    assert [text[start:end] for _, start, end in figures] == ["15", "At least 15", "more than 100"]
    assert verify(store) == []


def test_crawl_records_fetch_provenance(site: Site, store: Store) -> None:
    crawl(site, store, FIRST)
    doc_id = bytes_id(page("aleppo-state.html"))
    steps = {a.step: a for a in store.producers(doc_id)}
    assert sorted(steps) == ["fetch", "ingest"]
    assert steps["fetch"].parameters == {
        "url": site.url("/old/aleppo-state"),
        "final_url": site.url("/news/aleppo-state"),
        "status": 200,
        "fetched_at": FIRST,
        "media_type": "text/html",
        "etag": etag_of(page("aleppo-state.html")),
        "last_modified": "Fri, 28 Oct 2016 18:30:00 GMT",
    }


def test_second_crawl_asks_conditionally_and_extracts_nothing_again(site: Site, store: Store) -> None:
    crawl(site, store, FIRST)
    claims_before = len(store.claims())
    _, outcomes = crawl(site, store, SECOND)
    assert outcomes == [
        "/news/aleppo-monitor not_modified",
        "/old/aleppo-state not_modified",
        "/news/flaky fetched",
        "/news/missing refused",
        "/news/slow failed",
        "/news/huge refused",
    ]
    sent = [(path, tag) for path, tag, _ in site.conditional if path == "/news/aleppo-monitor"]
    assert sent == [
        ("/news/aleppo-monitor", None),
        ("/news/aleppo-monitor", etag_of(page("aleppo-monitor.html"))),
    ]
    assert len(store.claims()) > claims_before  # only the recovered page added claims
    assert latest_validators(store, [site.url("/news/aleppo-monitor")]) == {
        site.url("/news/aleppo-monitor"): Validators(
            etag_of(page("aleppo-monitor.html")), "Fri, 28 Oct 2016 18:30:00 GMT"
        )
    }


def test_ingest_fetched_logs_seen_bytes_as_unchanged(site: Site, store: Store) -> None:
    with make_client(POLICY) as client:
        urls = [site.url("/news/aleppo-state"), site.url("/old/aleppo-state")]
        results = fetch_pages(client, urls, {}, POLICY, FIRST)
    ingested = ingest_fetched(results, store, STEP)
    assert [row.outcome for row in ingested.log] == ["fetched", "unchanged"]
    assert [d.document.location for d in ingested.loaded] == [site.url("/news/aleppo-state")]
    assert ingested.outcomes() == {"fetched": 1, "unchanged": 1}
    # Both rows point at the new page, so both commit with it.
    [read] = ingested.reads(10)
    assert read.batch.fetches == ingested.log
    assert ingested.unbound_log() == []


def test_new_pages_are_stored_only_by_their_batch_commit(site: Site, store: Store) -> None:
    with make_client(POLICY) as client:
        links = log_feeds(fetch_pages(client, [site.url("/feed.xml")], {}, POLICY, FIRST), store)
        ingested = ingest_fetched(fetch_pages(client, links, {}, POLICY, FIRST), store, STEP)
    logged = [row.url.removeprefix(site.base_url) for row in fetch_log(store)]
    assert logged == ["/feed.xml", "/news/flaky", "/news/missing", "/news/slow", "/news/huge"]
    assert store.counts(["documents"]) == {"documents": 0}
    first, second = ingested.reads(1)
    process_batch(first, store, EXPECTATIONS, STEP)
    stored = {row.url: row.document_id for row in fetch_log(store) if row.document_id}
    assert stored == {site.url("/news/aleppo-monitor"): first.loaded[0].document.id}
    assert store.counts(["documents"]) == {"documents": 1}
    assert {a.step for a in store.producers(first.loaded[0].document.id)} == {"fetch", "ingest"}


def test_a_run_killed_before_the_commit_fetches_its_new_pages_in_full_again(site: Site, store: Store) -> None:
    with make_client(POLICY) as client:
        links = log_feeds(fetch_pages(client, [site.url("/feed.xml")], {}, POLICY, FIRST), store)
        ingest_fetched(fetch_pages(client, links, {}, POLICY, FIRST), store, STEP)  # then killed
    links, outcomes = crawl(site, store, SECOND)
    assert outcomes[:2] == ["/news/aleppo-monitor fetched", "/old/aleppo-state fetched"]
    sent = [tag for path, tag, _ in site.conditional if path == "/news/aleppo-monitor"]
    assert sent == [None, None]  # no validator was left behind for a page never stored
    assert verify(store) == []


def test_jsonl_records_commit_with_their_provenance_and_are_not_stored_again(
    tmp_path: Path, store: Store
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"url": "https://w.example/1", "text": "At least 15 people were killed in Aleppo."}\n'
        '{"url": "https://w.example/2", "text": "Six people were injured in Homs."}\n'
    )
    first = process_batch(loaded_read(read_jsonl(corpus, FIRST), STEP, now()), store, EXPECTATIONS, STEP)
    again = process_batch(loaded_read(read_jsonl(corpus, SECOND), STEP, now()), store, EXPECTATIONS, STEP)
    assert (first.committed.counts["documents"], first.committed.counts["claims"]) == (2, 2)
    assert again.committed.counts["documents"] == again.committed.counts["activities"] == 0


def test_pages_stored_but_never_extracted_come_back_as_they_were_read(site: Site, store: Store) -> None:
    # Stored pages no extraction read: what a run of an earlier version, killed between its
    # ingest and extract commits, left behind.
    with make_client(POLICY) as client:
        links = log_feeds(fetch_pages(client, [site.url("/feed.xml")], {}, POLICY, FIRST), store)
        pages = fetch_pages(client, links, {}, POLICY, FIRST)
    ingested = ingest_fetched(pages, store, STEP)
    for read in ingested.reads(10):
        store.save(read.batch)
    pending = pending_documents(store)
    by_id = {item.document.id: item for item in ingested.loaded}
    assert {item.document.id: item for item in pending} == by_id
    assert all(item.articles for item in pending)  # each HTML page keeps its outlet, title and date
    process_batch(Read(pending, Batch()), store, EXPECTATIONS, STEP)
    assert pending_documents(store) == []


def test_jsonl_records_stored_but_never_extracted_come_back_as_they_were_read(
    tmp_path: Path, store: Store
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"url": "https://w.example/1", "outlet": "RT", "text": "At least 15 people were killed."}\n'
        '{"text": "Six people were injured in Homs."}\n'
    )
    read = loaded_read(read_jsonl(corpus, FIRST), STEP, now())
    store.save(read.batch)
    assert pending_documents(store) == sorted(read.loaded, key=lambda d: d.document.location)


def test_a_feed_the_parser_cannot_read_is_logged_refused_and_the_others_still_count(store: Store) -> None:
    broken = FetchResult(
        "https://a.example/feed",
        "https://a.example/feed",
        200,
        FIRST,
        "fetched",
        b"<channel<item<link</item</link>",
    )
    good = FetchResult(
        "https://b.example/feed", "https://b.example/feed", 200, FIRST, "fetched", page("feed.xml")
    )
    links = log_feeds([broken, good], store)
    assert links[0] == "https://b.example/news/aleppo-monitor"
    logged = {row.url: (row.outcome, row.reason) for row in fetch_log(store)}
    assert logged == {
        "https://a.example/feed": ("refused", "unreadable feed (KeyError in the feed parser)"),
        "https://b.example/feed": ("fetched", None),
    }
