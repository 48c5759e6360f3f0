"""What a database fault means to the person who ran the command, in one line.

SQLAlchemy and the drivers raise their own errors from any statement; a read-only file, a
full disk or a lock held too long can surface in any command. They are translated here,
once, into a `StoreError` that says what happened and what to do.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from factledger.store.records import StoreError

# (words in the driver's message, what to tell the user); SQLite's wording, then PostgreSQL's.
KNOWN_FAULTS = (
    ("readonly database", "the database is read-only: factledger cannot write to it"),
    ("read-only transaction", "the database is read-only: factledger cannot write to it"),
    ("database or disk is full", "the disk holding the database is full"),
    ("no space left on device", "the disk holding the database is full"),
    ("database is locked", "the database is busy (another writer holds its lock); try again"),
    ("unable to open database file", "the database file cannot be opened (check its folder and permissions)"),
    ("disk i/o error", "the database file cannot be read or written (disk I/O error)"),
)


def store_fault(error: BaseException) -> StoreError | None:
    """The one-line StoreError for a database driver's error; None for any other error."""
    if not isinstance(error, SQLAlchemyError):
        return None
    message = first_line(error)
    lowered = message.lower()
    for words, meaning in KNOWN_FAULTS:
        if words in lowered:
            return StoreError(meaning)
    return StoreError(f"database error: {message}")


def first_line(error: BaseException) -> str:
    """The first line of an error's own message, without SQLAlchemy's background link."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__
