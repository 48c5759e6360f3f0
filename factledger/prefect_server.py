"""A temporary Prefect server for one `factledger run`, which dies with the run however it ends.

With no PREFECT_API_URL, Prefect starts its own temporary server as a child process and stops
it from an exit handler; a run killed with SIGKILL never runs that handler, and its server
(about 200 MB) stayed up, listening. This server is started the way Prefect starts its own
(uvicorn on Prefect's app factory, the same settings), but it reads a pipe from the run: the
pipe closes when the run exits for any reason, SIGKILL included, and the server then stops.

`python -m factledger.prefect_server PORT` is the server's side; `temporary_server()` the run's.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

# What Prefect's own temporary server is started with: no UI, ephemeral-server behaviour.
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
MIN_STARTUP_SECONDS = 60.0
STOP_GRACE_SECONDS = 10.0  # for the server to stop on its own before it is ended outright


@contextmanager
def temporary_server() -> Iterator[None]:
    """Point Prefect at a server of this process's own for the block; none when one is configured."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    port = free_port()
    server = start_server(port)
    try:
        wait_until_healthy(server, f"http://127.0.0.1:{port}/api/health")
        with temporary_settings(updates={PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
            yield
    finally:
        stop_server(server)


def start_server(port: int) -> subprocess.Popen[bytes]:
    """The server process, holding the read end of a pipe whose write end only this process has."""
    from prefect.settings import get_current_settings

    env = {**os.environ, **SERVER_ENV, **get_current_settings().to_environment_variables(exclude_unset=True)}
    command = [sys.executable, "-m", "factledger.prefect_server", str(port)]
    return subprocess.Popen(command, stdin=subprocess.PIPE, env=env)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(server: subprocess.Popen[bytes], url: str) -> None:
    """Wait for the server to answer: as long as Prefect waits for its own, and at least a minute
    (a first start migrates Prefect's database, slow on a busy machine)."""
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    patience = max(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), MIN_STARTUP_SECONDS)
    deadline = time.monotonic() + patience
    with httpx.Client() as client:
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if client.get(url, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.1)
    raise RuntimeError(f"the temporary Prefect server did not start (exit code {server.poll()})")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Close the pipe (the server stops by itself), then make sure it has."""
    if server.stdin is not None:
        server.stdin.close()
    try:
        server.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def stop_when_parent_exits() -> None:
    """Block until the run's end of the pipe closes, then stop this server."""
    sys.stdin.buffer.read()  # returns at end of file: the run has exited, however
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn shuts down on SIGTERM
    time.sleep(STOP_GRACE_SECONDS)
    os._exit(1)  # it did not: end it outright


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    port = int((argv or sys.argv[1:])[0])
    threading.Thread(target=stop_when_parent_exits, daemon=True).start()
    uvicorn.run(
        "prefect.server.api.server:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        log_level="error",
        lifespan="on",
    )


if __name__ == "__main__":
    main()
