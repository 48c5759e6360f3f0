"""HTML pages to the text claims are extracted from, with the page's own metadata.

The extracted text (not the markup) becomes the document's text, so claim offsets point
into it; the raw HTML bytes keep the document's sha256, so the id still names the exact
bytes fetched. Extraction is offline and deterministic for the same bytes and URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

HTML_RULES = f"trafilatura-{trafilatura.__version__}"


@dataclass(frozen=True)
class PageText:
    """The main text of a page and what the page says about itself."""

    text: str
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None  # ISO date


def extract_page(html: str, url: str) -> PageText:
    """The article text of an HTML page (empty when none is found) and its metadata."""
    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if found is None:
        return PageText("", None, None, None, None)
    data = found if isinstance(found, dict) else found.as_dict()
    return PageText(
        text=(data.get("text") or "").strip(),
        title=data.get("title") or None,
        outlet=data.get("sitename") or data.get("hostname") or None,
        byline=data.get("author") or None,
        published=data.get("date") or None,
    )
