"""RSS and Atom feeds to the article links they announce."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is, and what the feed says of it."""

    url: str
    title: str | None
    published: str | None


def parse_feed(raw: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, links made absolute, in feed order, once each."""
    parsed = feedparser.parse(raw, response_headers={"content-location": feed_url})
    entries: dict[str, FeedEntry] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        url = urljoin(feed_url, link)
        if not url.startswith(("http://", "https://")):
            continue  # an Atom id such as urn:... is not a page to fetch
        entries.setdefault(url, FeedEntry(url, entry.get("title"), _published(entry)))
    return list(entries.values())


def _published(entry: feedparser.FeedParserDict) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return None if stamp is None else f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
