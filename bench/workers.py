"""Scale-out the way the README tells users to: a `process` work pool named `factledger`, the
`factcheck/files` deployment from `deployments/prefect.yaml`, and N `prefect worker start`
processes, all sharing one PostgreSQL database.

The corpus is split into parts (folders of hard links); each part is one flow run of the
`files` deployment. The same parts are run by one worker, then by two: only the number of
workers differs. `run_parts` returns the wall time from the first submission to the last
flow run finished.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POOL = "factledger"
DEPLOYMENT = "factcheck/files"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def prefect_cli(env: dict[str, str], *args: str) -> None:
    prefect = str(Path(sys.executable).with_name("prefect"))
    done = subprocess.run([prefect, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"prefect {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def deploy(env: dict[str, str]) -> None:
    """The pool and the `files` deployment, exactly as the README's commands make them."""
    prefect_cli(env, "work-pool", "create", POOL, "--type", "process", "--overwrite")
    prefect_cli(env, "--no-prompt", "deploy", "--name", "files", "--prefect-file", "deployments/prefect.yaml")


def split_corpus(articles: Path, parts: int) -> list[Path]:
    """The articles in `parts` folders of hard links, by name (so each part is a stretch of time)."""
    names = sorted(p.name for p in articles.iterdir())
    folders = []
    for index in range(parts):
        folder = articles.parent / f"part-{index}"
        folder.mkdir(exist_ok=True)
        share = names[index * len(names) // parts : (index + 1) * len(names) // parts]
        for name in share:
            if not (folder / name).exists():
                os.link(articles / name, folder / name)
        folders.append(folder)
    return folders


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """`count` workers on the pool, each running one flow run at a time."""
    prefect = str(Path(sys.executable).with_name("prefect"))
    worker_env = {**env, "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1"}
    return [
        subprocess.Popen(
            [prefect, "worker", "start", "--pool", POOL, "--limit", "1", "--name", name],
            env=worker_env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in worker_names(count)
    ]


def worker_names(count: int) -> list[str]:
    return [f"bench-{count}-{index}" for index in range(count)]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def run_parts(count: int, parts: list[Path], db_url: str, batch_size: int, env: dict[str, str]) -> float:
    """Run every part as a flow run of the deployment with `count` workers; wall seconds."""
    os.environ.update(env)  # the Prefect client reads the API URL from the environment
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    workers = start_workers(count, env)
    try:
        wait_for_workers(worker_names(count))
        started = time.perf_counter()
        runs = [
            run_deployment(
                DEPLOYMENT,
                parameters={"paths": [str(part)], "db": db_url, "batch_size": batch_size},
                timeout=0,
            )
            for part in parts
        ]
        with get_client(sync_client=True) as client:
            states = wait_for_runs(client, [run.id for run in runs])
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(workers)
    if any(state != "COMPLETED" for state in states):
        raise SystemExit(f"flow runs ended {states}")
    return elapsed


def wait_for_workers(names: list[str], timeout: float = 120) -> None:
    """Until the named workers are online in the pool."""
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            online = {
                w.name for w in client.read_workers_for_work_pool(POOL) if str(w.status).endswith("ONLINE")
            }
            if set(names) <= online:
                return
            time.sleep(0.5)
    raise SystemExit(f"workers {names} did not come online")


def wait_for_runs(client: Any, ids: list[Any], timeout: float = 6 * 3600) -> list[str]:
    """Poll until every flow run is in a final state; their state types."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        types = [str(client.read_flow_run(run_id).state.type.value) for run_id in ids]
        if all(t in FINAL for t in types):
            return types
        time.sleep(0.5)
    raise SystemExit("flow runs did not finish in time")
