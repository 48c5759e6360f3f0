"""The review web app in Debian's chromium: log in, decide by keyboard, CSRF, untrusted text.

The store is filled by the real pipeline from the seeds plus one report that carries a
`<script>` element next to two disagreeing figures; the app runs under uvicorn on
127.0.0.1 in a background thread.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from factledger.pipeline import run_pipeline
from factledger.review.app import create_app
from factledger.review.auth import add_reviewer
from factledger.review.queue import ReviewQueue
from factledger.store import Store
from tests.browser import CHROMIUM, CHROMIUM_ARGS, screenshot_path, start_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, Request

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (scripts/system-deps.sh installs it)"
    ),
]
SECRET = "ana-browser-secret"
SCRIPT = '<script>window.factledgerRan = true; alert("factledger")</script>'
SCRIPT_REPORT = f"""Shelling hits Kafr Nabl market

Kafr Nabl, 12 March 2017
At least 12 people were killed in shelling on the market in Kafr Nabl on Sunday, the Syrian \
Observatory for Human Rights said. {SCRIPT}
Local Coordination Committees said 31 people were killed in the shelling on the market in Kafr \
Nabl on Sunday.
"""
TOP_SUMMARY = (
    "hard_conflict (high): 2 figures; disjoint_intervals, relayed_source, "
    "source:Local Coordination Committees, source:Syrian Observatory for Human Rights"
)
SCRIPT_SUMMARY = (
    "divergence (medium): 2 figures; divergent_floors, "
    "source:Local Coordination Committees, source:Syrian Observatory for Human Rights"
)
# Markup an article may carry: each would send a request and set a flag if it ever ran.
IMG_PAYLOAD = "<img src=x onerror=fetch(1)>"
SVG_PAYLOAD = "<svg onload=fetch(2)>"
# A mixed-script word fails a warning, so the text around it reaches the Data Docs pages.
PAYLOAD_REPORT = f"Residents fled.{IMG_PAYLOAD} neighbo\u0639rhoods {SVG_PAYLOAD} later.\n"
SEED_004_SHA256 = "da27160d46ee11091a232838bb71df2ff7054cc130319eeb63402775a0ff50c4"


@dataclass(frozen=True)
class Served:
    """The running app's base URL and the database behind it."""

    url: str
    db_url: str
    home: Path


def fill_corpus(folder: Path) -> None:
    """The seeds and the report with a script element, under relative names."""
    seeds = folder / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "900_kafr_nabl.txt").write_text(SCRIPT_REPORT, encoding="utf-8")
    (seeds / "901_payload.txt").write_text(PAYLOAD_REPORT, encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The pipeline's store of the corpus, reviewer ana, and the app serving it."""
    folder = tmp_path_factory.mktemp("browser")
    fill_corpus(folder)
    db_url = f"sqlite:///{folder / 'review.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        run_pipeline(["seeds"], db_url, ROOT / "expectations", home=folder / "home")
    store = Store.open(db_url)
    add_reviewer(store, "ana", SECRET)
    server, thread, url = start_server(create_app(store, secret_key="b" * 32, home=folder / "home"))
    yield Served(url, db_url, folder / "home")
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) with one page, wide enough for two figures."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    yield context.new_page()
    context.close()


def listed(db_url: str) -> list[tuple[str, str, str]]:
    """(key, summary, state) of every queue item, highest priority first."""
    store = Store.open(db_url)
    try:
        return [(e.item.key, e.item.summary, e.item.state) for e in ReviewQueue(store).items()]
    finally:
        store.close()


def log_in(page: Page, url: str) -> None:
    """Log in as ana through the form."""
    page.goto(f"{url}/login")
    page.fill('input[name="name"]', "ana")
    page.fill('input[name="secret"]', SECRET)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{url}/")


def test_reviewer_decides_the_top_item_by_keyboard_and_lands_on_the_next(served: Served, page: Page) -> None:
    dialogs: list[str] = []

    def note_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note_dialog)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    before = listed(served.db_url)
    (top_key, top_summary, _), (next_key, next_summary, _) = before[0], before[1]
    assert (top_summary, next_summary) == (TOP_SUMMARY, SCRIPT_SUMMARY)
    log_in(page, served.url)
    page.locator("table.queue tr.item a").first.click()
    page.wait_for_url(f"{served.url}/items/{top_key}")
    assert page.inner_text("#item-title") == TOP_SUMMARY
    page.keyboard.press("a")
    page.wait_for_url(f"{served.url}/items/{next_key}")
    assert page.inner_text("#item-title") == SCRIPT_SUMMARY
    assert page.inner_text("#item-state") == "claimed"
    store = Store.open(served.db_url)
    try:
        decisions = [(d.reviewer, d.action, d.item_version) for d in ReviewQueue(store).history(top_key)]
    finally:
        store.close()
    assert decisions == [("ana", "accept", 1)]
    assert [state for key, _, state in listed(served.db_url) if key in (top_key, next_key)] == [
        "decided",
        "claimed",
    ]
    shown = page.locator("blockquote.context", has_text=SCRIPT)
    assert [shown.nth(i).is_visible() for i in range(shown.count())] == [True, True]
    assert page.evaluate("typeof window.factledgerRan") == "undefined"
    assert dialogs == []
    shoot_item_page(page, served.url, top_key)
    assert [text for text in console if "Content Security Policy" in text] == []


def shoot_item_page(page: Page, url: str, key: str) -> None:
    """The decided top item, trail and history included, as the README's picture."""
    page.goto(f"{url}/items/{key}")
    assert SEED_004_SHA256 in page.locator("dl.trail").first.inner_text()
    assert "accept on v1" in page.inner_text("ol.history")
    settled = "This item is decided; to decide it again, revert its decision below."
    assert page.inner_text("#settled") == settled
    target = screenshot_path("review-item.png")
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_form_without_its_csrf_token_is_refused_in_the_browser(served: Served, page: Page) -> None:
    quality_key = listed(served.db_url)[-1][0]
    log_in(page, served.url)
    page.goto(f"{served.url}/items/{quality_key}")
    page.evaluate("document.querySelector('#decide-form input[name=csrf]').remove()")
    with page.expect_response(f"{served.url}/items/{quality_key}/decide") as posted:
        page.keyboard.press("x")
    assert posted.value.status == 403
    assert page.inner_text("#message") == "the form's CSRF token is missing or wrong"
    store = Store.open(served.db_url)
    try:
        assert ReviewQueue(store).history(quality_key) == []
    finally:
        store.close()


@dataclass
class Traffic:
    """What a page asked for: requests that went out, requests the CSP stopped, dialogs opened."""

    sent: list[str]
    blocked: list[str]


def record_requests(page: Page) -> Traffic:
    """Watch the page from now on; a request the CSP blocks never leaves the browser."""
    traffic = Traffic([], [])
    page.on("request", lambda request: traffic.sent.append(request.url))
    page.on("dialog", lambda dialog: (traffic.sent.append(f"dialog {dialog.message}"), dialog.dismiss()))

    def stopped(request: Request) -> None:
        if request.failure == "csp":
            traffic.sent.remove(request.url)
            traffic.blocked.append(request.url)

    page.on("requestfailed", stopped)
    return traffic


def test_data_docs_show_an_articles_markup_as_text_and_run_none_of_it(served: Served, page: Page) -> None:
    log_in(page, served.url)
    page.goto(f"{served.url}/data-docs/")
    run_link = page.locator("table.runs tr.run a").first
    run_url = f"{served.url}{run_link.get_attribute('href')}"
    traffic = record_requests(page)
    page.goto(run_url)
    page.locator("a", has_text="articles").first.click()
    page.wait_for_load_state()
    snippet = page.locator("section.failed td.snippet", has_text=SVG_PAYLOAD).inner_text()
    assert IMG_PAYLOAD in snippet
    assert page.locator("img").count() == 0 and page.locator("svg").count() == 0
    page.wait_for_timeout(300)
    assert (traffic.sent, traffic.blocked) == ([run_url, page.url], [])


def test_a_data_docs_page_holding_live_markup_is_sandboxed(served: Served, page: Page) -> None:
    # Pages written before values were escaped, or a file put there by hand, still cannot act.
    run = sorted((served.home / "data_docs").iterdir())[-1]
    script = "<script>fetch('3'); alert('ran')</script>"
    (run / "raw.html").write_text(f"<html><body><p>{IMG_PAYLOAD}{SVG_PAYLOAD}</p>{script}</body></html>")
    log_in(page, served.url)
    traffic = record_requests(page)
    raw_url = f"{served.url}/data-docs/{run.name}/raw.html"
    page.goto(raw_url)
    page.wait_for_timeout(500)
    assert (page.locator("img").count(), page.locator("svg").count()) == (1, 1)  # there, and inert
    assert (traffic.sent, traffic.blocked) == ([raw_url], [f"{served.url}/data-docs/{run.name}/x"])
