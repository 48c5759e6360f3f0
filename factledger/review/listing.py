"""What the queue page lists: the items to do by default, and each row's conflict and figures.

A page lists up to a few hundred items; their conflicts and claims are read in two queries,
not one item at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

from factledger.core.models import Claim, Conflict
from factledger.review.queue import ReviewQueue, load_claims
from factledger.store.review import ItemFilter, ListedItem
from factledger.store.rows import to_conflict
from factledger.store.tables import conflicts

TO_DO = ("open", "reopened", "claimed")


@dataclass(frozen=True)
class Overview:
    """A listed item's conflict (None for quality items) and the claims it compares."""

    conflict: Conflict | None
    claims: tuple[Claim, ...]


def items_to_do(queue: ReviewQueue, wanted: ItemFilter, limit: int) -> list[ListedItem]:
    """Items waiting for a decision (open, reopened or held), most urgent first."""
    found = [entry for state in TO_DO for entry in queue.items(replace(wanted, state=state), limit)]
    found.sort(key=lambda entry: (entry.item.priority, entry.item.key), reverse=True)
    return found[:limit]


def overviews(queue: ReviewQueue, listed: Sequence[ListedItem]) -> dict[str, Overview]:
    """Item key -> its conflict and claims, for every listed conflict item."""
    refs = {entry.item.ref_id: entry.item.key for entry in listed if entry.item.kind == "conflict"}
    if not refs:
        return {}
    with queue.reading() as connection:
        rows = connection.execute(select(conflicts).where(conflicts.c.id.in_(list(refs)))).mappings()
        found = [to_conflict(row) for row in rows]
        claims = {c.id: c for c in load_claims(connection, [i for f in found for i in f.claim_ids])}
    return {
        refs[conflict.id]: Overview(conflict, tuple(claims[i] for i in conflict.claim_ids if i in claims))
        for conflict in found
    }
