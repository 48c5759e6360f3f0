"""A throwaway PostgreSQL cluster for the benchmark: initdb in a temporary folder, on 127.0.0.1.

initdb refuses to run as root, so under root the server runs as the `postgres` user in a
folder that user owns. Durability is off (fsync, synchronous commit): the data is thrown away.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_USER = "postgres"


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest Debian install."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(installed[-1]).parent if installed else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pg_tool(bin_dir: Path, tool: str, *args: str, check: bool = True) -> None:
    command = [str(bin_dir / tool), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", PG_USER, "--", *command]
    subprocess.run(command, check=check, capture_output=True, text=True)


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a cluster; yield a URL template with `{db}` for the database name; stop it after."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (no initdb): run `make system-deps`")
    folder = Path(tempfile.mkdtemp(prefix="factledger-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=PG_USER, group=PG_USER)
    port, data = free_port(), str(folder / "data")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    try:
        pg_tool(bin_dir, "initdb", "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        pg_tool(bin_dir, "pg_ctl", "-D", data, "-o", options, "-l", str(folder / "log"), "-w", "start")
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/{{db}}"
    finally:
        pg_tool(bin_dir, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(template: str, name: str) -> str:
    """Create an empty database in the cluster; return its URL."""
    import psycopg

    admin = template.format(db="postgres").replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return template.format(db=name)


def database_bytes(url: str) -> int:
    """The size of a database on disk, as PostgreSQL counts it."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        found = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(found[0]) if found else 0
