"""Provenance rows as stored: activities with packed member lists, their runs, and the index.

An activity row holds its content id once, under an integer key that runs and the index
point at; its inputs and outputs are packed lists of 32-byte digests (`pack_ids`). The
`lineage` index answers "which steps used or made X" with one primary-key look-up for
every member except articles, claims and relations: their own rows name the document (or
the claims) they come from, so the activities that touched them are found through that.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from factledger.core.models import Activity
from factledger.core.provenance import blob_holds, digest_id, id_digest
from factledger.store import rows
from factledger.store.bulk import chunked, existing_ids, insert_new, insert_new_keys, insert_unchecked
from factledger.store.records import RunInfo
from factledger.store.tables import activities, articles, claims, lineage, relations, runs

# Records whose rows say where they come from: never repeated in the index.
REACHED_THROUGH_ROWS = (articles, claims, relations)
LINEAGE_KEYS = ("entity", "role", "activity")


def save_activities(
    connection: Connection,
    pairs: Sequence[tuple[Activity, RunInfo]],
    unindexed: Collection[str] = (),
    indexed: Collection[str] = (),
) -> dict[str, int]:
    """Insert new activities, one run per execution, and the index rows of the new ones.

    `unindexed` and `indexed` are ids the caller already knows to be (or not to be) reached
    through their rows; any other member is looked up. Returns counts of new rows.
    """
    if not pairs:
        return {"activities": 0, "runs": 0, "lineage": 0}
    activity_rows = [rows.activity_row(activity) for activity, _ in pairs]
    new = {key[0] for key in insert_new_keys(connection, activities, activity_rows, ("id",))}
    keys = activity_keys(connection, {activity.id for activity, _ in pairs})
    run_rows = [rows.run_row(a.id, keys[a.id], info) for a, info in pairs]
    fresh = list({a.id: a for a, _ in pairs if a.id in new}.values())
    skip = reached_through_rows(connection, fresh, set(unindexed), set(indexed))
    index_rows = [row for a in fresh for row in index_rows_of(a, keys[a.id], skip)]
    return {
        "activities": len(new),
        "runs": insert_new(connection, runs, run_rows),
        "lineage": insert_unchecked(connection, lineage, index_rows, LINEAGE_KEYS),
    }


def activity_keys(connection: Connection, ids: Iterable[str]) -> dict[str, int]:
    """Content id -> row key of the stored activities among `ids`."""
    found: dict[str, int] = {}
    for chunk in chunked(sorted(set(ids))):
        query = select(activities.c.id, activities.c.key).where(activities.c.id.in_(chunk))
        found.update(connection.execute(query).tuples().all())
    return found


def reached_through_rows(
    connection: Connection, fresh: Sequence[Activity], unindexed: set[str], indexed: set[str]
) -> set[str]:
    """The members of these activities that are articles, claims or relations."""
    members = {m for a in fresh for m in (*a.input_ids, *a.output_ids)}
    unknown = members - unindexed - indexed
    found = {m for table in REACHED_THROUGH_ROWS for m in existing_ids(connection, table, unknown)}
    return (members & unindexed) | found


def index_rows_of(activity: Activity, key: int, skip: Collection[str]) -> list[dict[str, Any]]:
    """The index rows of one activity: each member not reached through its own row."""
    pairs = {(m, "input") for m in activity.input_ids} | {(m, "output") for m in activity.output_ids}
    return [
        {"entity": id_digest(member), "role": role, "activity": key}
        for member, role in sorted(pairs)
        if member not in skip
    ]


def indexed_activities(
    connection: Connection, entity_id: str, role: str | None = None, step: str | None = None
) -> list[rows.Row]:
    """Activity rows the index names for an entity (in a role, of a step), by key."""
    query = select(activities).join(lineage, lineage.c.activity == activities.c.key)
    query = query.where(lineage.c.entity == id_digest(entity_id))
    if role is not None:
        query = query.where(lineage.c.role == role)
    if step is not None:
        query = query.where(activities.c.step == step)
    return list(connection.execute(query.order_by(activities.c.key)).mappings())


def documents_read_by(
    connection: Connection, document_ids: Iterable[str], step: str, rules_version: str | None = None
) -> set[str]:
    """The documents among these that an activity of `step` used (under these rules, when given)."""
    found: set[str] = set()
    for chunk in chunked(sorted(set(document_ids))):
        digests = {id_digest(document_id): document_id for document_id in chunk}
        query = (
            select(lineage.c.entity)
            .join(activities, activities.c.key == lineage.c.activity)
            .where(lineage.c.entity.in_(list(digests)), lineage.c.role == "input", activities.c.step == step)
        )
        if rules_version is not None:
            query = query.where(activities.c.rules_version == rules_version)
        found.update(digests[bytes(entity)] for entity in connection.execute(query).scalars())
    return found


def every_input_of(connection: Connection, step: str) -> set[str]:
    """Every id an activity of `step` used, from the index."""
    query = (
        select(lineage.c.entity)
        .join(activities, activities.c.key == lineage.c.activity)
        .where(lineage.c.role == "input", activities.c.step == step)
    )
    return {digest_id(bytes(entity)) for entity in connection.execute(query).scalars()}


def runs_of(connection: Connection, keys: Collection[int]) -> dict[int, list[rows.Row]]:
    """Activity key -> its runs, oldest first."""
    found: dict[int, list[rows.Row]] = {}
    for chunk in chunked(sorted(set(keys))):
        query = select(runs).where(runs.c.activity.in_(chunk)).order_by(runs.c.started_at, runs.c.id)
        for row in connection.execute(query).mappings():
            found.setdefault(row["activity"], []).append(row)
    return found


def activities_touching(
    connection: Connection, entity_id: str, role: str, step: str | None = None
) -> list[rows.Row]:
    """The activities that had an entity in a role (of a step), by key.

    Indexed members are one look-up; an article or a claim is found through its document:
    the activities that used the document, kept if their member list holds the entity.
    """
    direct = indexed_activities(connection, entity_id, role, step)
    if direct:
        return direct
    document_id = document_of(connection, entity_id)
    if document_id is None:
        return []
    column = "inputs" if role == "input" else "outputs"
    candidates = indexed_activities(connection, document_id, "input", step)
    return [row for row in candidates if blob_holds(row[column], entity_id)]


def document_of(connection: Connection, entity_id: str) -> str | None:
    """The document an article or a claim comes from (None for any other id)."""
    for table in (claims, articles):
        found = connection.execute(select(table.c.document_id).where(table.c.id == entity_id)).first()
        if found is not None:
            return str(found[0])
    return None
