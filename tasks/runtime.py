"""Prefect's run ids for provenance rows: the only place tasks read prefect.runtime."""

from __future__ import annotations

from prefect.runtime import deployment, flow_run, task_run

from factledger.pipeline import StepRun


def current_step() -> StepRun:
    """The flow run, task run and deployment this code runs in, as a StepRun."""
    return StepRun(
        flow_run_id=_text(flow_run.id),
        task_run_id=_text(task_run.id),
        deployment_id=_text(deployment.id),
        actor="prefect",
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
