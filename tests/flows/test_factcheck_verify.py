"""The factcheck flow ends with its own verify task and shows the result in its summary artifact."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterId,
)

from tests.seeds import copy_seeds

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def run_factcheck(corpus: Path, url: str) -> tuple[object, str]:
    """Run the flow; return its summary and its summary artifact's Markdown."""
    from flows.factcheck import factcheck

    state = factcheck(paths=[str(corpus)], db=url, return_state=True)
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
            )
        )
    assert "verify" in {run.name.split("-")[0] for run in runs}
    (summary_artifact,) = [a for a in artifacts if a.key == "factcheck-summary"]
    return state.result(), str(summary_artifact.data)


def test_flow_reports_verify_in_its_summary_artifact(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    url = f"sqlite:///{tmp_path / 'fl.db'}"
    summary, markdown = run_factcheck(corpus, url)
    assert summary.problems == 0  # type: ignore[attr-defined]
    assert "| verify | ok |" in markdown


def test_summary_artifact_counts_problems() -> None:
    from factledger.pipeline import RunSummary
    from factledger.report import summary_markdown

    assert "| verify | 2 problems |" in summary_markdown(RunSummary("sqlite://", problems=2))
