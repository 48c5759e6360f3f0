"""A real Prefect server, the served deployment on a schedule, and the UI's run page in chromium.

One module-scoped server (`prefect server start` on a free port, SQLite in a temporary
folder) and one `deployments/serve.py` process with a 30-second interval; the tests look at
what the scheduler made through Prefect's API, then photograph the run page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    DeploymentFilter,
    DeploymentFilterName,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.client.schemas.sorting import FlowRunSort
from prefect.events.filters import EventFilter, EventNameFilter, EventRelatedFilter
from prefect.settings import PREFECT_API_URL, temporary_settings

from tests.browser import CHROMIUM, CHROMIUM_ARGS, screenshot_path
from tests.conftest import free_port
from tests.sources.site import Site, serve_site

pytestmark = pytest.mark.flow
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    """The running server, and the flow run the schedule created and completed."""

    ui_url: str
    api_url: str
    run: FlowRun
    folder: Path


def wait_for(check: object, seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()  # type: ignore[operator]
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what} after {seconds:g} s")


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def completed_scheduled_run(api_url: str) -> FlowRun | None:
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["scheduled"])),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC,
        )
    # The first run does the work (later ones find nothing new): wait for that one.
    if not runs or runs[0].state_type != StateType.COMPLETED:
        return None
    return runs[0] if runs else None


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    ui_url, api_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(folder / "prefect"),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # Schedule and pick up runs within seconds, not the default minute.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=(folder / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker: subprocess.Popen[bytes] | None = None
    try:
        wait_for(lambda: healthy(api_url), 90, "the Prefect server")
        with serve_site(Site()) as site:
            sources = folder / "sources.yaml"
            urls = [site.url("/news/aleppo-monitor"), site.url("/old/aleppo-state")]
            sources.write_text(f"urls: {json.dumps(urls)}\npaths: [seeds]\n")
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "deployments/serve.py",
                    "--interval",
                    "30",
                    "--sources",
                    str(sources),
                    "--db",
                    f"sqlite:///{folder / 'factledger.db'}",
                    "--host-interval",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                stdout=(folder / "serve.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
            run = wait_for(lambda: completed_scheduled_run(api_url), 120, "a completed scheduled run")
            assert isinstance(run, FlowRun)
            yield Served(ui_url, api_url, run, folder)
    finally:
        if worker is not None:
            stop(worker)
        stop(server)


def test_schedule_creates_and_completes_a_run(served: Served) -> None:
    assert served.run.auto_scheduled is True
    assert served.run.state_type == StateType.COMPLETED
    assert served.run.parameters["sources"].endswith("sources.yaml")


def test_scheduled_run_publishes_artifacts_and_events(served: Served) -> None:
    with temporary_settings({PREFECT_API_URL: served.api_url}), get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[served.run.id]))
        )
        query = EventFilter(
            event=EventNameFilter(name=["factledger.conflict.flagged"]),
            related=EventRelatedFilter(id=[f"prefect.flow-run.{served.run.id}"]),
        )
        events = wait_for(lambda: client.read_events(query, limit=50).events, 30, "conflict events")
    assert sorted(a.key for a in artifacts if a.key) == [
        "data-docs",
        "factcheck-progress",  # fetched pages and the listed folder are two batches
        "factcheck-summary",
        "fetches",
        "new-conflicts",
        "quality-failures",
    ]
    assert isinstance(events, list)
    for event in events:
        assert event.resource["factledger.severity"] in ("high", "medium", "low")
        assert event.resource["factledger.category"] != ""
        assert event.payload["review_url"].startswith("http://127.0.0.1:8000/items/sha256:")


def test_the_printed_run_commands_work_from_a_new_shell(served: Served) -> None:
    printed = (served.folder / "serve.log").read_text(encoding="utf-8").splitlines()
    (command,) = [line.strip() for line in printed if "deployment run 'factcheck-audit/nightly'" in line]
    assert command.startswith(f"PREFECT_API_URL={served.api_url} .venv/bin/prefect deployment run")
    # A new shell: no Prefect settings in the environment but what the command itself sets.
    fresh = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    fresh["PREFECT_HOME"] = str(served.folder / "fresh-shell")
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=fresh, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Created flow run" in done.stdout


@pytest.mark.browser
def test_screenshot_of_the_run_page_with_its_artifacts(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    target = screenshot_path("prefect-run.png")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{served.ui_url}/runs/flow-run/{served.run.id}", wait_until="networkidle")
        page.get_by_text("Artifacts", exact=True).first.click()
        page.get_by_text("new-conflicts").first.wait_for(timeout=30_000)
        page.screenshot(path=str(target), full_page=True)
        text = page.inner_text("body")
        browser.close()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ("new-conflicts" in text, "quality-failures" in text, "fetches" in text) == (True, True, True)
