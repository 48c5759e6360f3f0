"""What every `factledger` command shares: the --db option, output formats, one-line errors, tables.

Article text is untrusted: whatever reaches the terminal goes through `printable`, so an
escape sequence inside a quote cannot recolour, retitle or rewrite the reviewer's screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import wraps
from typing import Any, TypeVar

import click
from tabulate import tabulate

from factledger.errors import FactledgerError
from factledger.store.faults import store_fault

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["table", "jsonl", "csv"])
db_option = click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (default: FACTLEDGER_DB or a SQLite file under .factledger/).",
)
# Escape sequences whole (CSI, OSC, and the two-character ones), so no stray "[31m" is left behind.
ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?")
# C0 and C1 controls and the bidirectional overrides that reorder what a line appears to say.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAK = re.compile(r"[\t\n\r]+")
SHORT_ID = 12  # hex digits shown for a content id: unique in practice, and accepted as a prefix


def one_line_errors(func: F) -> F:
    """Report factledger's own errors as `Error: message` with a non-zero exit, never a traceback.

    A database driver's error (a read-only file, a full disk, a lock) is translated here, for
    every command at once, into the StoreError that says what it means.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FactledgerError as exc:
            raise one_line(exc) from None
        except Exception as exc:
            fault = store_fault(exc)
            if fault is None:
                raise
            raise one_line(fault) from None

    return wrapper  # type: ignore[return-value]


def one_line(exc: FactledgerError) -> click.ClickException:
    error = click.ClickException(str(exc))
    # Input the user can correct (an unknown name, an ambiguous id) exits 2, like a usage error.
    error.exit_code = getattr(exc, "exit_code", 1)  # type: ignore[misc]
    return error


def printable(value: object) -> str:
    """A value as terminal-safe text: escape sequences and control characters gone, one line."""
    if value is None:
        return ""
    text = ESCAPE_SEQUENCE.sub("", str(value))
    return CONTROL.sub("", LINE_BREAK.sub(" ", text))


def short_id(record_id: str) -> str:
    """A content id as shown in tables: its first hex digits, without the algorithm tag."""
    return record_id.split(":", 1)[-1][:SHORT_ID]


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """Rows as an aligned text table with a header row; `columns` pairs a header with a row key."""
    body = [[printable(row.get(key)) for _, key in columns] for row in rows]
    headers = [header for header, _ in columns]
    return tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)


def choice_of(values: Iterable[str]) -> click.Choice[str]:
    """A click choice: an unknown value exits 2 with the valid values listed."""
    return click.Choice(list(values))
