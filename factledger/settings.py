"""Every FACTLEDGER_* setting, read in this one place and passed inward.

| variable                 | default                              | meaning                         |
|--------------------------|--------------------------------------|---------------------------------|
| FACTLEDGER_HOME          | .factledger                          | working folder (database, logs) |
| FACTLEDGER_DB            | sqlite:///<HOME>/factledger.db       | SQLAlchemy database URL         |
| FACTLEDGER_EXPECTATIONS  | <checkout>/expectations              | folder of GX suites             |
| FACTLEDGER_BATCH_SIZE    | 200                                  | articles per task run           |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from factledger.errors import ConfigError

CHECKOUT = Path(__file__).resolve().parent.parent
SETTINGS_HELP = {
    "FACTLEDGER_HOME": "working folder for the default database (default .factledger)",
    "FACTLEDGER_DB": "SQLAlchemy database URL (default sqlite:///<HOME>/factledger.db)",
    "FACTLEDGER_EXPECTATIONS": "folder of Great Expectations suites (default expectations/)",
    "FACTLEDGER_BATCH_SIZE": "documents per task run (default 200)",
}


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    expectations_dir: Path
    batch_size: int


def load_settings(env: Mapping[str, str] | None = None, db: str | None = None) -> Settings:
    """Read settings from the environment; an explicit `db` (the --db option) wins."""
    env = os.environ if env is None else env
    home = Path(env.get("FACTLEDGER_HOME", ".factledger"))
    db_url = db or env.get("FACTLEDGER_DB") or f"sqlite:///{home / 'factledger.db'}"
    suites = Path(env.get("FACTLEDGER_EXPECTATIONS", str(CHECKOUT / "expectations")))
    return Settings(home, db_url, suites, _positive_int(env, "FACTLEDGER_BATCH_SIZE", 200))


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)
