from __future__ import annotations

import pytest

from factledger.errors import SourceError
from factledger.sources.feeds import FeedEntry, parse_feed
from tests.sources.site import page

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire</title><id>urn:x</id><updated>2016-10-29T08:00:00Z</updated>
  <entry><title>Update</title><link href="https://wire.example/a/1"/><id>urn:1</id>
    <updated>2016-10-29T08:00:00Z</updated></entry>
  <entry><title>Again</title><link href="https://wire.example/a/1"/><id>urn:2</id>
    <updated>2016-10-29T09:00:00Z</updated></entry>
  <entry><title>No link</title><id>urn:3</id><updated>2016-10-29T09:00:00Z</updated></entry>
</feed>"""


def test_parse_feed_reads_rss_links_relative_to_the_feed() -> None:
    entries = parse_feed(page("feed.xml"), "http://news.example/feed.xml")
    assert [e.url for e in entries] == [
        "http://news.example/news/aleppo-monitor",
        "http://news.example/old/aleppo-state",
        "http://news.example/news/flaky",
        "http://news.example/news/missing",
        "http://news.example/news/slow",
        "http://news.example/news/huge",
    ]
    assert entries[0] == FeedEntry(
        "http://news.example/news/aleppo-monitor",
        "Shelling kills 15 in western Aleppo, monitor says",
        "2016-10-28",
    )


def test_parse_feed_reads_atom_once_per_link() -> None:
    assert parse_feed(ATOM, "https://wire.example/atom.xml") == [
        FeedEntry("https://wire.example/a/1", "Update", "2016-10-29")
    ]


def test_parse_feed_finds_nothing_in_a_non_feed() -> None:
    assert parse_feed(b"<html><body>not a feed</body></html>", "https://x.example/") == []


def test_parse_feed_names_a_feed_that_breaks_the_parser() -> None:
    # Markup fuzzing found: feedparser's lenient parser raises KeyError on it.
    with pytest.raises(SourceError) as raised:
        parse_feed(b"<channel<item<link</item</link>", "https://x.example/feed.xml")
    assert str(raised.value) == "https://x.example/feed.xml: unreadable feed (KeyError in the feed parser)"
