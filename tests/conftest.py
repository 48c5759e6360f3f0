"""Shared fixtures: a throwaway PostgreSQL 15 cluster for the whole session.

The cluster lives in a temporary folder, listens on 127.0.0.1 only, on a free port,
and is removed at the end. initdb refuses to run as root, so under root (CI) the
server runs as the `postgres` user in a folder that user owns. Each test that asks
for `postgres_url` gets a database of its own.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PG_USER = "postgres"
_database_numbers = itertools.count(1)


@dataclass(frozen=True)
class PostgresCluster:
    """A running throwaway cluster: where it listens and how to reach it."""

    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database in this cluster."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin_connection(self) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to the maintenance database, for CREATE/DROP DATABASE."""
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest Debian install."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(installed[-1]).parent if installed else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def as_server_user(command: list[str]) -> list[str]:
    """Run a PostgreSQL tool as `postgres` when we are root (initdb refuses root)."""
    return ["runuser", "-u", PG_USER, "--", *command] if os.geteuid() == 0 else command


def make_cluster_dir() -> Path:
    """A temporary folder the server user owns (not under pytest's root-only tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="factledger-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=PG_USER, group=PG_USER)
    return folder


def run_pg_tool(bin_dir: Path, tool: str, *args: str, check: bool = True) -> None:
    """Run initdb or pg_ctl (as the server user under root), raising with its output."""
    command = as_server_user([str(bin_dir / tool), *args])
    subprocess.run(command, check=check, capture_output=True, text=True)


def start_cluster(bin_dir: Path, folder: Path, port: int) -> None:
    """initdb with trust auth, then start listening on 127.0.0.1:port only."""
    data = str(folder / "data")
    run_pg_tool(bin_dir, "initdb", "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--no-sync")
    # Throwaway data: durability settings off for speed.
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    log = str(folder / "server.log")
    run_pg_tool(bin_dir, "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start")


def stop_cluster(bin_dir: Path, folder: Path) -> None:
    """Stop the server at once and remove its folder."""
    data = str(folder / "data")
    run_pg_tool(bin_dir, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster for the session; skipped only when no initdb is installed."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql)")
    folder = make_cluster_dir()
    port = free_port()
    try:
        start_cluster(bin_dir, folder, port)
    except subprocess.CalledProcessError as error:
        stop_cluster(bin_dir, folder)
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr or error.stdout}") from error
    yield PostgresCluster("127.0.0.1", port, PG_USER)
    stop_cluster(bin_dir, folder)


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    with postgres_cluster.admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_cluster.url(name)
    with postgres_cluster.admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a tiny file system that is already full (a tmpfs; mounting needs root)."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
