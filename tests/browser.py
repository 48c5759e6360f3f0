"""Debian's chromium as the browser tests drive it (no browser download is possible here),
and the review app served for real (uvicorn on a loopback port) for it and other tests."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root, and no background traffic: the machine has no network beyond loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def screenshot_path(name: str) -> Path:
    """Where a test saves a README picture: docs/ under `make screenshot`, else a throwaway folder.

    A plain `make test` must leave the checkout as it found it.
    """
    folder = os.environ.get("FACTLEDGER_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="factledger-shot-")
    return Path(folder) / name


def start_server(app: object) -> tuple[uvicorn.Server, threading.Thread, str]:
    """uvicorn on a free 127.0.0.1 port in a daemon thread; returns once it accepts."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review app did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"
