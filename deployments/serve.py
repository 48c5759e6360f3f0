"""Serve factledger's scheduled deployments from this machine.

Run from the checkout with a Prefect server reachable (PREFECT_API_URL), for example:
    .venv/bin/prefect server start &               # UI on http://127.0.0.1:4200
    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python deployments/serve.py --cron "0 * * * *"

Three deployments are served: `factcheck-sources/scheduled` reads the sources file (feeds,
pages, folders, JSON Lines) on the schedule; `factcheck/files` fact-checks folders on demand
(or on the same schedule with --files-on-schedule); `factcheck-audit/nightly` revalidates and
verifies the whole store every night (--audit-cron). `make serve` starts all of it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # flows/ and tasks/ live in the checkout

from prefect import serve  # noqa: E402

from flows.audit import factcheck_audit  # noqa: E402
from flows.factcheck import factcheck  # noqa: E402
from flows.factcheck_sources import factcheck_sources, with_dask  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--name", default="scheduled", help="name of the sources deployment")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--cron", default=None, help='cron schedule in UTC (default "0 * * * *")')
    when.add_argument("--interval", type=float, default=None, help="run every N seconds instead")
    parser.add_argument("--sources", default="deployments/sources.yaml", help="the sources file")
    parser.add_argument("--db", default=None, help="database URL (default: FACTLEDGER_DB or .factledger/)")
    parser.add_argument("--dask", metavar="ADDRESS", default=None, help="extract on this Dask scheduler")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds a fetch waits for any one read")
    parser.add_argument("--deadline", type=float, default=60.0, help="seconds one fetch may take in all")
    parser.add_argument("--host-interval", type=float, default=1.0, help="seconds between requests to a host")
    parser.add_argument("--files-on-schedule", action="store_true", help="also run factcheck on the schedule")
    parser.add_argument("--audit-cron", default="30 2 * * *", help="cron of the whole-store audit (UTC)")
    parser.add_argument("paths", nargs="*", default=["seeds"], help="folders for the factcheck deployment")
    return parser.parse_args(argv)


def schedule_of(args: argparse.Namespace) -> dict[str, object]:
    """The schedule keyword for `to_deployment`: an interval, or a cron (hourly by default)."""
    if args.interval is not None:
        return {"interval": args.interval}
    return {"cron": args.cron or "0 * * * *"}


def run_commands(names: list[str], api_url: str | None) -> list[str]:
    """How to start each deployment from another shell, spelled so it works as printed.

    A new shell has no PREFECT_API_URL, and `prefect` without one starts a temporary server of
    its own that knows no deployment; so each command names this server.
    """
    prefix = f"PREFECT_API_URL={api_url} " if api_url else "PREFECT_API_URL=<this server's API URL> "
    return [f"  {prefix}.venv/bin/prefect deployment run '{name}'" for name in names]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    when = schedule_of(args)
    sources_flow = with_dask(args.dask) if args.dask else factcheck_sources
    parameters = {
        "sources": args.sources,
        "db": args.db,
        "timeout_seconds": args.timeout,
        "deadline_seconds": args.deadline,
        "host_interval": args.host_interval,
    }
    scheduled = sources_flow.to_deployment(name=args.name, parameters=parameters, **when)  # type: ignore[arg-type]
    files = factcheck.to_deployment(
        name="files",
        parameters={"paths": args.paths, "db": args.db},
        **(when if args.files_on_schedule else {}),  # type: ignore[arg-type]
    )
    audit = factcheck_audit.to_deployment(name="nightly", parameters={"db": args.db}, cron=args.audit_cron)
    names = [
        f"{flow.name}/{d.name}"
        for flow, d in ((sources_flow, scheduled), (factcheck, files), (factcheck_audit, audit))
    ]
    print("serving the deployments; to run one now, from another shell in this folder:")
    print("\n".join(run_commands(names, os.environ.get("PREFECT_API_URL"))), flush=True)
    serve(scheduled, files, audit, print_starting_message=False)


if __name__ == "__main__":
    main()
