"""Every FACTLEDGER_* setting, read in this one place and passed inward.

| variable                 | default                              | meaning                         |
|--------------------------|--------------------------------------|---------------------------------|
| FACTLEDGER_HOME          | .factledger                          | working folder (database, logs) |
| FACTLEDGER_DB            | sqlite:///<HOME>/factledger.db       | SQLAlchemy database URL         |
| FACTLEDGER_EXPECTATIONS  | <checkout>/expectations              | folder of GX suites             |
| FACTLEDGER_BATCH_SIZE    | 2000                                 | documents per batch (one commit)|
| FACTLEDGER_REVIEW_URL    | http://127.0.0.1:8000                | review app base URL for links   |
| FACTLEDGER_MAX_DOCUMENT_BYTES | 2000000                         | larger documents are quarantined|
| FACTLEDGER_SESSION_HOURS | 12                                   | review session lifetime         |
| FACTLEDGER_SECURE_COOKIE | 0                                    | session cookie over HTTPS only  |
| FACTLEDGER_MAX_FIGURES   | 2000                                 | numbers per article, else quarantined |
| FACTLEDGER_MAX_NUMBER_DIGITS | 100                              | digits per number, else quarantined |
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from factledger.errors import ConfigError

CHECKOUT = Path(__file__).resolve().parent.parent
SETTINGS_HELP = {
    "FACTLEDGER_HOME": "working folder for the default database (default .factledger)",
    "FACTLEDGER_DB": "SQLAlchemy database URL (default sqlite:///<HOME>/factledger.db)",
    "FACTLEDGER_EXPECTATIONS": "folder of Great Expectations suites (default expectations/)",
    "FACTLEDGER_BATCH_SIZE": "documents per batch, committed in one transaction (default 2000)",
    "FACTLEDGER_EXTRACTOR": "claim extractor: rules (default), llm, or module:Class",
    "FACTLEDGER_LLM_URL": "chat-completions URL for the llm extractor "
    "(e.g. http://127.0.0.1:8080/v1/chat/completions)",
    "FACTLEDGER_LLM_MODEL": "model name sent to FACTLEDGER_LLM_URL by the llm extractor",
    "FACTLEDGER_REVIEW_URL": "base URL of the review web app, for links in run reports "
    "(default http://127.0.0.1:8000)",
    "FACTLEDGER_MAX_DOCUMENT_BYTES": "a file, page or JSON Lines record larger than this many bytes is "
    "quarantined unread (default 2000000)",
    "FACTLEDGER_MAX_FIGURES": "an article with more numbers written in digits than this is quarantined "
    "instead of extracted (default 2000)",
    "FACTLEDGER_MAX_NUMBER_DIGITS": "a document holding a number with more digits than this is quarantined "
    "(default 100)",
    "FACTLEDGER_PUBLIC_URL": "public base URL of the published review pages, for ClaimReview `url`s "
    "(required by `export claimreview`; no default)",
    "FACTLEDGER_PUBLISHER": "name of the organisation publishing the ClaimReviews (required by "
    "`export claimreview`)",
    "FACTLEDGER_PUBLISHER_URL": "the publishing organisation's own URL (default: FACTLEDGER_PUBLIC_URL)",
    "FACTLEDGER_SECRET_KEY": "key that signs the review app's session cookies, at least 32 characters; "
    "set it so a restart keeps reviewers logged in (default: random per process)",
    "FACTLEDGER_SESSION_HOURS": "how long a review session lasts after log-in, in hours (default 12)",
    "FACTLEDGER_SECURE_COOKIE": "1 to send the review session cookie over HTTPS only, behind TLS (default 0)",
}
MIN_SECRET_KEY = 32
DEFAULT_SESSION_HOURS = 12.0
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


# Big enough that GX's fixed cost per suite run is spread thin, small enough that a batch
# (its texts, claims and frames) stays a few megabytes whatever the corpus size.
DEFAULT_BATCH_SIZE = 2000  # validation costs about a third of a second per batch whatever its size
# Caps on what one input may cost; each input over a cap is quarantined with the cap's name.
DEFAULT_MAX_DOCUMENT_BYTES = 2_000_000  # a news article is tens of kilobytes
DEFAULT_MAX_FIGURES = 2_000  # numbers in digits per article; a long report holds a few hundred
DEFAULT_MAX_NUMBER_DIGITS = 100  # digits in one number; a count has a dozen at most


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    expectations_dir: Path
    batch_size: int
    review_url: str = "http://127.0.0.1:8000"
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    max_figures: int = DEFAULT_MAX_FIGURES
    max_number_digits: int = DEFAULT_MAX_NUMBER_DIGITS


def load_settings(
    env: Mapping[str, str] | None = None, db: str | None = None, batch_size: int | None = None
) -> Settings:
    """Read settings from the environment; an explicit `db` or `batch_size` (the options) wins."""
    env = os.environ if env is None else env
    home = Path(env.get("FACTLEDGER_HOME", ".factledger"))
    db_url = db or env.get("FACTLEDGER_DB") or f"sqlite:///{home / 'factledger.db'}"
    suites = Path(env.get("FACTLEDGER_EXPECTATIONS", str(CHECKOUT / "expectations")))
    review_url = env.get("FACTLEDGER_REVIEW_URL", "http://127.0.0.1:8000").rstrip("/")
    return Settings(
        home,
        db_url,
        suites,
        batch_size or _positive_int(env, "FACTLEDGER_BATCH_SIZE", DEFAULT_BATCH_SIZE),
        review_url,
        _positive_int(env, "FACTLEDGER_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES),
        _positive_int(env, "FACTLEDGER_MAX_FIGURES", DEFAULT_MAX_FIGURES),
        _positive_int(env, "FACTLEDGER_MAX_NUMBER_DIGITS", DEFAULT_MAX_NUMBER_DIGITS),
    )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class ExtractorSettings:
    """Which extractor turns articles into claims, and where the llm one finds its model."""

    name: str  # rules | llm | module:Class
    llm_url: str | None = None
    llm_model: str | None = None


def load_extractor_settings(env: Mapping[str, str] | None = None) -> ExtractorSettings:
    """Read FACTLEDGER_EXTRACTOR and the llm extractor's endpoint; refuse an llm without one."""
    env = os.environ if env is None else env
    name = env.get("FACTLEDGER_EXTRACTOR", "rules").strip() or "rules"
    if name not in ("rules", "llm") and not re.fullmatch(r"[\w.]+:\w+", name):
        raise ConfigError(f"FACTLEDGER_EXTRACTOR must be rules, llm or module:Class, not {name!r}")
    url, model = env.get("FACTLEDGER_LLM_URL") or None, env.get("FACTLEDGER_LLM_MODEL") or None
    if name == "llm" and not (url and model):
        raise ConfigError("FACTLEDGER_EXTRACTOR=llm needs FACTLEDGER_LLM_URL and FACTLEDGER_LLM_MODEL")
    return ExtractorSettings(name, url, model)


def load_secret_key(env: Mapping[str, str] | None = None) -> str | None:
    """FACTLEDGER_SECRET_KEY, or None (the app then makes a random key, so logins end on restart)."""
    env = os.environ if env is None else env
    key = env.get("FACTLEDGER_SECRET_KEY", "").strip()
    if not key:
        return None
    if len(key) < MIN_SECRET_KEY:
        raise ConfigError(f"FACTLEDGER_SECRET_KEY must be at least {MIN_SECRET_KEY} characters long")
    return key


@dataclass(frozen=True)
class WebSettings:
    """The review web app's session settings."""

    secret_key: str | None
    session_lifetime: timedelta = timedelta(hours=DEFAULT_SESSION_HOURS)
    secure_cookie: bool = False


def load_web_settings(env: Mapping[str, str] | None = None) -> WebSettings:
    """FACTLEDGER_SECRET_KEY, FACTLEDGER_SESSION_HOURS and FACTLEDGER_SECURE_COOKIE."""
    env = os.environ if env is None else env
    return WebSettings(
        load_secret_key(env),
        timedelta(hours=_session_hours(env.get("FACTLEDGER_SESSION_HOURS", "").strip())),
        _flag(env, "FACTLEDGER_SECURE_COOKIE"),
    )


def _session_hours(raw: str) -> float:
    if not raw:
        return DEFAULT_SESSION_HOURS
    try:
        hours = float(raw)
    except ValueError:
        hours = -1.0
    if not (math.isfinite(hours) and 0 < hours <= 24 * 30):
        raise ConfigError(
            f"FACTLEDGER_SESSION_HOURS must be a number of hours above 0, up to 720, not {raw!r}"
        )
    return hours


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw not in TRUE_WORDS + FALSE_WORDS:
        raise ConfigError(f"{name} must be 1 or 0 (true/false, yes/no, on/off), not {raw!r}")
    return raw in TRUE_WORDS


@dataclass(frozen=True)
class PublishingSettings:
    """Who publishes ClaimReviews and where; unset values stay None (the export refuses them)."""

    public_url: str | None
    publisher: str | None
    publisher_url: str | None


def load_publishing_settings(env: Mapping[str, str] | None = None) -> PublishingSettings:
    """FACTLEDGER_PUBLIC_URL, FACTLEDGER_PUBLISHER and FACTLEDGER_PUBLISHER_URL, as set."""
    env = os.environ if env is None else env
    values = (env.get(name, "").strip() or None for name in ("FACTLEDGER_PUBLIC_URL", "FACTLEDGER_PUBLISHER"))
    public_url, publisher = values
    return PublishingSettings(public_url, publisher, env.get("FACTLEDGER_PUBLISHER_URL", "").strip() or None)
