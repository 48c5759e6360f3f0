"""Engines for SQLite and PostgreSQL, and migration to the newest schema.

SQLite gets WAL, a busy timeout and foreign keys on every connection, and real
transactions: pysqlite's own BEGIN handling is turned off and SQLAlchemy emits BEGIN,
so a caller can ask for `BEGIN IMMEDIATE` via the `sqlite_begin` execution option.
Bulk inserts go through the drivers' own executemany (`use_insertmanyvalues=False`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from factledger.store.faults import first_line, store_fault
from factledger.store.records import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def parse_url(url: str) -> URL:
    """Parse a database URL, refusing ones SQLAlchemy cannot read."""
    try:
        return make_url(url)
    except ArgumentError as error:
        raise StoreError(f"not a database URL: {url!r}") from error


def create_store_engine(url: str) -> Engine:
    """Build the engine for a URL; SQLite files get their folder created first."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return create_sqlite_engine(parsed)
        return create_engine(parsed, pool_pre_ping=True, use_insertmanyvalues=False)
    except (NoSuchModuleError, ArgumentError) as error:
        raise StoreError(f"unsupported database URL {describe(parsed)}: {error}") from error


def create_sqlite_engine(url: URL) -> Engine:
    """An SQLite engine with WAL, busy timeout, foreign keys and explicit BEGIN."""
    database = url.database or ""
    if database in ("", ":memory:"):
        # One shared connection, or each checkout would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, use_insertmanyvalues=False)
    else:
        if not database.startswith("file:"):  # a URI filename (file:...?mode=ro&uri=true) is not a path
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, use_insertmanyvalues=False)
    event.listen(engine, "connect", configure_sqlite_connection)
    event.listen(engine, "begin", begin_sqlite_transaction)
    return engine


def configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """Set the per-connection pragmas; they do not persist in the file."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def begin_sqlite_transaction(connection: Connection) -> None:
    """Emit BEGIN ourselves (pysqlite would delay it); IMMEDIATE when the caller asks."""
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, in one transaction."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as error:
        where = describe(engine.url)
        fault = store_fault(error)
        raise StoreError(f"cannot open database {where}: {fault or first_line(error)}") from error
    except CommandError as error:
        raise StoreError(f"cannot open database {describe(engine.url)}: {unknown_revision(error)}") from error


def unknown_revision(error: CommandError) -> str:
    """Alembic cannot find the database's revision: a newer factledger wrote it."""
    found = re.search(r"revision identified by '([^']+)'", str(error))
    if found is None:
        return f"its schema cannot be migrated ({first_line(error)})"
    return (
        f"its schema is at revision {found.group(1)}, which this factledger does not know "
        "(a newer version wrote it); upgrade factledger to use it"
    )


def describe(url: URL) -> str:
    """The URL as safe to print: password hidden."""
    return url.render_as_string(hide_password=True)
