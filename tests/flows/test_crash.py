"""Crash safety: SIGKILL the flow process mid-run, run it again, and get exactly the database an
uninterrupted run gives: nothing lost, nothing doubled, every hash verified."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.corpus import write_corpus
from factledger.pipeline import open_store, run_pipeline
from factledger.provenance.verify import verify
from factledger.settings import load_settings
from factledger.store import tables
from tests.seeds import copy_seeds

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]
ROOT = Path(__file__).resolve().parents[2]
BATCH = "3"
# Kill points: the run has stored some documents / most claims / its conflicts.
KILL_POINTS: dict[str, Callable[[sqlite3.Connection], bool]] = {
    "documents": lambda db: _count(db, "documents") >= 3,
    "claims": lambda db: _count(db, "claims") >= 40,
    "conflicts": lambda db: _count(db, "conflicts") >= 1,
}


def _count(db: sqlite3.Connection, table: str) -> int:
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return 0  # not migrated yet, or busy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("crash")
    write_corpus(24, base / "synthetic", seed=3)
    folder = copy_seeds(base / "synthetic" / "articles")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    settings = load_settings(db=f"sqlite:///{db}")
    run_pipeline([corpus], settings.db_url, settings.expectations_dir, int(BATCH))
    return snapshot(settings.db_url)


def snapshot(url: str) -> dict[str, object]:
    """Everything a run leaves that must not depend on how often it was interrupted."""
    store = open_store(url)
    with store.engine.connect() as conn:
        ids = {
            t.name: sorted(r[0] for r in conn.execute(select(t.c.id)))
            for t in (tables.documents, tables.articles, tables.claims, tables.failures, tables.conflicts)
        }
        # Batch validations differ by batch make-up (a re-run skips what is extracted); the
        # rest of the provenance must be the same.
        # Quality digests are per run (a killed run and its re-run are two runs): compare which
        # failures reached reviewers, not the digests' run-specific keys and route activities.
        steps = select(tables.activities.c.id, tables.activities.c.step, tables.activities.c.parameters)
        ids["activities"] = sorted(
            r.id
            for r in conn.execute(steps.where(tables.activities.c.step != "validate"))
            if not (r.step == "route" and r.parameters.get("kind") == "quality")
        )
        items = select(tables.queue_items.c.key, tables.queue_items.c.state)
        queue = sorted(conn.execute(items.where(tables.queue_items.c.kind == "conflict")).all())
        digested = sorted(set(conn.execute(select(tables.digest_failures.c.failure_id)).scalars()))
        queue.append(("quality digests hold", tuple(digested)))
        quarantined = sorted(
            r[0]
            for r in conn.execute(select(tables.claims.c.id).where(tables.claims.c.status == "quarantined"))
        )
    return {
        "ids": ids,
        "queue": [tuple(q) for q in queue],
        "quarantined": quarantined,
        "problems": verify(store),
    }


def start_run(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    from prefect.settings import PREFECT_API_URL

    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())  # the session's throwaway server
    cmd = [
        sys.executable,
        "-m",
        "factledger.cli",
        "run",
        "--db",
        f"sqlite:///{db}",
        "--batch-size",
        BATCH,
        str(corpus),
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(
    process: subprocess.Popen[bytes], db: Path, ready: Callable[[sqlite3.Connection], bool]
) -> bool:
    """SIGKILL the run as soon as the database shows the kill point; False if it finished first."""
    deadline = time.monotonic() + 180
    while process.poll() is None and time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                if ready(conn):
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    return True
        time.sleep(0.05)
    process.wait(timeout=60)
    return False


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_run_killed_then_rerun_ends_as_an_uninterrupted_run(
    point: str, corpus: Path, reference: dict[str, object], tmp_path: Path
) -> None:
    db = tmp_path / "crash.db"
    killed = kill_when(start_run(corpus, db), db, KILL_POINTS[point])
    assert killed, f"the run finished before reaching the kill point {point!r}"
    rerun = start_run(corpus, db)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()[-2000:]
    after = snapshot(f"sqlite:///{db}")
    assert after["problems"] == []
    assert after["queue"] == reference["queue"]
    assert after["quarantined"] == reference["quarantined"]
    for table, ids in reference["ids"].items():  # type: ignore[attr-defined]
        got = after["ids"][table]  # type: ignore[index]
        assert got == ids, f"{table}: {len(set(ids) - set(got))} lost, {len(set(got) - set(ids))} extra"
