from __future__ import annotations

from factledger.sources.html import PageText, extract_page
from tests.sources.site import page


def test_extract_page_keeps_the_article_and_its_metadata() -> None:
    found = extract_page(page("aleppo-state.html").decode(), "https://capital.example/news/aleppo-state")
    assert found == PageText(
        text=(
            "Militants shell Aleppo neighbourhoods\n"
            "At least six civilians were killed on Friday in western Aleppo when militants fired rockets "
            "and mortars at residential areas, state news agency SANA reported.\n"
            "The army said it had repelled the attack and was in full control of the situation."
        ),
        title="Militants shell Aleppo neighbourhoods",
        outlet="Capital Daily",
        byline="Omar Said",
        published="2016-10-28",
    )


def test_extract_page_drops_navigation_and_footer() -> None:
    found = extract_page(page("aleppo-monitor.html").decode(), "https://levant.example/news/aleppo-monitor")
    assert "Sport" not in found.text
    assert "All rights reserved" not in found.text
    assert "Most read" not in found.text


def test_extract_page_finds_no_text_in_an_empty_page() -> None:
    assert (
        extract_page("<html><head><title>Index</title></head><body></body></html>", "https://x.example/").text
        == ""
    )
