"""Fetched pages to documents: HTML through the text extractor, plain text as it is.

The document's id is the sha256 of the bytes fetched. For HTML its `text` is the
extracted article text, the text claim offsets point into; the page's title, site name,
author and date make its one article. A page with no readable article text is kept as a
quarantined document (bytes included), so the operator sees it.
"""

from __future__ import annotations

import hashlib

from factledger.core.models import Article, SourceDocument
from factledger.sources.dates import read_published
from factledger.sources.files import LoadedDocument, decode_document
from factledger.sources.html import HTML_RULES, extract_page
from factledger.sources.http import FetchResult

HTML_TYPES = ("text/html", "application/xhtml+xml")


def page_document(result: FetchResult) -> LoadedDocument | None:
    """The document a fetch brought (None when it brought no bytes)."""
    if result.content is None:
        return None
    media_type = result.media_type or "text/html"
    if media_type in HTML_TYPES:
        return html_document(result.url, result.content, media_type, result.fetched_at)
    document = decode_document(result.url, result.content, media_type, result.fetched_at)
    return LoadedDocument(document, result.content)


def html_document(url: str, raw: bytes, media_type: str, fetched_at: str) -> LoadedDocument:
    """An HTML page as a document whose text is the page's extracted article text."""
    sha = hashlib.sha256(raw).hexdigest()
    page = extract_page(raw.decode("utf-8", errors="replace"), url)
    if not page.text:
        reason = "no article text found in the HTML"
        document = SourceDocument(url, sha, media_type, len(raw), fetched_at, "", "quarantined", reason)
        return LoadedDocument(document, raw)
    document = SourceDocument(url, sha, media_type, len(raw), fetched_at, page.text)
    article = Article(
        document.id,
        0,
        len(page.text),
        page.title,
        page.outlet,
        page.byline,
        read_published(page.published),
        segmenter_version=HTML_RULES,
    )
    return LoadedDocument(document, raw, (article,))
