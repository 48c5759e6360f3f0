"""Flow `factcheck-sources`: the scheduled run over a sources file (feeds, pages, folders, JSON Lines).

The stages are `flows.inputs.check_sources`, which `factcheck` shares; this flow adds the
fetch settings a schedule tunes and a Dask variant for the concurrent stages.
"""

from __future__ import annotations

from prefect import Flow, flow

from factledger.pipeline import RunSummary
from factledger.settings import load_settings
from factledger.sources.http import FetchPolicy
from flows.inputs import check_sources
from tasks.fetch import fetch_page, read_sources


@flow(name="factcheck-sources")
def factcheck_sources(
    sources: str = "deployments/sources.yaml",
    db: str | None = None,
    batch_size: int | None = None,
    timeout_seconds: float = 15.0,
    max_bytes: int = 5_000_000,
    host_interval: float = 1.0,
    retry_delays: list[float] | None = None,
    deadline_seconds: float = 60.0,
) -> RunSummary:
    """Fetch and fact-check everything the sources file lists; publish what changed."""
    settings = load_settings(db=db, batch_size=batch_size)
    policy = FetchPolicy(timeout_seconds, max_bytes, host_interval, deadline_seconds=deadline_seconds)
    fetch = fetch_page if retry_delays is None else fetch_page.with_options(retry_delay_seconds=retry_delays)
    return check_sources(settings, read_sources(sources), policy, fetch)


def with_dask(address: str | None = None, workers: int = 2) -> Flow[..., RunSummary]:
    """The same flow with its concurrent stages on Dask: a cluster's scheduler, or a local one."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address:
        return factcheck_sources.with_options(task_runner=DaskTaskRunner(address=address))  # type: ignore[arg-type]
    local = {"n_workers": workers, "processes": False, "threads_per_worker": 1}
    return factcheck_sources.with_options(task_runner=DaskTaskRunner(cluster_kwargs=local))  # type: ignore[arg-type]
