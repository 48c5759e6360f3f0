"""RSS and Atom feeds to the article links they announce."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from factledger.errors import SourceError


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is, and what the feed says of it."""

    url: str
    title: str | None
    published: str | None


def parse_feed(raw: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, links made absolute, in feed order, once each.

    Raises SourceError when the document breaks the parser.
    """
    parsed = _parsed(raw, feed_url)
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


def _parsed(raw: bytes, feed_url: str) -> feedparser.FeedParserDict:
    try:
        return feedparser.parse(raw, response_headers={"content-location": feed_url})
    except Exception as error:
        # feedparser reports malformed XML in `bozo`, but its lenient fallback parser can still
        # trip over its own state on broken markup (a KeyError on `<link</item</link>`, found by
        # fuzzing); whatever it raises then, the feed is unreadable, not the run broken.
        reason = f"unreadable feed ({type(error).__name__} in the feed parser)"
        raise SourceError(feed_url, reason) from error


def _published(entry: feedparser.FeedParserDict) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return None if stamp is None else f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
