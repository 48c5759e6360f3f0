"""Bulk inserts that skip rows already present, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Column, Connection, Table, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from factledger.store.records import StoreError

CHUNK_ROWS = 500
T = TypeVar("T")


def insert_new(
    connection: Connection,
    table: Table,
    values: list[dict[str, Any]],
    keys: Sequence[str] = ("id",),
) -> int:
    """Insert rows whose primary key is absent (ON CONFLICT DO NOTHING); count the new ones."""
    return len(insert_new_keys(connection, table, values, keys))


def insert_new_keys(
    connection: Connection, table: Table, values: list[dict[str, Any]], keys: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Insert rows whose key is absent; return the keys of the rows inserted.

    Present keys are looked up first, chunk by chunk, so the insert itself runs as the
    driver's plain executemany (much faster on psycopg than one huge multi-row VALUES);
    ON CONFLICT DO NOTHING still guards the insert; the counts are exact because saves
    are serialised (see `writes.serialise_writers`).
    """
    unique = {tuple(row[k] for k in keys): row for row in values}
    statement = dialect_insert(connection, table).on_conflict_do_nothing(index_elements=list(keys))
    inserted: list[tuple[Any, ...]] = []
    for chunk in chunked(list(unique)):
        present = existing_keys(connection, table, keys, chunk)
        fresh = [key for key in chunk if key not in present]
        if fresh:
            connection.execute(statement, [unique[key] for key in fresh])
        inserted.extend(fresh)
    return inserted


def insert_unchecked(
    connection: Connection, table: Table, values: list[dict[str, Any]], keys: Sequence[str]
) -> int:
    """Insert rows known to be new without looking them up; ON CONFLICT DO NOTHING still guards.

    Returns how many were sent: exact when the caller's reason to know they are new holds.
    """
    unique = list({tuple(row[k] for k in keys): row for row in values}.values())
    statement = dialect_insert(connection, table).on_conflict_do_nothing(index_elements=list(keys))
    for chunk in chunked(unique):
        connection.execute(statement, chunk)
    return len(unique)


def existing_keys(
    connection: Connection, table: Table, keys: Sequence[str], wanted: list[tuple[Any, ...]]
) -> set[tuple[Any, ...]]:
    """Which of the wanted keys the table already holds."""
    columns = [table.c[k] for k in keys]
    query = select(*columns).where(tuple_(*columns).in_(wanted))
    return {tuple(row) for row in connection.execute(query)}


def existing_ids(connection: Connection, table: Table, ids: Iterable[str]) -> set[str]:
    """Which of these ids the table holds."""
    return existing_values(connection, table.c.id, ids)


def existing_values(connection: Connection, column: Column[Any], values: Iterable[str]) -> set[str]:
    """Which of these values the column holds, asked chunk by chunk."""
    found: set[str] = set()
    for chunk in chunked(sorted(set(values))):
        found.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def dialect_insert(connection: Connection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT; only SQLite and PostgreSQL are kept."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise StoreError(f"unsupported database dialect {connection.dialect.name!r}")


def chunked(values: list[T], size: int = CHUNK_ROWS) -> Iterator[list[T]]:
    """Slices of at most `size` rows, to bound statement size."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
