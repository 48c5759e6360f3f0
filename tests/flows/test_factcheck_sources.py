"""The sources flow under a Prefect test server, against a local news site."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.events import Event
from prefect.events.filters import EventFilter, EventNameFilter, EventRelatedFilter

from factledger.provenance.verify import verify
from factledger.store import Store
from factledger.store.fetches import fetch_log
from flows.factcheck_sources import factcheck_sources
from tests.sources.site import Site, serve_site

pytestmark = pytest.mark.flow

RECORD = {
    "url": "https://wire.example/2016/10/28/aleppo-wire",
    "outlet": "Wire",
    "published": "2016-10-28",
    "title": "Aleppo toll",
    "text": "At least 15 civilians were killed on Friday in western Aleppo, the Syrian Observatory said.",
}


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve_site(Site(flaky_failures=2, slow_seconds=1.0)) as running:
        yield running


def write_sources(folder: Path, site: Site) -> Path:
    corpus = folder / "corpus.jsonl"
    corpus.write_text(json.dumps(RECORD) + "\n")
    path = folder / "sources.yaml"
    path.write_text(
        f"feeds: [{site.url('/feed.xml')}]\nurls: [{site.url('/news/aleppo-monitor')}]\njsonl: [{corpus}]\n"
    )
    return path


def run_flow(sources: Path, db: str) -> UUID:
    state = factcheck_sources(
        sources=str(sources),
        db=db,
        timeout_seconds=0.5,
        max_bytes=100_000,
        host_interval=0.0,
        retry_delays=[0.0, 0.0, 0.0],
        return_state=True,
    )
    assert state.is_completed(), state.message
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    return flow_run_id


def test_sources_flow_retries_transient_failures_only(
    prefect_harness: None, site: Site, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'flow.db'}"
    run_flow(write_sources(tmp_path, site), db)
    store = Store.open(db)
    outcomes = {row.url.removeprefix(site.base_url): (row.outcome, row.status) for row in fetch_log(store)}
    assert outcomes == {
        "/feed.xml": ("fetched", 200),
        "/news/aleppo-monitor": ("fetched", 200),
        "/old/aleppo-state": ("fetched", 200),
        "/news/flaky": ("fetched", 200),
        "/news/missing": ("refused", 404),
        "/news/slow": ("failed", None),
        "/news/huge": ("refused", 200),
    }
    assert site.hits["/news/flaky"] == 3  # two 500s, then the page
    assert site.hits["/news/missing"] == 1  # a 404 is never retried
    assert site.hits["/news/huge"] == 1
    assert site.hits["/news/slow"] == 4  # the first attempt and three retries
    locations = sorted(d.location.removeprefix(site.base_url) for d in store.documents())
    assert locations == [
        "/news/aleppo-monitor",
        "/news/flaky",
        "/old/aleppo-state",
        "https://wire.example/2016/10/28/aleppo-wire",
    ]
    assert verify(store) == []


def test_sources_flow_publishes_artifacts_and_conflict_events(
    prefect_harness: None, site: Site, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'flow.db'}"
    flow_run_id = run_flow(write_sources(tmp_path, site), db)
    store = Store.open(db)
    conflicts = store.conflicts()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    events = read_conflict_events(flow_run_id, len(conflicts))
    assert sorted(a.key for a in artifacts if a.key) == [
        "data-docs",
        "factcheck-progress",  # the fetched pages and the JSON Lines records are two batches
        "factcheck-summary",
        "fetches",
        "new-conflicts",
        "quality-failures",
    ]
    table = next(a for a in artifacts if a.key == "new-conflicts")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert sorted(row["review"] for row in rows) == sorted(
        f"http://127.0.0.1:8000/items/{c.key}" for c in conflicts
    )
    assert len(conflicts) >= 1
    labels = sorted(
        (e.resource["factledger.category"], e.resource["factledger.severity"], e.resource["factledger.event"])
        for e in events
    )
    assert labels == sorted((c_category(store, c.claim_ids), c.severity, c.event_key) for c in conflicts)


def c_category(store: Store, claim_ids: tuple[str, ...]) -> str:
    return "+".join(sorted({c.category for c in store.claims() if c.id in claim_ids}))


def read_conflict_events(flow_run_id: UUID, expected: int) -> list[Event]:
    """The flagged-conflict events of one flow run; events arrive asynchronously, so poll."""
    query = EventFilter(
        event=EventNameFilter(name=["factledger.conflict.flagged"]),
        related=EventRelatedFilter(id=[f"prefect.flow-run.{flow_run_id}"]),
    )
    events: list[Event] = []
    for _ in range(40):
        with get_client(sync_client=True) as client:
            events = client.read_events(query, limit=50).events
        if len(events) >= expected:
            break
        time.sleep(0.25)
    return events
