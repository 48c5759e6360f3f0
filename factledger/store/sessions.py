"""Review sessions and failed log-ins, as rows: the web app's server-side state.

Kept in the database rather than in a process's memory, so that several app processes (or a
restart) agree on who is logged in and how many log-ins just failed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, or_, select, update

from factledger.store.rows import to_utc
from factledger.store.tables import login_failures, review_sessions


def start_session(
    connection: Connection, session_id: str, reviewer: str, now: datetime, expires: datetime
) -> None:
    """Record a new session (`session_id` is a hash of the cookie's token)."""
    values = {
        "id": session_id,
        "reviewer": reviewer,
        "created_at": to_utc(now),
        "expires_at": to_utc(expires),
    }
    connection.execute(review_sessions.insert().values(**values))


def live_reviewer(connection: Connection, session_id: str, now: datetime) -> str | None:
    """The reviewer of a session that has neither ended nor expired, else None."""
    query = select(review_sessions.c.reviewer).where(
        review_sessions.c.id == session_id,
        review_sessions.c.ended_at.is_(None),
        review_sessions.c.expires_at > to_utc(now),
    )
    found: str | None = connection.execute(query).scalar()
    return found


def end_session(connection: Connection, session_id: str, now: datetime) -> None:
    """End one session (log-out); a copy of its cookie no longer works."""
    statement = update(review_sessions).where(
        review_sessions.c.id == session_id, review_sessions.c.ended_at.is_(None)
    )
    connection.execute(statement.values(ended_at=to_utc(now)))


def end_sessions_of(connection: Connection, reviewer: str, now: datetime) -> None:
    """End every live session of a reviewer (their secret changed)."""
    statement = update(review_sessions).where(
        review_sessions.c.reviewer == reviewer, review_sessions.c.ended_at.is_(None)
    )
    connection.execute(statement.values(ended_at=to_utc(now)))


def forget_old_sessions(connection: Connection, before: datetime) -> None:
    """Delete sessions that expired or ended before a time; they can never be used again."""
    cutoff = to_utc(before)
    statement = delete(review_sessions).where(
        or_(review_sessions.c.expires_at < cutoff, review_sessions.c.ended_at < cutoff)
    )
    connection.execute(statement)


def record_failure(connection: Connection, name: str, address: str, now: datetime) -> None:
    """Note one failed log-in for a name from an address."""
    connection.execute(login_failures.insert().values(name=name, address=address, at=to_utc(now)))


def failures_since(
    connection: Connection, since: datetime, name: str | None = None, address: str | None = None
) -> tuple[int, datetime | None]:
    """How many log-ins failed since a time for a name or an address, and when the oldest did."""
    query = select(func.count(), func.min(login_failures.c.at)).where(login_failures.c.at > to_utc(since))
    if name is not None:
        query = query.where(login_failures.c.name == name)
    if address is not None:
        query = query.where(login_failures.c.address == address)
    count, oldest = connection.execute(query).one()
    return int(count or 0), None if oldest is None else to_utc(oldest)


def clear_failures(connection: Connection, name: str) -> None:
    """Forget a name's failed log-ins (it just logged in)."""
    connection.execute(delete(login_failures).where(login_failures.c.name == name))


def forget_old_failures(connection: Connection, before: datetime) -> None:
    """Delete failed log-ins older than the window they count in."""
    connection.execute(delete(login_failures).where(login_failures.c.at < to_utc(before)))
