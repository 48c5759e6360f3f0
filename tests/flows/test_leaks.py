"""A `factledger run` killed with SIGKILL leaves no process behind: its temporary Prefect
server (started when no PREFECT_API_URL is set) goes with it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.seeds import copy_seeds

pytestmark = pytest.mark.flow
ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended between the listing and the read
            continue
    return found


def listening_ports(pid: int) -> set[int]:
    """Local ports of the TCP sockets `pid` listens on."""
    inodes: set[str] = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            inodes.add(os.readlink(fd).removeprefix("socket:[").rstrip("]"))
        except FileNotFoundError:  # closed between the listing and the read
            continue
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def alive(pid: int) -> bool:
    """Running, not gone and not a zombie waiting for its (new) parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def accepts(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.timeout(300)
def test_a_killed_run_leaves_no_temporary_prefect_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "FACTLEDGER_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "factledger.cli", "run", "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    run = subprocess.Popen([*command, str(copy_seeds(tmp_path / "seeds"))], cwd=ROOT, env=env)
    try:
        server: dict[str, int] = {}

        def serving() -> bool:
            for child in children(run.pid):
                ports = listening_ports(child)
                if ports:
                    server.update(pid=child, port=ports.pop())
                    return accepts(server["port"])
            return False

        assert wait_for(serving, 150), "the run never started a temporary server"
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert wait_for(lambda: not alive(server["pid"]), 20), "the server outlived its run"
        assert not accepts(server["port"])
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
