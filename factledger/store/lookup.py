"""Finding a record by the start of its id, as people type ids: `eaa2fd90`, `sha256:eaa2fd90`.

Content ids are long (`sha256:` and 64 hex digits); lists show their first digits, and every
command that takes an id takes any unique start of it. An ambiguous start is refused with
the ids it could mean.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Connection, select

from factledger.store.records import StoreError

ALGORITHM_TAG = "sha256:"
MAX_CANDIDATES = 10  # an ambiguous start names this many of the ids it could mean


class AmbiguousId(StoreError):
    """The start of an id matches more than one record."""

    exit_code = 2

    def __init__(self, prefix: str, candidates: Sequence[str]) -> None:
        shown = ", ".join(candidates[:MAX_CANDIDATES])
        more = f" and {len(candidates) - MAX_CANDIDATES} more" if len(candidates) > MAX_CANDIDATES else ""
        super().__init__(f"{prefix!r} is ambiguous: it starts {shown}{more}; type more of the id")
        self.prefix = prefix
        self.candidates = tuple(candidates)


def spellings(prefix: str) -> list[str]:
    """The starts an id may have been typed with: as given, and with the algorithm tag added."""
    typed = prefix.strip()
    return [typed] if typed.startswith(ALGORITHM_TAG) or ":" in typed else [typed, ALGORITHM_TAG + typed]


def ids_starting_with(connection: Connection, columns: Sequence[Column[str]], prefix: str) -> list[str]:
    """Distinct values of these id columns that equal or start with `prefix` (a few beyond the cap)."""
    found: set[str] = set()
    for column in columns:
        for start in spellings(prefix):
            query = select(column).where(column.startswith(start, autoescape=True)).distinct()
            found.update(connection.execute(query.limit(MAX_CANDIDATES + 1)).scalars())
    return sorted(found)


def match_prefix(prefix: str, candidates: Sequence[str]) -> str | None:
    """The one candidate `prefix` names (exactly, or as its start); None when none; refused if several."""
    if prefix in candidates:
        return prefix
    matching = sorted({c for c in candidates for start in spellings(prefix) if c.startswith(start)})
    if len(matching) > 1:
        raise AmbiguousId(prefix, matching)
    return matching[0] if matching else None


def resolve_id(connection: Connection, columns: Sequence[Column[str]], prefix: str) -> str | None:
    """The one id in these columns that `prefix` names; None when none; `AmbiguousId` if several."""
    if not prefix.strip():
        return None
    return match_prefix(prefix.strip(), ids_starting_with(connection, columns, prefix))
