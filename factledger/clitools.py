"""What every `factledger` command shares: the --db option, output formats, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from factledger.errors import FactledgerError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["table", "jsonl", "csv"])
db_option = click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (default: FACTLEDGER_DB or a SQLite file under .factledger/).",
)


def one_line_errors(func: F) -> F:
    """Report factledger's own errors as `factledger: message` and exit 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FactledgerError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]
