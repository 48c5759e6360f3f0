"""Reviewer accounts and their sessions: secrets kept only as argon2 hashes.

Checking a secret always runs one argon2 verification, even for an unknown name, so
the time taken does not tell which names exist. A log-in starts a server-side session (a
row holding the sha256 of a random token the cookie carries) that ends at log-out or after
its lifetime, whatever copies of the cookie exist. Failed log-ins are counted per name and
per client address; past a limit, log-ins are refused for a while without checking the
secret. Both live in the database, so every app process sees them.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from factledger.review.queue import ReviewError
from factledger.store import Store, sessions
from factledger.store import review as sql

HASHER = PasswordHasher()
# A hash of a throwaway secret, verified against when the name is unknown.
DECOY_HASH = HASHER.hash("decoy secret never used")
MIN_SECRET = 8
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class LoginLimit:
    """At most `per_name` failed log-ins per name and `per_address` per client address in `window`."""

    per_name: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


class LoginRefused(ReviewError):
    """Too many failed log-ins: refused without checking the secret until `retry_after`."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def whole_minutes(wait: timedelta) -> int:
    """A wait in whole minutes, rounded up, at least one."""
    return max(1, math.ceil(wait.total_seconds() / 60))


class ReviewerExists(ReviewError):
    """A reviewer with that name is already registered."""


def check_name(name: str) -> str:
    """A reviewer name: non-empty, no spaces at either end, printable."""
    cleaned = name.strip()
    if not cleaned or not cleaned.isprintable() or len(cleaned) > 64:
        raise ReviewError(f"not a usable reviewer name: {name!r}")
    return cleaned


def add_reviewer(store: Store, name: str, secret: str) -> None:
    """Register a reviewer with an argon2 hash of the secret."""
    name = check_name(name)
    if len(secret) < MIN_SECRET:
        raise ReviewError(f"the secret must have at least {MIN_SECRET} characters")
    hashed = HASHER.hash(secret)
    try:
        with store.engine.begin() as connection:
            sql.add_reviewer(connection, name, hashed, store.clock())
    except IntegrityError as error:
        raise ReviewerExists(f"reviewer {name!r} already exists") from error


def verify_reviewer(store: Store, name: str, secret: str) -> bool:
    """Whether the name and secret belong to a registered reviewer."""
    with store.engine.connect() as connection:
        stored = sql.reviewer_secret(connection, name)
    try:
        return HASHER.verify(stored or DECOY_HASH, secret) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def reviewer_exists(store: Store, name: str) -> bool:
    """Whether a reviewer of that name is registered."""
    with store.engine.connect() as connection:
        return sql.reviewer_secret(connection, name) is not None


def session_id(token: str) -> str:
    """What the database keeps of a session token: its sha256, so a copy of the table logs no one in."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, name: str, now: datetime, lifetime: timedelta = SESSION_LIFETIME) -> str:
    """Record a new session for a reviewer; return the token the cookie carries."""
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as connection:
        sessions.forget_old_sessions(connection, now - lifetime)
        sessions.start_session(connection, session_id(token), name, now, now + lifetime)
        sessions.clear_failures(connection, name)
    return token


def session_reviewer(store: Store, token: str, now: datetime) -> str | None:
    """The reviewer of a live session, None when it ended, expired or never existed."""
    with store.engine.connect() as connection:
        return sessions.live_reviewer(connection, session_id(token), now)


def end_session(store: Store, token: str, now: datetime) -> None:
    """End a session: its cookie, and every copy of it, stops working."""
    with store.engine.begin() as connection:
        sessions.end_session(connection, session_id(token), now)


def check_login_allowed(store: Store, name: str, address: str, now: datetime, limit: LoginLimit) -> None:
    """Refuse, with how long to wait, when the name or the address failed too often lately."""
    since = now - limit.window
    with store.engine.connect() as connection:
        by_name = sessions.failures_since(connection, since, name=name)
        by_address = sessions.failures_since(connection, since, address=address)
    for (count, oldest), allowed, whom in (
        (by_name, limit.per_name, "for this name"),
        (by_address, limit.per_address, "from your address"),
    ):
        if count >= allowed and oldest is not None:
            wait = oldest + limit.window - now
            message = f"Too many failed log-ins {whom}: try again in {whole_minutes(wait)} minute(s)."
            raise LoginRefused(message, wait)


def record_failed_login(store: Store, name: str, address: str, now: datetime, limit: LoginLimit) -> None:
    """Count one failed log-in, and drop the ones too old to count."""
    with store.engine.begin() as connection:
        sessions.forget_old_failures(connection, now - limit.window)
        sessions.record_failure(connection, name, address, now)
