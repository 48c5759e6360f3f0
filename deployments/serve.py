"""Serve the factcheck flow on a cron schedule from this machine.

Run from the checkout with a Prefect server reachable (PREFECT_API_URL), for example:
    .venv/bin/prefect server start &               # UI on http://127.0.0.1:4200
    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python deployments/serve.py --cron "0 * * * *"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # flows/ and tasks/ live in the checkout

from flows.factcheck import factcheck  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="factcheck-scheduled", help="deployment name")
    parser.add_argument("--cron", default="0 * * * *", help="cron schedule (UTC)")
    parser.add_argument("--db", default=None, help="database URL (default: FACTLEDGER_DB or .factledger/)")
    parser.add_argument("paths", nargs="*", default=["seeds"], help="files and folders to fact-check")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    factcheck.serve(name=args.name, cron=args.cron, parameters={"paths": args.paths, "db": args.db})


if __name__ == "__main__":
    main()
