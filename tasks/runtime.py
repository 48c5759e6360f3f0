"""Prefect's run ids for provenance rows: the only place tasks read prefect.runtime."""

from __future__ import annotations

from prefect import get_run_logger
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


def log_stage(message: str) -> None:
    """Say what a stage did in the run's log, so the run page in the Prefect UI shows it."""
    get_run_logger().info(message)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
