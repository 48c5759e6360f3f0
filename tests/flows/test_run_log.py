"""What an operator sees on a flow run's page: each stage's log lines and a Data Docs link that opens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.seeds import copy_seeds

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture()
def info_logs() -> Iterator[None]:
    """Task and flow run logs at INFO, as `make serve` runs them (quieter settings apply elsewhere)."""
    names = ("prefect.task_runs", "prefect.flow_runs")
    before = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.INFO)
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


def test_a_run_logs_its_stages_and_links_the_review_apps_data_docs(
    info_logs: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogHandler

    from flows.factcheck import factcheck

    monkeypatch.setenv("FACTLEDGER_REVIEW_URL", "https://review.example.org")
    monkeypatch.setenv("FACTLEDGER_HOME", str(tmp_path / "home"))
    state = factcheck(
        paths=[str(copy_seeds(tmp_path / "corpus"))], db=f"sqlite:///{tmp_path / 'x.db'}", return_state=True
    )
    run_id = state.state_details.flow_run_id
    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    messages = [log.message for log in logs]
    for stage in ("ingest: read 2 documents", "extract: ", "validate: ", "commit: stored ", "verify: ok"):
        assert any(m.startswith(stage) for m in messages), (stage, messages)
    (docs,) = [a for a in artifacts if a.key == "data-docs"]
    assert docs.data is not None and "https://review.example.org/data-docs/" in str(docs.data)
    assert "file://" not in str(docs.data)
