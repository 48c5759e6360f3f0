"""Alembic environment: migrate the connection the store hands over, or a URL from the ini.

The store runs migrations programmatically (`Store.open`); the ini file serves the
`alembic` command when a developer writes the next revision.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from factledger.store.tables import metadata


def run_on(connection: Connection) -> None:
    """Run the pending revisions inside the connection's transaction."""
    # render_as_batch: SQLite can only alter a table by copying it; batch mode does that.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Use the caller's connection when there is one, else the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = create_engine(url or context.config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as owned:
        run_on(owned)


if context.is_offline_mode():
    raise SystemExit("factledger migrations run online only")
run_migrations()
