"""Reviewer accounts: secrets kept only as argon2 hashes.

Checking a secret always runs one argon2 verification, even for an unknown name, so
the time taken does not tell which names exist.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from factledger.review.queue import ReviewError
from factledger.store import Store
from factledger.store import review as sql

HASHER = PasswordHasher()
# A hash of a throwaway secret, verified against when the name is unknown.
DECOY_HASH = HASHER.hash("decoy secret never used")
MIN_SECRET = 8


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
