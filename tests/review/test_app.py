"""The review web app in-process: log-in, CSRF, escaping, and no access without a session."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import event, text

from factledger.cli import main
from factledger.errors import ConfigError
from factledger.review.app import create_app
from factledger.review.auth import add_reviewer
from factledger.review.queue import InvalidDecision, ReviewQueue
from factledger.settings import WebSettings, load_secret_key, load_web_settings
from factledger.store import Store
from tests.browser import start_server
from tests.review.conftest import SECRETS, Clock
from tests.store.seed import Seed

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def script_store(tmp_path: Path, seed: Seed, clock: Clock) -> Iterator[Store]:
    """Seed 004 with a <script> element written into the text just before the LCC quote."""
    lcc = seed.claims["lcc_9"]
    at = lcc.quote_start - len(SCRIPT) - 1
    text = seed.document.text[:at] + SCRIPT + seed.document.text[lcc.quote_start - 1 :]
    assert len(text) == len(seed.document.text)
    batch = seed.batch()
    batch.documents = [(replace(seed.document, text=text), seed.raw)]
    store = Store.open(f"sqlite:///{tmp_path / 'app.db'}")
    store.clock = clock
    store.save(batch)
    add_reviewer(store, "ana", SECRETS["ana"])
    yield store
    store.close()


@pytest.fixture
def client(script_store: Store, clock: Clock) -> Iterator[TestClient]:
    app = create_app(script_store, secret_key="test-key", queue=ReviewQueue(script_store, clock=clock))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def log_in(client: TestClient) -> str:
    """Log in as ana; return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"csrf": token, "name": "ana", "secret": SECRETS["ana"]})
    assert (response.status_code, response.headers["location"]) == (303, "/")
    return csrf_of(client.get("/").text)


def test_anonymous_user_can_read_or_change_nothing_on_any_route(
    client: TestClient, script_store: Store, seed: Seed
) -> None:
    routes = [r for r in client.app.routes if isinstance(r, APIRoute) and r.path != "/login"]  # type: ignore[attr-defined]
    assert len(routes) == 15
    before = script_store.queue_items()
    for route in routes:
        path = route.path.replace("{key}", seed.conflict.key).replace("{run}", "any")
        path = path.replace("{decision_id}", "1")
        path = path.replace("{path:path}", "index.html")
        for method in route.methods:
            response = client.request(method, path, data={"action": "dismiss", "version": "1", "note": "x"})
            if method == "GET":
                assert (response.status_code, response.headers["location"]) == (303, "/login"), path
            else:
                assert response.status_code == 401, path
            assert "Miznaz" not in response.text
    assert script_store.queue_items() == before
    assert script_store.counts()["decisions"] == 0


def test_wrong_secret_is_refused(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"csrf": token, "name": "ana", "secret": "wrong-secret"})
    assert response.status_code == 401
    assert client.get("/").status_code == 303


def test_queue_page_lists_items_in_priority_order(client: TestClient) -> None:
    log_in(client)
    html = client.get("/").text
    assert html.index("were killed in the village of Miznaz") < html.index("share without a base")


def test_queue_page_filters_by_kind(client: TestClient) -> None:
    log_in(client)
    html = client.get("/?kind=quality").text
    assert "share without a base" in html and "Miznaz" not in html


def test_form_without_csrf_token_is_refused(client: TestClient, script_store: Store, seed: Seed) -> None:
    log_in(client)
    response = client.post(f"/items/{seed.conflict.key}/decide", data={"action": "dismiss", "version": "1"})
    assert response.status_code == 403
    assert script_store.counts()["decisions"] == 0


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "ana", "secret": SECRETS["ana"]})
    assert response.status_code == 403


def test_script_in_an_article_renders_as_text(client: TestClient, seed: Seed) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.conflict.key}").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_item_page_shows_figures_quotes_sources_and_provenance(client: TestClient, seed: Seed) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.conflict.key}").text
    lcc, sohr = seed.claims["lcc_9"], seed.claims["sohr_10"]
    assert f"<strong>{lcc.number_text}</strong>" in html and f"<strong>{sohr.number_text}</strong>" in html
    lcc_name = "The activist-run Local Coordination Committees"
    assert f"According to <strong>{lcc_name}</strong>, as reported by The New Arab" in html
    assert "extract · code 0.1.0 · rules rules-1" in html


def test_decide_records_and_lands_on_the_next_item(
    client: TestClient, script_store: Store, seed: Seed
) -> None:
    token = log_in(client)
    data = {"csrf": token, "action": "accept", "version": "1", "claim_id": seed.claims["lcc_9"].id}
    response = client.post(f"/items/{seed.conflict.key}/decide", data=data)
    assert (response.status_code, response.headers["location"]) == (303, f"/items/{seed.failure.id}")
    (decision,) = ReviewQueue(script_store).history(seed.conflict.key)
    assert (decision.reviewer, decision.action) == ("ana", "accept")


def test_stale_decision_is_refused_with_409(client: TestClient, seed: Seed) -> None:
    token = log_in(client)
    client.post(
        f"/items/{seed.conflict.key}/decide", data={"csrf": token, "action": "escalate", "version": "1"}
    )
    again = client.post(
        f"/items/{seed.conflict.key}/decide", data={"csrf": token, "action": "dismiss", "version": "1"}
    )
    assert again.status_code == 409


def test_override_without_note_is_refused_with_400(client: TestClient, seed: Seed) -> None:
    token = log_in(client)
    data = {"csrf": token, "action": "accept", "version": "1", "claim_id": seed.claims["sohr_10"].id}
    response = client.post(f"/items/{seed.conflict.key}/decide", data=data)
    assert response.status_code == 400
    assert "note is required" in response.text


def shown_items_of(html: str) -> list[str]:
    """The `key@version` of every item the queue page's bulk form names."""
    return re.findall(r'name="item" value="([^"]+)"', html)


def test_bulk_dismiss_dismisses_the_shown_items(client: TestClient, script_store: Store) -> None:
    token = log_in(client)
    shown = shown_items_of(client.get("/?kind=quality").text)
    response = client.post("/dismiss", data={"csrf": token, "item": shown, "note": "not counts"})
    assert "dismissed 1 item(s)" in response.text
    assert [i.state for i in script_store.queue_items()] == ["open", "dismissed"]


@pytest.fixture
def ben_queue(script_store: Store, clock: Clock) -> ReviewQueue:
    """The app's store as a second reviewer, ben, works it from the command line."""
    add_reviewer(script_store, "ben", SECRETS["ben"])
    return ReviewQueue(script_store, clock=clock)


def test_bulk_dismiss_acts_on_exactly_the_ids_shown_not_on_a_new_query(
    client: TestClient, script_store: Store, ben_queue: ReviewQueue, seed: Seed
) -> None:
    queue = ben_queue
    queue.claim(seed.conflict.key, "ben")  # not open while ana's page is shown
    token = log_in(client)
    shown = shown_items_of(client.get("/?state=open").text)
    assert shown == [f"{seed.failure.id}@1"]
    queue.release(seed.conflict.key, "ben")  # open again before ana posts
    response = client.post("/dismiss", data={"csrf": token, "item": shown, "note": "not counts"})
    assert "dismissed 1 item(s)" in response.text
    assert {i.key: i.state for i in script_store.queue_items()} == {
        seed.conflict.key: "open",
        seed.failure.id: "dismissed",
    }


def test_bulk_dismiss_leaves_an_item_that_changed_since_it_was_shown(
    client: TestClient, script_store: Store, ben_queue: ReviewQueue, seed: Seed
) -> None:
    queue = ben_queue
    token = log_in(client)
    shown = shown_items_of(client.get("/").text)
    decision = queue.decide(seed.failure.id, 1, "ben", "escalate")
    queue.revert(seed.failure.id, 2, "ben", decision.id)  # reopened, now at version 3
    response = client.post("/dismiss", data={"csrf": token, "item": shown, "note": "not counts"})
    assert "dismissed 1 item(s)" in response.text
    assert {i.key: i.state for i in script_store.queue_items()} == {
        seed.conflict.key: "dismissed",
        seed.failure.id: "reopened",
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"action": "escalate", "version": "abc"},
            "version must be a whole number from 1, not &#39;abc&#39;",
        ),
        ({"action": "escalate", "version": "-1"}, "version must be a whole number from 1"),
        ({"action": "escalate"}, "version must be a whole number from 1, not &#39;&#39;"),
        ({"action": "revert", "version": "1", "decision_id": "abc"}, "decision_id must be a whole number"),
        ({"action": "range", "version": "1", "low": "NaN"}, "low must be a number of at least 0"),
        ({"action": "range", "version": "1", "low": "inf"}, "low must be a number of at least 0"),
        ({"action": "range", "version": "1", "high": "-5"}, "high must be a number of at least 0"),
        ({"action": "range", "version": "1", "low": "1e400"}, "low must be a number of at least 0"),
        ({"action": "launch", "version": "1"}, "unknown action &#39;launch&#39;"),
        ({"action": "accept", "version": "1", "claim_id": "x' OR 1=1"}, "claim_id must be a sha256: id"),
        ({"action": "escalate", "version": "1", "note": "n" * 2001}, "note is too long"),
    ],
)
def test_malformed_decision_fields_get_a_400_with_a_message(
    client: TestClient, script_store: Store, seed: Seed, fields: dict[str, str], message: str
) -> None:
    token = log_in(client)
    response = client.post(f"/items/{seed.conflict.key}/decide", data={"csrf": token, **fields})
    assert response.status_code == 400
    assert message in response.text
    assert script_store.counts()["decisions"] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=bogus", "state must be one of open, claimed"),
        ("kind=everything", "kind must be one of conflict, quality"),
        ("severity=%3Cb%3E", "severity must be a word"),
        ("event=" + "e" * 201, "event is too long"),
    ],
)
def test_malformed_queue_filters_get_a_400_with_a_message(
    client: TestClient, query: str, message: str
) -> None:
    log_in(client)
    response = client.get(f"/?{query}")
    assert (response.status_code, message in response.text) == (400, True)


def test_malformed_bulk_and_next_fields_get_a_400(client: TestClient, script_store: Store) -> None:
    token = log_in(client)
    bulk = client.post("/dismiss", data={"csrf": token, "item": ["sha256:x@one"], "note": "why"})
    assert (bulk.status_code, "item must be &lt;key&gt;@&lt;version&gt;" in bulk.text) == (400, True)
    too_long = client.post("/next", data={"csrf": token, "current": "k" * 300})
    assert too_long.status_code == 400
    assert [i.state for i in script_store.queue_items()] == ["open", "open"]


def test_queue_refuses_nan_infinite_and_negative_range_values(queue: ReviewQueue, seed: Seed) -> None:
    for low in ("nan", float("inf"), -3):
        with pytest.raises(InvalidDecision, match="low must be a finite number of at least 0"):
            queue.decide(seed.conflict.key, 1, "ana", "range", {"low": low, "high": 10}, "why")


def test_next_claims_the_top_item(client: TestClient, script_store: Store, seed: Seed) -> None:
    token = log_in(client)
    response = client.post("/next", data={"csrf": token})
    assert response.headers["location"] == f"/items/{seed.conflict.key}"
    assert script_store.queue_items()[0].lease_owner == "ana"


def test_logout_ends_the_session(client: TestClient) -> None:
    token = log_in(client)
    client.post("/logout", data={"csrf": token})
    assert client.get("/").status_code == 303


def test_a_cookie_copied_before_logout_fails_after_it(
    client: TestClient, script_store: Store, clock: Clock, seed: Seed
) -> None:
    token = log_in(client)
    copied = str(client.cookies["factledger_session"])
    assert client.post("/logout", data={"csrf": token}).headers["location"] == "/login"
    app = create_app(script_store, secret_key="test-key", queue=ReviewQueue(script_store, clock=clock))
    with TestClient(app, follow_redirects=False) as thief:
        thief.cookies.set("factledger_session", copied)
        assert thief.get("/").status_code == 303
        posted = thief.post(f"/items/{seed.conflict.key}/decide", data={"csrf": token, "action": "escalate"})
        assert posted.status_code == 401
        assert "Your session has ended, so nothing was saved: log in again." in posted.text
    assert script_store.counts()["decisions"] == 0


def test_logout_ends_only_that_session(script_store: Store, clock: Clock) -> None:
    app = create_app(script_store, secret_key="test-key", queue=ReviewQueue(script_store, clock=clock))
    with TestClient(app, follow_redirects=False) as laptop, TestClient(app, follow_redirects=False) as phone:
        laptop_token, _ = log_in(laptop), log_in(phone)
        laptop.post("/logout", data={"csrf": laptop_token})
        assert (laptop.get("/").status_code, phone.get("/").status_code) == (303, 200)


def test_session_ends_after_its_lifetime(script_store: Store, clock: Clock) -> None:
    app = create_app(
        script_store, "test-key", ReviewQueue(script_store, clock=clock), session_lifetime=timedelta(hours=2)
    )
    with TestClient(app, follow_redirects=False) as browser:
        log_in(browser)
        clock.advance(119)
        assert browser.get("/").status_code == 200
        clock.advance(2)
        assert browser.get("/").status_code == 303


def test_session_cookie_lifetime_and_secure_flag_follow_the_settings(script_store: Store) -> None:
    def cookie_of(app: FastAPI) -> str:
        with TestClient(app, follow_redirects=False) as browser:
            return browser.get("/login").headers["set-cookie"].lower()

    plain = cookie_of(create_app(script_store, "test-key"))
    secure = cookie_of(
        create_app(script_store, "test-key", secure_cookie=True, session_lifetime=timedelta(hours=1))
    )
    assert (
        "max-age=43200" in plain and "secure" not in plain and "samesite=lax" in plain and "httponly" in plain
    )
    assert "max-age=3600" in secure and "; secure" in secure


def try_secret(client: TestClient, name: str, secret: str) -> Response:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"csrf": token, "name": name, "secret": secret})


def test_login_is_refused_after_five_failures_for_a_name_then_allowed_again(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(5):
        assert try_secret(client, "ana", "wrong-secret").status_code == 401
        clock.advance(1)
    refused = try_secret(client, "ana", SECRETS["ana"])
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "601")
    assert "Too many failed log-ins for this name: try again in 10 minute(s)." in refused.text
    clock.advance(10)
    assert try_secret(client, "ana", SECRETS["ana"]).status_code == 303


def test_a_successful_login_clears_the_names_failures(client: TestClient) -> None:
    for _ in range(4):
        try_secret(client, "ana", "wrong-secret")
    assert try_secret(client, "ana", SECRETS["ana"]).status_code == 303
    for _ in range(4):
        assert try_secret(client, "ana", "wrong-secret").status_code == 401


def test_login_is_refused_after_twenty_failures_from_one_address(client: TestClient) -> None:
    for number in range(20):
        assert try_secret(client, f"guess{number}", "wrong-secret").status_code == 401
    refused = try_secret(client, "ana", SECRETS["ana"])
    assert refused.status_code == 429
    assert "Too many failed log-ins from your address: try again in 15 minute(s)." in refused.text


def test_failed_logins_count_across_app_processes(script_store: Store, clock: Clock) -> None:
    apps = [create_app(script_store, "test-key", ReviewQueue(script_store, clock=clock)) for _ in range(2)]
    with (
        TestClient(apps[0], follow_redirects=False) as first,
        TestClient(apps[1], follow_redirects=False) as second,
    ):
        for number in range(5):
            try_secret(first if number % 2 else second, "ana", "wrong-secret")
        assert try_secret(first, "ana", SECRETS["ana"]).status_code == 429
        assert try_secret(second, "ana", SECRETS["ana"]).status_code == 429


def test_session_settings_are_read_and_bad_ones_refused() -> None:
    assert load_web_settings({}) == WebSettings(None, timedelta(hours=12), False)
    read = load_web_settings({"FACTLEDGER_SESSION_HOURS": "1.5", "FACTLEDGER_SECURE_COOKIE": "true"})
    assert (read.session_lifetime, read.secure_cookie) == (timedelta(minutes=90), True)
    for name, value, message in (
        ("FACTLEDGER_SESSION_HOURS", "0", "above 0, up to 720"),
        ("FACTLEDGER_SESSION_HOURS", "nan", "above 0, up to 720"),
        ("FACTLEDGER_SESSION_HOURS", "a day", "above 0, up to 720"),
        ("FACTLEDGER_SECURE_COOKIE", "maybe", "must be 1 or 0"),
    ):
        with pytest.raises(ConfigError, match=message):
            load_web_settings({name: value})


def test_item_page_trail_shows_the_seed_files_sha256_and_offsets(client: TestClient, seed: Seed) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.conflict.key}").text
    trail = html[html.index('id="trail-' + seed.claims["sohr_10"].id) :]
    assert "sha256 da27160d46ee11091a232838bb71df2ff7054cc130319eeb63402775a0ff50c4" in trail
    assert "seeds/004_a116a0743e2e7e41.txt" in trail
    sohr = seed.claims["sohr_10"]
    assert f"chars {sohr.start}–{sohr.end}" in trail
    assert "The trail holds" in html
    assert "store.producers" not in html


def test_item_page_trail_lists_conflict_versions_and_queue_events(client: TestClient, seed: Seed) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.conflict.key}").text
    section = html[html.index('id="trail"') :]
    assert "v1 current · hard_conflict (high) · range 9 to 10, headline 9" in section
    assert "v1 created: - → open by" in section


KEY = "k" * 32


def logged_in_cookie(app_key: str | None, store: Store) -> str:
    """Log in to an app made with this key; return its session cookie."""
    with TestClient(create_app(store, secret_key=app_key), follow_redirects=False) as first:
        log_in(first)
        return str(first.cookies["factledger_session"])


@pytest.mark.parametrize(("key", "status"), [(KEY, 200), (None, 303)])
def test_session_survives_a_restart_only_with_a_set_secret_key(
    script_store: Store, key: str | None, status: int
) -> None:
    cookie = logged_in_cookie(key, script_store)
    with TestClient(create_app(script_store, secret_key=key), follow_redirects=False) as restarted:
        restarted.cookies.set("factledger_session", cookie)
        assert restarted.get("/").status_code == status


def test_secret_key_setting_is_read_and_a_short_one_refused() -> None:
    assert load_secret_key({"FACTLEDGER_SECRET_KEY": f" {KEY} "}) == KEY
    assert load_secret_key({"FACTLEDGER_SECRET_KEY": ""}) is None
    assert load_secret_key({}) is None
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_secret_key({"FACTLEDGER_SECRET_KEY": "short"})


def test_serve_refuses_a_short_secret_key_before_serving(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}"], env={"FACTLEDGER_SECRET_KEY": "short"}
    )
    assert result.exit_code == 1
    assert "FACTLEDGER_SECRET_KEY must be at least 32 characters long" in result.output


def write_run(home: Path, name: str, title: str, rows: int) -> Path:
    """A run's Data Docs folder with an index and a one-batch summary of `rows` rows."""
    folder = home / "data_docs" / name
    (folder / "batch-0001").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{title}</h1>")
    result = {"suite": "articles", "rows": rows, "expectations": 9, "failed_expectations": 0}
    summary = {"results": [{**result, "failing_row_ids": []}]}
    (folder / "batch-0001" / "validation.json").write_text(json.dumps(summary))
    return folder


@pytest.fixture
def docs_client(script_store: Store, clock: Clock, tmp_path: Path) -> Iterator[TestClient]:
    """The app over a home holding three runs' Data Docs (the middle one validated nothing)."""
    home = tmp_path / "home"
    write_run(home, "20261121T100000Z-old", "older run", 3)
    write_run(home, "20261122T100000Z-empty", "empty run", 0)
    write_run(home, "20261123T100000Z-new", "newest run", 5)
    (home / "secret.txt").write_text("not for reviewers")
    app = create_app(script_store, "test-key", ReviewQueue(script_store, clock=clock), home=home)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def test_data_docs_index_lists_runs_newest_first_and_serves_their_pages(docs_client: TestClient) -> None:
    assert docs_client.get("/data-docs/").status_code == 303  # anonymous: sent to log in
    assert docs_client.get("/data-docs/20261123T100000Z-new/").status_code == 303
    log_in(docs_client)
    index = docs_client.get("/data-docs/").text
    assert re.findall(r'href="/data-docs/([^"]+)/"', index) == [
        "20261123T100000Z-new",
        "20261121T100000Z-old",
    ]
    assert "newest run" in docs_client.get("/data-docs/20261123T100000Z-new/").text
    assert "older run" in docs_client.get("/data-docs/20261121T100000Z-old/index.html").text
    moved = docs_client.get("/data-docs/20261121T100000Z-old")
    assert (moved.status_code, moved.headers["location"]) == (303, "/data-docs/20261121T100000Z-old/")
    for path in (
        "/data-docs/../../secret.txt",
        "/data-docs/%2e%2e/%2e%2e/secret.txt",
        "/data-docs/20261123T100000Z-new/../../secret.txt",
        "/data-docs/20261123T100000Z-new/%2e%2e/%2e%2e/secret.txt",
        "/data-docs/nosuchrun/index.html",
    ):
        response = docs_client.get(path)
        assert response.status_code == 404, path
        assert "not for reviewers" not in response.text


def test_data_docs_pages_are_served_sandboxed_without_script(docs_client: TestClient) -> None:
    log_in(docs_client)
    page = docs_client.get("/data-docs/20261123T100000Z-new/index.html")
    policy = page.headers["content-security-policy"]
    assert policy.split("; ")[0] == "sandbox"
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "sandbox" not in docs_client.get("/data-docs/").headers["content-security-policy"]


def test_every_route_sends_the_security_headers(docs_client: TestClient, seed: Seed) -> None:
    """Each route, logged in and not, and the error and static responses, carry every header."""
    routes = [r for r in docs_client.app.routes if isinstance(r, APIRoute)]  # type: ignore[attr-defined]
    paths = {
        route.path.replace("{key}", seed.conflict.key)
        .replace("{run}", "20261123T100000Z-new")
        .replace("{decision_id}", "1")
        .replace("{path:path}", "index.html"): method
        for route in routes
        for method in route.methods
    }
    paths.update({"/static/review.css": "GET", "/static/review.js": "GET", "/no-such-page": "GET"})
    anonymous = {path: docs_client.request(method, path) for path, method in paths.items()}
    token = log_in(docs_client)
    logged_in = {
        path: docs_client.request(method, path, data={"csrf": token}) for path, method in paths.items()
    }
    for path, response in [*anonymous.items(), *logged_in.items()]:
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        assert headers["x-frame-options"] == "DENY", path
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, path
        before_styles = policy.split("style-src")[0]
        assert "'unsafe-inline'" not in before_styles and "'unsafe-eval'" not in policy, path
        assert "script-src 'self'" in policy or policy.startswith("sandbox;"), path
    assert len(paths) == 19


def set_pragma(store: Store, pragma: str) -> None:
    """Run a PRAGMA on every new connection of the store, from now on."""
    event.listen(store.engine, "connect", lambda connection, _: connection.execute(f"PRAGMA {pragma}"))
    store.engine.dispose()


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold SQLite's write lock on a database file from another connection."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def http_log_in(client: httpx.Client) -> str:
    """Log in as ana through the form over HTTP; return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf": token, "name": "ana", "secret": SECRETS["ana"]})
    return csrf_of(client.get("/").text)


def test_a_request_waiting_on_a_locked_database_holds_up_no_other_and_ends_in_a_busy_page(
    script_store: Store, clock: Clock, tmp_path: Path
) -> None:
    set_pragma(script_store, "busy_timeout=2000")  # the store's own wait is 10 s
    app = create_app(script_store, "test-key", ReviewQueue(script_store, clock=clock))
    server, thread, url = start_server(app)
    try:
        with httpx.Client(base_url=url, timeout=30) as reviewer, httpx.Client(base_url=url) as other:
            token = http_log_in(reviewer)
            with write_lock(tmp_path / "app.db"), ThreadPoolExecutor(1) as pool:
                waiting = pool.submit(reviewer.post, "/next", data={"csrf": token})
                time.sleep(0.3)  # the claim is now waiting for the lock
                served = [other.get(path).status_code for path in ("/login", "/static/review.css")]
                queue_page = reviewer.get("/")  # reads go on while a writer holds the lock
                still_waiting = not waiting.done()
                answer = waiting.result()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert (served, queue_page.status_code, still_waiting) == ([200, 200], 200, True)
    assert (answer.status_code, answer.headers["retry-after"]) == (503, "5")
    assert "The database is busy with other work; nothing was changed." in answer.text
    assert "Traceback" not in answer.text
    assert script_store.queue_items()[0].lease_owner is None


def test_a_read_only_database_gives_a_clear_page_not_a_traceback(
    client: TestClient, script_store: Store, seed: Seed
) -> None:
    token = log_in(client)
    set_pragma(script_store, "query_only=ON")
    response = client.post(
        f"/items/{seed.conflict.key}/decide", data={"csrf": token, "action": "escalate", "version": "1"}
    )
    assert response.status_code == 503
    assert "The review database is read-only, so nothing can be saved" in response.text
    assert client.get("/").status_code == 200  # reading still works


def test_an_unexpected_fault_gives_an_error_page_without_its_traceback(
    script_store: Store, clock: Clock, seed: Seed
) -> None:
    with script_store.engine.begin() as connection:  # a row no reader can parse
        connection.execute(text("UPDATE conflicts SET reasons = '{not json'"))
    app = create_app(script_store, "test-key", ReviewQueue(script_store, clock=clock))
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as browser:
        log_in(browser)
        response = browser.get(f"/items/{seed.conflict.key}")
    assert response.status_code == 500
    assert "Something went wrong on the server; nothing more was changed." in response.text
    assert "Traceback" not in response.text and "JSONDecodeError" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def decide_as_ana(client: TestClient, key: str, token: str, **fields: str) -> Response:
    return client.post(f"/items/{key}/decide", data={"csrf": token, "version": "1", **fields})


def test_item_title_is_a_sentence_and_reason_codes_are_a_click_from_their_meaning(
    client: TestClient, seed: Seed
) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.conflict.key}").text
    title = re.search(r'<h1 id="item-title">([^<]+)</h1>', html)
    assert title is not None
    assert title.group(1) == "Sources disagree on how many civilians were killed in the village of Miznaz."
    assert '<a href="/reasons#disjoint_intervals" title="the figures cannot both be right' in html
    assert "None" not in re.sub(r"<[^>]+>", "", html.split('id="trail"')[0])
    reasons = client.get("/reasons").text
    assert '<dt id="divergent_floors"><code>divergent_floors</code></dt>' in reasons


def test_queue_rows_show_figures_place_and_the_open_items_by_default(
    client: TestClient, seed: Seed, script_store: Store
) -> None:
    token = log_in(client)
    row = client.get("/").text.split('<tr class="item">')[1]
    assert "Sources disagree on how many civilians were killed in the village of Miznaz." in row
    assert "“nine” (9) civilians killed, says The activist-run Local Coordination Committees" in row
    assert "<td>the village of Miznaz</td>" in row
    decide_as_ana(client, seed.conflict.key, token, action="escalate")
    assert "Miznaz" not in client.get("/").text.split('<table class="queue">')[1]
    assert "Miznaz" in client.get("/?state=any").text.split('<table class="queue">')[1]


def test_working_the_queue_to_its_end_lands_on_an_empty_queue_page(client: TestClient, seed: Seed) -> None:
    token = log_in(client)
    for key in (seed.conflict.key, seed.failure.id):
        decide_as_ana(client, key, token, action="dismiss")
    done = client.post("/next", data={"csrf": token})
    assert done.headers["location"] == "/done"
    assert "Nothing left to review" in client.get("/done").text
    assert 'id="empty-queue"' in client.get("/").text


def test_a_decision_leaves_a_saved_banner_with_undo(
    client: TestClient, script_store: Store, seed: Seed
) -> None:
    token = log_in(client)
    lcc = seed.claims["lcc_9"]
    decide_as_ana(client, seed.conflict.key, token, action="accept", claim_id=lcc.id)
    banner = client.get(f"/items/{seed.failure.id}").text
    assert (
        "Saved: you accepted “nine” (9) from The activist-run Local Coordination Committees as the headline"
        in banner
    )
    assert 'id="undo-form"' in banner
    assert 'id="saved"' not in client.get(f"/items/{seed.failure.id}").text  # shown once
    (decision,) = ReviewQueue(script_store).history(seed.conflict.key)
    undone = client.post(
        f"/items/{seed.conflict.key}/undo", data={"csrf": token, "decision_id": str(decision.id)}
    )
    assert undone.headers["location"] == f"/items/{seed.conflict.key}"
    page = client.get(undone.headers["location"]).text
    assert "Undone: the decision is reversed and the item is open for review again." in page
    assert script_store.queue_items()[0].state == "reopened"


def test_revert_asks_for_confirmation_first(client: TestClient, script_store: Store, seed: Seed) -> None:
    token = log_in(client)
    decide_as_ana(client, seed.conflict.key, token, action="escalate")
    (decision,) = ReviewQueue(script_store).history(seed.conflict.key)
    item = client.get(f"/items/{seed.conflict.key}").text
    assert f'href="/items/{seed.conflict.key}/revert/{decision.id}"' in item
    assert 'value="revert"' not in item  # no one-click revert on the item page
    confirm = client.get(f"/items/{seed.conflict.key}/revert/{decision.id}").text
    assert "Undo this decision?" in confirm and "escalated the item" in confirm
    assert script_store.queue_items()[0].state == "escalated"
    version = re.search(r'name="version" value="(\d+)"', confirm)
    assert version is not None
    data = {"csrf": token, "action": "revert", "version": version.group(1), "decision_id": str(decision.id)}
    client.post(f"/items/{seed.conflict.key}/decide", data=data)
    assert script_store.queue_items()[0].state == "reopened"


def test_a_decided_item_shows_its_decision_and_headline_and_no_preselected_figure(
    client: TestClient, seed: Seed
) -> None:
    token = log_in(client)
    lcc = seed.claims["lcc_9"]
    decide_as_ana(client, seed.conflict.key, token, action="accept", claim_id=lcc.id)
    html = client.get(f"/items/{seed.conflict.key}").text
    settled = html[html.index('id="settled"') :]
    assert (
        "accepted “nine” (9) from The activist-run Local Coordination Committees as the headline" in settled
    )
    assert '<strong id="settled-headline">9</strong>' in settled
    assert "checked" not in html.split('id="decide-form"')[1].split("</form>")[0]
    history = html[html.index('id="history"') :]
    assert "<strong>ana</strong> accepted “nine” (9)" in history and "{&#34;claim_id&#34;" not in history


def test_a_missing_note_brings_the_reviewer_back_to_the_item_saying_why(
    client: TestClient, seed: Seed
) -> None:
    token = log_in(client)
    sohr = seed.claims["sohr_10"]
    response = decide_as_ana(client, seed.conflict.key, token, action="accept", claim_id=sohr.id)
    assert response.status_code == 400
    assert 'id="item-title"' in response.text and "aria-invalid=true" in response.text
    assert "A note is required: accepting &#39;10&#39; overrides the conservative headline." in response.text


def test_a_lease_clash_is_explained_on_the_item_page(
    client: TestClient, ben_queue: ReviewQueue, script_store: Store, seed: Seed
) -> None:
    ben_queue.claim(seed.conflict.key, "ben")
    token = log_in(client)
    page = client.get(f"/items/{seed.conflict.key}").text
    assert "ben is working on it until 09:15 UTC (15 min from now)" in page
    response = decide_as_ana(client, seed.conflict.key, token, action="escalate")
    assert response.status_code == 409
    assert "ben is working on this item until 09:15 UTC, so your decision was not saved." in response.text
    assert script_store.counts()["decisions"] == 0


def test_releasing_an_item_not_held_is_explained_and_moving_on_leaves_the_holders_lease(
    client: TestClient, ben_queue: ReviewQueue, script_store: Store, seed: Seed
) -> None:
    token = log_in(client)
    key = seed.conflict.key
    unclaimed = client.post(f"/items/{key}/release", data={"csrf": token})
    assert unclaimed.status_code == 409
    assert "Not released: you do not hold this item; it is open." in unclaimed.text
    ben_queue.claim(key, "ben")
    held = client.post(f"/items/{key}/release", data={"csrf": token})
    assert (held.status_code, "ben is working on this item until 09:15 UTC" in held.text) == (409, True)
    moved_on = client.post("/next", data={"csrf": token, "current": key})
    assert moved_on.headers["location"] == f"/items/{seed.failure.id}"
    assert {i.key: (i.state, i.lease_owner) for i in script_store.queue_items()} == {
        key: ("claimed", "ben"),
        seed.failure.id: ("claimed", "ana"),
    }
    released = client.post(f"/items/{seed.failure.id}/release", data={"csrf": token})
    assert (released.status_code, script_store.queue_items()[1].state) == (303, "open")


def test_a_quality_item_has_a_page_of_its_own_without_conflict_buttons(
    client: TestClient, seed: Seed
) -> None:
    log_in(client)
    html = client.get(f"/items/{seed.failure.id}").text
    assert "Quality warning: value is count (1 row of claims)." in html
    assert "category share is not a count" in html
    assert "<code>claims.value_is_count</code>" in html
    assert [value for value in re.findall(r'name="action" value="(\w+)"', html)] == [
        "dismiss",
        "escalate",
        "extraction_error",
    ]
    assert "Conflict versions" not in html and "Miznaz" not in html.split('id="findings"')[0]


def test_sessions_log_in_limit_and_checked_fields_hold_on_each_database(
    seeded_store: Store, clock: Clock, seed: Seed
) -> None:
    """The same guarantees on SQLite and PostgreSQL: the session rows, the failure counts, a 400 for
    each malformed field (PostgreSQL once answered a NaN range with a 500)."""
    app = create_app(seeded_store, "test-key", ReviewQueue(seeded_store, clock=clock))
    with TestClient(app, follow_redirects=False) as browser, TestClient(app, follow_redirects=False) as other:
        for _ in range(5):
            try_secret(other, "ben", "wrong-secret")
        limited = try_secret(other, "ben", SECRETS["ben"])
        assert limited.status_code == 429 and "Too many failed log-ins for this name" in limited.text
        token = log_in(browser)
        for fields, message in (
            ({"action": "escalate", "version": "abc"}, "version must be a whole number from 1"),
            ({"action": "revert", "decision_id": "abc"}, "decision_id must be a whole number"),
            ({"action": "range", "low": "NaN", "high": "10"}, "low must be a number of at least 0"),
            ({"action": "range", "low": "1", "high": "inf"}, "high must be a number of at least 0"),
            ({"action": "range", "low": "-3", "high": "10"}, "low must be a number of at least 0"),
        ):
            refused = decide_as_ana(browser, seed.conflict.key, token, **fields)
            assert (refused.status_code, message in refused.text) == (400, True), fields
        copied = str(browser.cookies["factledger_session"])
        browser.post("/logout", data={"csrf": token})
        other.cookies.set("factledger_session", copied)
        assert other.get("/").status_code == 303
    assert seeded_store.counts()["decisions"] == 0
