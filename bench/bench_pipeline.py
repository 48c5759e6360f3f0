"""Whole-pipeline benchmark: one process tree, one report (`bench/results.md`).

For each corpus size N it measures, each in a fresh child process (so peak memory is per run):
extraction alone; the bare pipeline (core + storage) cold; the Prefect flow cold (against a
Prefect server started once for the whole benchmark, as an operator would run it); the bare
pipeline again over the unchanged corpus; and after 1% of the articles changed. It prints and
writes articles/s, the ratios between runs, peak memory, database size and conflict recall.

    python bench/bench_pipeline.py --sizes 1000 10000 [--out bench/results.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = ("extract", "bare", "flow", "rerun", "changed")


def run_child(mode: str, corpus: Path, db_url: str) -> dict[str, Any]:
    """Run one mode in this process and return its figures (called in a child process)."""
    started = time.perf_counter()
    result: dict[str, Any] = {"mode": mode}
    if mode == "extract":
        result["articles"] = _extract_only(corpus)
    elif mode == "flow":
        from flows.factcheck import factcheck

        factcheck(paths=[str(corpus / "articles")], db=db_url)
    else:
        from factledger.pipeline import run_pipeline
        from factledger.settings import load_settings

        # The same work as the flow's, Data Docs included, so the ratio is Prefect's cost alone.
        settings = load_settings(db=db_url)
        run_pipeline(
            [corpus / "articles"], db_url, settings.expectations_dir, settings.batch_size, home=settings.home
        )
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _extract_only(corpus: Path) -> int:
    from factledger.core.extract import extract_claims
    from factledger.core.segment import segment_document

    count = 0
    for path in sorted((corpus / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        extract_claims(text, segment_document(path.name, text))
        count += 1
    return count


def spawn(mode: str, corpus: Path, db_url: str, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, str(corpus), db_url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def change_one_percent(corpus: Path) -> int:
    """Append a new figure to every hundredth article, as a later edition would."""
    paths = sorted((corpus / "articles").glob("*.txt"))[::100]
    for path in paths:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nA later update said 3 more people were injured, officials said.\n")
    return len(paths)


def measure_size(n: int, workdir: Path, env: dict[str, str]) -> dict[str, Any]:
    from bench.corpus import write_corpus

    corpus = workdir / f"corpus_{n}"
    write_corpus(n, corpus, seed=7)
    bare_db, flow_db = workdir / f"bare_{n}.db", workdir / f"flow_{n}.db"
    rows = {mode: spawn(mode, corpus, f"sqlite:///{bare_db}", env) for mode in ("extract", "bare", "rerun")}
    rows["flow"] = spawn("flow", corpus, f"sqlite:///{flow_db}", env)
    score = _score(f"sqlite:///{bare_db}", corpus)
    change_one_percent(corpus)
    rows["changed"] = spawn("changed", corpus, f"sqlite:///{bare_db}", env)
    return {"n": n, "rows": rows, "db_mb": bare_db.stat().st_size / 2**20, "score": score}


def _score(db_url: str, corpus: Path) -> dict[str, Any]:
    from bench.score import score_conflicts
    from factledger.store import Store

    store = Store.open(db_url)
    try:
        result = score_conflicts(store, corpus / "manifest.jsonl")
    finally:
        store.close()
    return {"recall": result.recall, "false_flags": result.false_flags, "expected": result.expected}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def prefect_server(workdir: Path) -> Iterator[dict[str, str]]:
    """A real Prefect server for the flow runs, started once and stopped at the end."""
    port = free_port()
    env = dict(
        os.environ,
        PREFECT_HOME=str(workdir / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_LOGGING_LEVEL="CRITICAL",
        PREFECT_LOGGING_LEVEL="ERROR",
    )
    prefect = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    try:
        _wait_for(port)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the Prefect server did not start")


def render(results: list[dict[str, Any]]) -> str:
    lines = ["# Whole-pipeline benchmark", "", *_machine_lines(), ""]
    lines += ["| N | mode | seconds | articles/s | ratio | peak MB |", "|---|---|---|---|---|---|"]
    for result in results:
        n, rows = result["n"], result["rows"]
        for mode in MODES:
            row = rows[mode]
            ratio = row["seconds"] / rows["bare"]["seconds"]
            lines.append(
                f"| {n} | {mode} | {row['seconds']:.1f} | {n / row['seconds']:.0f} | "
                f"{ratio:.2f}x bare | {row['peak_mb']:.0f} |"
            )
    lines += ["", "| N | database MB | conflict recall | false flags |", "|---|---|---|---|"]
    for r in results:
        s = r["score"]
        recall = f"{s['recall']:.1%} of {s['expected']}"
        lines.append(f"| {r['n']} | {r['db_mb']:.1f} | {recall} | {s['false_flags']} |")
    return "\n".join([*lines, "", *target_lines(results)]) + "\n"


def target_lines(results: list[dict[str, Any]]) -> list[str]:
    """Each target of the benchmark, judged from this run's figures."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    big, small = max(results, key=lambda r: r["n"]), min(results, key=lambda r: r["n"])
    rows = big["rows"]
    flow = rows["flow"]["seconds"] / rows["bare"]["seconds"]
    rerun = rows["rerun"]["seconds"] / rows["bare"]["seconds"]
    growth = rows["bare"]["peak_mb"] / small["rows"]["bare"]["peak_mb"]
    perfect = all(r["score"]["recall"] == 1.0 and r["score"]["false_flags"] == 0 for r in results)
    n = f"{big['n']:,}"
    return [
        "## Against the targets",
        "",
        f"- Prefect flow vs bare pipeline at {n} articles: {flow:.2f}x (target within 1.25x): "
        f"{verdict(flow <= 1.25)}.",
        f"- Unchanged re-run at {n}: {rerun:.1%} of a cold run (target under 5%): {verdict(rerun < 0.05)}.",
        f"- Peak memory of the bare pipeline: {small['rows']['bare']['peak_mb']:.0f} MB at {small['n']:,}, "
        f"{rows['bare']['peak_mb']:.0f} MB at {n} "
        f"({growth:.2f}x for {big['n'] / small['n']:.0f}x the articles; "
        f"target flat, taken as under 1.5x): {verdict(growth < 1.5)}.",
        f"- Conflict recall 100% with no false flags at every size: {verdict(perfect)}.",
        f"- Database: {big['db_mb'] * 1024 / big['n']:.0f} KB per article at {n}.",
    ]


def _machine_lines() -> list[str]:
    import prefect
    import sqlalchemy

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        f"- prefect {prefect.__version__}, sqlalchemy {sqlalchemy.__version__}, commit {commit}",
        "- database: SQLite file; Prefect server started once, shared by the flow runs",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, db = args.child
        print(json.dumps(run_child(mode, Path(corpus), db)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="factledger-bench-"))
    try:
        with prefect_server(workdir) as env:
            results = [measure_size(n, workdir, env) for n in args.sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = render(results)
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
