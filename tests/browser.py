"""Debian's chromium as the browser tests drive it (no browser download is possible here)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
