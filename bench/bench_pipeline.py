"""Whole-pipeline benchmark: one process tree, one report (`bench/results.md`).

For each corpus size N (`bench/corpus.py`: news-sized articles, wire copies, known disputes)
it measures, each in a fresh child process (so peak memory is per run): extraction alone;
the bare pipeline (core + storage, one process, one core) cold on SQLite; the Prefect flow
cold (against a Prefect server started once for the whole benchmark, as an operator would
run it); the bare pipeline again over the unchanged corpus; after 1% of the articles
changed; the bare pipeline on PostgreSQL; and the `factcheck/files` deployment on a process
work pool over PostgreSQL, with the corpus in two flow runs, run by one worker and then by
two. It writes articles/s, the ratios between runs, peak memory, database sizes, relations
per claim and conflict recall, and judges every target from the run's own figures.

    python bench/bench_pipeline.py --sizes 10000 100000 [--out bench/results.md]

At a size given to --one-core only the single-process runs are made (extraction alone, the
bare pipeline and its unchanged re-run): the one-core, size and memory figures, without the
hours the flow, PostgreSQL and the workers take at the largest size. --json keeps a run's
figures, and --render writes one report from the figures of several runs (each with its own
machine lines), so sizes may be measured side by side in separate processes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.postgres import create_database, database_bytes, free_port, postgres_cluster  # noqa: E402

MODES = ("extract", "bare", "flow", "rerun", "changed", "postgres")
PARTS = 2  # flow runs the corpus is split into for the worker comparison
CORPUS_SEED = 7


def run_child(mode: str, corpus: Path, db_url: str, batch_size: int) -> dict[str, Any]:
    """Run one mode in this process and return its figures (called in a child process)."""
    started = time.perf_counter()
    # The machine's load as the run starts: wall-clock figures made under load say so.
    result: dict[str, Any] = {"mode": mode, "load": os.getloadavg()[0]}
    if mode == "extract":
        result["articles"] = extract_only(corpus)
    elif mode == "flow":
        from flows.factcheck import factcheck

        factcheck(paths=[str(corpus / "articles")], db=db_url, batch_size=batch_size)
    elif mode.startswith("workers"):
        from bench.workers import run_parts, split_corpus

        parts = split_corpus(corpus / "articles", PARTS)
        result["seconds"] = run_parts(
            int(mode[len("workers") :]), parts, db_url, batch_size, dict(os.environ)
        )
    else:
        from factledger.pipeline import run_pipeline
        from factledger.settings import load_settings

        # The same work as the flow's, Data Docs included, so the ratio is Prefect's cost alone.
        settings = load_settings(db=db_url)
        run_pipeline([corpus / "articles"], db_url, settings.expectations_dir, batch_size, home=settings.home)
    result.setdefault("seconds", time.perf_counter() - started)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def extract_only(corpus: Path) -> int:
    """Read and extract every article, storing nothing: the extractor's own throughput."""
    from factledger.core.segment import segment_document
    from factledger.extractors import configured_extractor

    extractor = configured_extractor()
    count = 0
    for path in sorted((corpus / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        extractor.extract(text, segment_document(path.name, text))
        count += 1
    return count


def spawn(mode: str, corpus: Path, db_url: str, env: dict[str, str], batch_size: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, str(corpus), db_url, str(batch_size)]
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


def measure_size(
    n: int, workdir: Path, env: dict[str, str], pg: str, batch_size: int, one_core: bool = False
) -> dict[str, Any]:
    """Every mode at one corpus size (the single-process ones alone if `one_core`), and what
    the stores hold afterwards."""
    from bench.corpus import write_corpus

    corpus = workdir / f"corpus_{n}"
    write_corpus(n, corpus, seed=CORPUS_SEED)
    bare_db, flow_db = workdir / f"bare_{n}.db", workdir / f"flow_{n}.db"
    bare_url = f"sqlite:///{bare_db}"
    rows = {mode: spawn(mode, corpus, bare_url, env, batch_size) for mode in ("extract", "bare", "rerun")}
    stored = store_figures(bare_url, corpus)
    stored["sqlite_bytes"] = sqlite_bytes(bare_db)
    if one_core:
        return {"n": n, "rows": rows, "stored": stored, "workers": {}}
    rows["flow"] = spawn("flow", corpus, f"sqlite:///{flow_db}", env, batch_size)
    rows["postgres"] = spawn("postgres", corpus, create_database(pg, f"bare_{n}"), env, batch_size)
    stored["postgres_bytes"] = database_bytes(pg.format(db=f"bare_{n}")) - empty_postgres_bytes(pg)
    workers: dict[int, dict[str, Any]] = {}
    for count in (1, 2):
        url = create_database(pg, f"workers{count}_{n}")
        workers[count] = spawn(f"workers{count}", corpus, url, env, batch_size)
        workers[count]["outcome"] = outcome(url)
    change_one_percent(corpus)
    rows["changed"] = spawn("changed", corpus, bare_url, env, batch_size)
    return {"n": n, "rows": rows, "stored": stored, "workers": workers}


def empty_postgres_bytes(pg: str) -> int:
    """The size of a migrated database holding nothing, subtracted from the stored size."""
    from factledger.store import Store

    url = create_database(pg, f"empty_{time.monotonic_ns()}")
    Store.open(url).close()
    return database_bytes(url)


def sqlite_bytes(path: Path) -> int:
    """The database file's size once its write-ahead log is folded in."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def store_figures(db_url: str, corpus: Path) -> dict[str, Any]:
    """Conflict recall against the manifest, and rows per table."""
    from bench.score import score_conflicts
    from factledger.store import Store

    store = Store.open(db_url)
    try:
        result = score_conflicts(store, corpus / "manifest.jsonl")
        counts = store.counts(["claims", "relations", "activities", "lineage", "documents"])
    finally:
        store.close()
    score = {"recall": result.recall, "false_flags": result.false_flags, "expected": result.expected}
    return {"score": score, "counts": counts}


def outcome(db_url: str) -> dict[str, Any]:
    """What a run stored that must not depend on how many workers stored it."""
    from factledger.store import Store

    store = Store.open(db_url)
    try:
        return {
            "claims": sorted(c.id for c in store.claims()),
            "conflicts": sorted(c.id for c in store.conflicts()),
            "queue": sorted(item.key for item in store.queue_items()),
        }
    finally:
        store.close()


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
        FACTLEDGER_HOME=str(workdir / "home"),
        FACTLEDGER_CHECKOUT=str(ROOT),
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
        wait_for(port)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(port: int, timeout: float = 120) -> None:
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


def render(runs: list[dict[str, Any]]) -> str:
    """One report from the figures of one or more runs, each headed by its machine lines."""
    for run in runs:
        for result in run["results"]:
            result["commit"] = run_commit(run)
    results = sorted((r for run in runs for r in run["results"]), key=lambda r: r["n"])
    lines = ["# Whole-pipeline benchmark", ""]
    for run in runs:
        sizes = ", ".join(
            f"{r['n']:,}" + (" (one-core runs only)" if not r["workers"] else "") for r in run["results"]
        )
        lines += [f"Articles: {sizes}", "", *run["machine"], ""]
    lines += [
        "| N | commit | mode | seconds | CPU seconds | articles/s | articles/CPU-s | ratio (wall) "
        "| ratio (CPU) | peak MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines += mode_lines(result)
    lines += [
        "",
        "| N | commit | workers (PostgreSQL) | seconds | articles/s | speed-up | same results | load |",
    ]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines += worker_lines(r)
    lines += [
        "",
        "| N | commit | SQLite KB/article | PostgreSQL KB/article | relations/claim | conflict recall "
        "| false flags |",
    ]
    lines += ["|---|---|---|---|---|---|---|"]
    for r in results:
        s, counts = r["stored"], r["stored"]["counts"]
        recall = f"{s['score']['recall']:.1%} of {s['score']['expected']}"
        postgres = f"{s['postgres_bytes'] / 1024 / r['n']:.1f}" if "postgres_bytes" in s else "not measured"
        sizes = f"{s['sqlite_bytes'] / 1024 / r['n']:.1f} | {postgres}"
        per_claim = counts["relations"] / max(counts["claims"], 1)
        lines.append(
            f"| {r['n']} | {r['commit']} | {sizes} | {per_claim:.2f} | {recall} "
            f"| {s['score']['false_flags']} |"
        )
    return "\n".join([*lines, "", *target_lines(results)]) + "\n"


def mode_lines(result: dict[str, Any]) -> list[str]:
    n, rows, bare = result["n"], result["rows"], result["rows"]["bare"]
    lines = []
    for mode in [m for m in MODES if m in rows]:
        row = rows[mode]
        wall, cpu = row["seconds"] / bare["seconds"], row["cpu"] / bare["cpu"]
        lines.append(
            f"| {n} | {result['commit']} | {mode} | {row['seconds']:.1f} | {row['cpu']:.1f} "
            f"| {n / row['seconds']:.0f} | "
            f"{n / row['cpu']:.0f} | {wall:.2f}x | {cpu:.2f}x | {row['peak_mb']:.0f} | {row['load']:.1f} |"
        )
    return lines


def worker_lines(r: dict[str, Any]) -> list[str]:
    if not r["workers"]:
        return [f"| {r['n']} | {r['commit']} | not measured at this size | | | | | |"]
    one, two = r["workers"][1], r["workers"][2]
    same = "yes" if one["outcome"] == two["outcome"] else "NO"
    return [
        f"| {r['n']} | {r['commit']} | {count} | {row['seconds']:.1f} | {r['n'] / row['seconds']:.0f} | "
        f"{one['seconds'] / row['seconds']:.2f}x | {same} | {row['load']:.1f} |"
        for count, row in ((1, one), (2, two))
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def target_lines(results: list[dict[str, Any]]) -> list[str]:
    """Each target, judged from this run's figures (ratios within the run: the machine is shared)."""
    lines = ["## Against the targets", ""]
    for result in results:
        lines += size_targets(result)
    for commit in dict.fromkeys(r["commit"] for r in results):
        lines += memory_target([r for r in results if r["commit"] == commit])
    return lines


def memory_target(results: list[dict[str, Any]]) -> list[str]:
    """Peak memory of the smallest and the largest size measured at one commit."""
    big, small = max(results, key=lambda r: r["n"]), min(results, key=lambda r: r["n"])
    if big["n"] == small["n"]:
        return [f"- Peak memory at {small['commit']}: one size only, growth not measured."]
    growth = big["rows"]["bare"]["peak_mb"] / small["rows"]["bare"]["peak_mb"]
    return [
        f"- Peak memory of the bare pipeline at {small['commit']}: {small['rows']['bare']['peak_mb']:.0f} MB "
        f"at {small['n']:,}, {big['rows']['bare']['peak_mb']:.0f} MB at {big['n']:,} ({growth:.2f}x; "
        f"target 1.3x): {verdict(growth <= 1.3)}."
    ]


def run_commit(run: dict[str, Any]) -> str:
    """The commit a run measured, as its machine lines name it."""
    found = re.search(r"commit (\w+)", " ".join(run["machine"]))
    return found.group(1) if found else "unknown"


def size_targets(r: dict[str, Any]) -> list[str]:
    """The targets judged at one corpus size.

    Throughput on one core is judged by the CPU time of the one process (colleagues' work on
    the shared machine slows the wall clock, not the work done); the flow against the bare
    pipeline and the workers against each other by the wall clock, which is what they change.
    """
    rows, n, stored = r["rows"], f"{r['n']:,} ({r['commit']})", r["stored"]
    rate = r["n"] / rows["bare"]["cpu"]
    share = rows["extract"]["cpu"] / rows["bare"]["cpu"]
    rerun = rows["rerun"]["cpu"] / rows["bare"]["cpu"]
    kb = stored["sqlite_bytes"] / 1024 / r["n"]
    per_claim = stored["counts"]["relations"] / max(stored["counts"]["claims"], 1)
    score = stored["score"]
    perfect = score["recall"] == 1.0 and score["false_flags"] == 0
    found = f"{score['recall']:.0%} of {score['expected']} with {score['false_flags']} false flags"
    lines = [
        f"- {n}: bare pipeline {rate:.0f} articles per CPU-second on one core (target 300): "
        f"{verdict(rate >= 300)}.",
        f"- {n}: bare pipeline at {share:.0%} of extraction-alone throughput, by CPU time (target 50%): "
        f"{verdict(share >= 0.5)}.",
        f"- {n}: database {kb:.1f} KB per article on SQLite, text included (target 15): {verdict(kb <= 15)}.",
        f"- {n}: {per_claim:.2f} relations per claim (target 2): {verdict(per_claim <= 2)}.",
        f"- {n}: unchanged re-run {rerun:.1%} of a cold run's CPU time (target 3%): "
        f"{verdict(rerun <= 0.03)}.",
        f"- {n}: conflict recall {found} (target 100%, none): {verdict(perfect)}.",
    ]
    return lines + wall_clock_targets(r)


def wall_clock_targets(r: dict[str, Any]) -> list[str]:
    """The flow's cost and the workers' speed-up: wall-clock figures, so each names its load."""
    rows, n = r["rows"], f"{r['n']:,} ({r['commit']})"
    if not r["workers"]:
        return [f"- {n}: Prefect flow and two workers on PostgreSQL: not measured at this size."]
    flow = rows["flow"]["seconds"] / rows["bare"]["seconds"]
    one, two = r["workers"][1], r["workers"][2]
    speedup, same = one["seconds"] / two["seconds"], one["outcome"] == two["outcome"]
    load = f"load average {one['load']:.1f} and {two['load']:.1f} on {os.cpu_count()} cores"
    return [
        f"- {n}: Prefect flow {flow:.2f}x the bare pipeline's wall time (target 1.10x; load average "
        f"{rows['bare']['load']:.1f} and {rows['flow']['load']:.1f}): {verdict(flow <= 1.10)}.",
        f"- {n}: two workers on PostgreSQL {speedup:.2f}x the throughput of one, by wall time (target 1.6x; "
        f"{load}), results {'the same' if same else 'DIFFERENT'}: {verdict(speedup >= 1.6 and same)}.",
    ]


def machine_lines(batch_size: int) -> list[str]:
    """What the figures were measured on and with, at the start of a run."""
    import prefect
    import sqlalchemy

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    load = os.getloadavg()
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the start {load[0]:.1f}",
        f"- prefect {prefect.__version__}, sqlalchemy {sqlalchemy.__version__}, {pg or 'PostgreSQL'}, "
        f"commit {commit}",
        f"- corpus: `bench/corpus.py` seed {CORPUS_SEED}; batches of {batch_size} documents",
        "- SQLite file for the single-process runs; a throwaway PostgreSQL cluster for the rest; one",
        "  Prefect server for every flow run. The machine is shared: compare ratios within one run.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument(
        "--batch-size", type=int, default=None, help="documents per batch (default: the setting)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--one-core", type=int, nargs="*", default=[], help="sizes measured by single-process runs only"
    )
    parser.add_argument("--json", type=Path, help="also keep this run's figures in this file")
    parser.add_argument(
        "--render", type=Path, nargs="+", help="write the report from these runs' --json files"
    )
    parser.add_argument("--child", nargs=4, metavar=("MODE", "CORPUS", "DB", "BATCH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, db, batch = args.child
        print(json.dumps(run_child(mode, Path(corpus), db, int(batch))))
        return
    if args.render:
        runs = [read_run(path) for path in args.render]
    else:
        runs = [measure(args.sizes, set(args.one_core), args.batch_size)]
        if args.json:
            args.json.write_text(json.dumps(runs[0]), encoding="utf-8")
    report = render(runs)
    args.out.write_text(report, encoding="utf-8")
    print(report)


def read_run(path: Path) -> dict[str, Any]:
    """A run's figures as --json kept them (JSON's keys are strings: the worker counts are not)."""
    run = dict(json.loads(path.read_text(encoding="utf-8")))
    for result in run["results"]:
        result["workers"] = {int(count): row for count, row in result["workers"].items()}
    return run


def measure(sizes: list[int], one_core: set[int], batch_size: int | None) -> dict[str, Any]:
    """Every size measured in one run, with the machine it ran on."""
    from factledger.settings import load_settings

    batch_size = batch_size or load_settings().batch_size
    machine = machine_lines(batch_size)
    workdir = Path(tempfile.mkdtemp(prefix="factledger-bench-"))
    try:
        with postgres_cluster() as pg, prefect_server(workdir) as env:
            from bench.workers import deploy

            deploy(env)
            results = [measure_size(n, workdir, env, pg, batch_size, n in one_core) for n in sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"machine": machine, "results": results}


if __name__ == "__main__":
    main()
