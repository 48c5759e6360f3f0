"""The review web app in Debian's chromium: a reviewer's walk through the queue, CSRF,
untrusted text, and the Data Docs.

The store is filled by the real pipeline from the seeds plus one report that carries a
`<script>` element next to two disagreeing figures and one whose markup would fetch if it
ever ran; the app runs under uvicorn on 127.0.0.1 in a background thread. Tests that work
the queue get a copy of the store of their own.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
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
Local Coordination Committees said at least 31 people were killed in the shelling on the market in Kafr \
Nabl on Sunday.
"""
# The reconciler's own explanations of the two conflicts at the top of the queue.
TOP_TITLE = (
    "Local Coordination Committees says nine civilians were killed in Miznaz on 3 November 2016; "
    "Syrian Observatory for Human Rights says 10. The two cannot both hold."
)
SCRIPT_TITLE = (
    "Syrian Observatory for Human Rights says at least 12 people were killed in Kafr Nabl on 12 March 2017; "
    "Local Coordination Committees says at least 31. The estimates are far apart."
)
# Markup an article may carry: each would send a request and set a flag if it ever ran.
IMG_PAYLOAD = "<img src=x onerror=fetch(1)>"
SVG_PAYLOAD = "<svg onload=fetch(2)>"
# A mixed-script word fails a warning, so the text around it reaches the Data Docs pages.
PAYLOAD_REPORT = f"Residents fled.{IMG_PAYLOAD} neighbo\u0639rhoods {SVG_PAYLOAD} later.\n"
SEED_004_SHA256 = "da27160d46ee11091a232838bb71df2ff7054cc130319eeb63402775a0ff50c4"


@dataclass(frozen=True)
class Served:
    """The running app's base URL, the database behind it and the home of its Data Docs."""

    url: str
    db_url: str
    home: Path


def fill_corpus(folder: Path) -> None:
    """The seeds and the reports with markup in them, under relative names."""
    seeds = folder / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "900_kafr_nabl.txt").write_text(SCRIPT_REPORT, encoding="utf-8")
    (seeds / "901_payload.txt").write_text(PAYLOAD_REPORT, encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's store of the corpus with reviewer ana, and its Data Docs beside it."""
    folder = tmp_path_factory.mktemp("browser")
    fill_corpus(folder)
    db_url = f"sqlite:///{folder / 'review.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        run_pipeline(["seeds"], db_url, ROOT / "expectations", home=folder / "home")
    store = Store.open(db_url)
    add_reviewer(store, "ana", SECRET)
    store.close()
    return folder


def serve_copy(pristine: Path, folder: Path) -> Iterator[Served]:
    """The app over a copy of the pristine store (SQLite's backup, so the WAL comes along)."""
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(pristine / "review.db") as source, sqlite3.connect(folder / "review.db") as copy:
        source.backup(copy)
    db_url = f"sqlite:///{folder / 'review.db'}"
    store = Store.open(db_url)
    server, thread, url = start_server(create_app(store, secret_key="b" * 32, home=pristine / "home"))
    yield Served(url, db_url, pristine / "home")
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def served(pristine: Path) -> Iterator[Served]:
    """The app over a copy of the store, shared by the tests of this module that read it."""
    yield from serve_copy(pristine, pristine / "shared")


@pytest.fixture
def own(pristine: Path, tmp_path: Path) -> Iterator[Served]:
    """The app over a fresh copy of the store, for a test that works the queue."""
    yield from serve_copy(pristine, tmp_path / "own")


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
    """(key, kind, state) of every queue item, highest priority first."""
    store = Store.open(db_url)
    try:
        return [(e.item.key, e.item.kind, e.item.state) for e in ReviewQueue(store).items()]
    finally:
        store.close()


def decisions_of(db_url: str, key: str) -> list[tuple[str, str, int]]:
    """(reviewer, action, version) of an item's decisions, oldest first."""
    store = Store.open(db_url)
    try:
        return [(d.reviewer, d.action, d.item_version) for d in ReviewQueue(store).history(key)]
    finally:
        store.close()


def log_in(page: Page, url: str) -> None:
    """Log in as ana through the form."""
    page.goto(f"{url}/login")
    page.fill('input[name="name"]', "ana")
    page.fill('input[name="secret"]', SECRET)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{url}/")


def watch_console(page: Page) -> list[str]:
    """Console messages that report a Content-Security-Policy violation."""
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_reviewer_decides_the_top_item_by_keyboard_and_lands_on_the_next(served: Served, page: Page) -> None:
    dialogs: list[str] = []

    def note_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note_dialog)
    violations = watch_console(page)
    (top_key, _, _), (next_key, _, _) = listed(served.db_url)[:2]
    log_in(page, served.url)
    page.locator("table.queue tr.item a").first.click()
    page.wait_for_url(f"{served.url}/items/{top_key}")
    assert page.inner_text("#item-title") == TOP_TITLE
    page.keyboard.press("a")
    page.wait_for_url(f"{served.url}/items/{next_key}")
    assert page.inner_text("#item-title") == SCRIPT_TITLE
    assert page.inner_text("#item-state") == "claimed"
    assert decisions_of(served.db_url, top_key) == [("ana", "accept", 1)]
    assert [state for key, _, state in listed(served.db_url) if key in (top_key, next_key)] == [
        "decided",
        "claimed",
    ]
    shown = page.locator("blockquote.context", has_text=SCRIPT)
    assert [shown.nth(i).is_visible() for i in range(shown.count())] == [True, True]
    assert page.evaluate("typeof window.factledgerRan") == "undefined"
    assert dialogs == []
    shoot_item_page(page, served.url, top_key)
    assert violations == []


def shoot_item_page(page: Page, url: str, key: str) -> None:
    """The decided top item, its decision, history and trail, as the README's picture."""
    page.goto(f"{url}/items/{key}")
    page.locator("#trail > summary").click()
    page.locator(".figure details > summary").first.click()
    assert SEED_004_SHA256 in page.locator("dl.trail").first.inner_text()
    settled = page.inner_text("#settled")
    assert (
        "ana accepted “nine” (9) from The activist-run Local Coordination Committees as the headline"
        in settled
    )
    assert "the headline is now 9" in settled
    target = screenshot_path("review-item.png")
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_form_without_its_csrf_token_is_refused_in_the_browser(served: Served, page: Page) -> None:
    quality_key = [key for key, kind, _ in listed(served.db_url) if kind == "quality"][-1]
    log_in(page, served.url)
    page.goto(f"{served.url}/items/{quality_key}")
    page.evaluate("document.querySelector('#decide-form input[name=csrf]').remove()")
    with page.expect_response(f"{served.url}/items/{quality_key}/decide") as posted:
        page.keyboard.press("x")
    assert posted.value.status == 403
    assert (
        page.inner_text("#message")
        == "The form's CSRF token is missing or wrong: reload the page and try again."
    )
    assert decisions_of(served.db_url, quality_key) == []


def test_a_reviewer_works_the_queue_to_its_end(own: Served, page: Page) -> None:
    """Open the top item, choose a figure by key, meet the note prompt, decide, undo, revert, empty."""
    violations = watch_console(page)
    (top_key, _, _), (second_key, _, _) = listed(own.db_url)[:2]
    log_in(page, own.url)
    shoot(page, "review-queue.png")
    page.locator("table.queue tr.item a").first.click()
    page.wait_for_url(f"{own.url}/items/{top_key}")

    page.keyboard.press("2")  # the Observatory's 10: accepting it moves the headline from 9
    assert page.locator('input[name="claim_id"]').nth(1).is_checked()
    page.keyboard.press("a")
    hint = page.locator("#note-hint")
    assert hint.inner_text() == ("A note is required: accepting 10 moves the headline from 9 to 10; say why.")
    assert page.url == f"{own.url}/items/{top_key}" and decisions_of(own.db_url, top_key) == []
    assert page.evaluate("document.activeElement.id") == "note"
    page.fill("#note", "the Observatory names each victim")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{own.url}/items/{second_key}")
    saved = page.inner_text("#saved")
    assert "Saved: you accepted 10 from The Observatory as the headline" in saved

    page.keyboard.press("u")  # undo, from the banner
    page.wait_for_url(f"{own.url}/items/{top_key}")
    assert "Undone: the decision is reversed" in page.inner_text("#saved")
    assert page.inner_text("#item-state") == "reopened"
    assert [action for _, action, _ in decisions_of(own.db_url, top_key)] == ["accept", "revert"]

    page.keyboard.press("1")
    page.keyboard.press("a")  # the conservative figure: no note needed
    page.wait_for_url(f"{own.url}/items/{second_key}")  # still held by ana from before
    page.goto(f"{own.url}/items/{top_key}")
    page.click("#revert-link")
    page.wait_for_url(re.compile(r".*/revert/\d+$"))
    assert "Undo this decision?" in page.inner_text("h1")
    assert listed_state(own.db_url, top_key) == "decided"  # nothing happens before confirming
    page.click("#confirm")
    page.wait_for_url(f"{own.url}/items/{top_key}")
    assert page.inner_text("#item-state") == "reopened"

    for _ in range(len(listed(own.db_url)) + 1):
        if page.url.endswith("/done"):
            break
        with page.expect_navigation():
            page.keyboard.press("d")
    assert page.url == f"{own.url}/done"
    assert page.inner_text("#empty-queue h1") == "Nothing left to review"
    assert {state for _, _, state in listed(own.db_url)} == {"dismissed"}
    assert violations == []


def listed_state(db_url: str, key: str) -> str:
    return next(state for k, _, state in listed(db_url) if k == key)


def shoot(page: Page, name: str) -> None:
    """A README picture of the page as it is."""
    target = screenshot_path(name)
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_quality_item_has_its_own_page_and_is_dismissed_from_it(own: Served, page: Page) -> None:
    quality_key = [key for key, kind, _ in listed(own.db_url) if kind == "quality"][0]
    log_in(page, own.url)
    page.goto(f"{own.url}/items/{quality_key}")
    # One digest for the rule and the run: both articles with a mixed-script word.
    assert page.inner_text("#item-title") == (
        "Quality warning: word mixing letters of two alphabets (2 rows of articles)."
    )
    assert "articles.text.mixed_script_word" in page.inner_text("#quality")
    assert page.locator("#findings li").count() == 2
    assert IMG_PAYLOAD in page.inner_text("#findings")  # as text
    buttons = page.locator('#decide-form button[name="action"]')
    assert [buttons.nth(i).get_attribute("value") for i in range(buttons.count())] == ["dismiss", "escalate"]
    shoot(page, "review-quality.png")
    with page.expect_navigation():
        page.keyboard.press("d")
    assert listed_state(own.db_url, quality_key) == "dismissed"


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
    shoot(page, "data-docs.png")
    page.click("text=all validation runs")  # from the sandboxed page back to the app, still logged in
    page.wait_for_url(f"{served.url}/data-docs/")
    assert page.locator("table.runs tr.run").count() == 1
    assert page.inner_text("h1") == "Data Docs: validation runs"


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
