"""provenance: activities keyed by integer with packed member lists, a compact look-up index

Activities keep their content ids (the recipe is unchanged, so every stored id and parent
link stays valid) but store them once, under an integer key that runs and the index point
at. Inputs and outputs move from JSON lists of 71-character ids to packed 32-byte digests.
The index (`lineage`) keeps one binary row per member except articles, claims and
relations, which are reached through the rows they come from. Plain-text documents stop
storing their bytes twice: bytes that are the text in UTF-8 are dropped (`content` NULL).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 1000
PREFIX = "sha256:"
OLD_INDEXES = {
    "activities": ["ix_activities_step"],
    "runs": ["ix_runs_activity_id"],
    "lineage": ["ix_lineage_activity_id"],
}
NEW_INDEXES = {
    "activities": ["ix_activities_step"],
    "runs": ["ix_runs_activity"],
    "lineage": [],
}
# Index-backed constraints, whose names PostgreSQL keeps per schema, not per table.
OLD_PG_CONSTRAINTS = {"activities": ["pk_activities"], "runs": ["pk_runs"], "lineage": ["pk_lineage"]}
NEW_PG_CONSTRAINTS = {
    "activities": ["pk_activities", "uq_activities_id"],
    "runs": ["pk_runs", "uq_runs_id"],
    "lineage": ["pk_lineage"],
}


def digest(record_id: str) -> bytes:
    if not record_id.startswith(PREFIX) or len(record_id) != len(PREFIX) + 64:
        raise ValueError(f"activity member {record_id!r} is not a sha256 id; it cannot be packed")
    return bytes.fromhex(record_id[len(PREFIX) :])


def pack(ids: Iterable[str]) -> bytes:
    return b"".join(sorted(digest(i) for i in ids))


def unpack(blob: bytes | None) -> list[str]:
    data = bytes(blob or b"")
    return [PREFIX + data[i : i + 32].hex() for i in range(0, len(data), 32)]


def pages(
    connection: sa.Connection, query: sa.Select[Any], key: sa.ColumnElement[Any]
) -> Iterator[list[Any]]:
    """The rows of `query` a page at a time, ordered by a unique `key` (keyset paging: no
    cursor stays open while the pages are written elsewhere)."""
    last = None
    while True:
        page = query.order_by(key).limit(CHUNK)
        if last is not None:
            page = page.where(key > last)
        found = list(connection.execute(page).mappings())
        if not found:
            return
        yield found
        last = found[-1][key.name]


def retire(name: str, old_indexes: dict[str, list[str]], pg: dict[str, list[str]]) -> None:
    """Move a table aside as `<name>_old`, freeing every index and constraint name it used."""
    for index in old_indexes[name]:
        op.drop_index(index, table_name=name)
    op.rename_table(name, f"{name}_old")
    if op.get_bind().dialect.name == "postgresql":
        for constraint in pg[name]:
            op.execute(f'ALTER TABLE "{name}_old" RENAME CONSTRAINT "{constraint}" TO "{constraint}_old"')


def create_compact_tables() -> None:
    op.create_table(
        "activities",
        sa.Column("key", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("code_version", sa.String(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("parents", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.LargeBinary(), nullable=False),
        sa.Column("outputs", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_activities")),
        sa.UniqueConstraint("id", name=op.f("uq_activities_id")),
    )
    op.create_index(op.f("ix_activities_step"), "activities", ["step"])
    op.create_table(
        "runs",
        sa.Column("key", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("flow_run_id", sa.String(), nullable=True),
        sa.Column("task_run_id", sa.String(), nullable=True),
        sa.Column("deployment_id", sa.String(), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.CheckConstraint("status IN ('completed', 'failed', 'cached')", name=op.f("ck_runs_status")),
        sa.ForeignKeyConstraint(["activity"], ["activities.key"], name=op.f("fk_runs_activity_activities")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_runs")),
        sa.UniqueConstraint("id", name=op.f("uq_runs_id")),
    )
    op.create_index(op.f("ix_runs_activity"), "runs", ["activity"])
    op.create_table(
        "lineage",
        sa.Column("entity", sa.LargeBinary(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('input', 'output')", name=op.f("ck_lineage_role")),
        sa.ForeignKeyConstraint(
            ["activity"], ["activities.key"], name=op.f("fk_lineage_activity_activities")
        ),
        sa.PrimaryKeyConstraint("entity", "role", "activity", name=op.f("pk_lineage")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    for name in ("lineage", "runs", "activities"):
        retire(name, OLD_INDEXES, OLD_PG_CONSTRAINTS)
    create_compact_tables()
    connection = op.get_bind()
    copy_activities(connection)
    copy_runs(connection)
    build_index(connection)
    for name in ("lineage_old", "runs_old", "activities_old"):
        op.drop_table(name)
    drop_text_bytes(connection)


def copy_activities(connection: sa.Connection) -> None:
    """Each activity as it was, its member lists packed; keys follow the content ids' order."""
    old = sa.table(
        "activities_old",
        *(sa.column(name) for name in ("id", "step", "code_version", "rules_version")),
        sa.column("parameters", sa.JSON()),
        sa.column("input_ids", sa.JSON()),
        sa.column("output_ids", sa.JSON()),
        sa.column("parents", sa.JSON()),
    )
    new = sa.table(
        "activities",
        *(sa.column(name) for name in ("id", "step", "code_version", "rules_version")),
        sa.column("parameters", sa.JSON()),
        sa.column("parents", sa.JSON()),
        sa.column("inputs", sa.LargeBinary()),
        sa.column("outputs", sa.LargeBinary()),
    )
    for found in pages(connection, sa.select(old), old.c.id):
        values = [
            {
                "id": row["id"],
                "step": row["step"],
                "code_version": row["code_version"],
                "rules_version": row["rules_version"],
                "parameters": row["parameters"],
                "parents": sorted(row["parents"]),
                "inputs": pack(row["input_ids"]),
                "outputs": pack(row["output_ids"]),
            }
            for row in found
        ]
        connection.execute(sa.insert(new), values)


def keys_by_id(connection: sa.Connection) -> dict[str, int]:
    return dict(connection.execute(sa.text("SELECT id, key FROM activities")).tuples().all())


def copy_runs(connection: sa.Connection) -> None:
    """Every run, pointing at its activity's key; its content id (and recipe) unchanged."""
    keys = keys_by_id(connection)
    names = ("id", "started_at", "finished_at", "status", "flow_run_id", "task_run_id", "deployment_id")
    old = sa.table("runs_old", *(sa.column(n) for n in (*names, "actor", "activity_id")))
    new = sa.table("runs", *(sa.column(n) for n in (*names, "actor", "activity")))
    for found in pages(connection, sa.select(old), old.c.id):
        values = [
            {**{n: row[n] for n in (*names, "actor")}, "activity": keys[row["activity_id"]]} for row in found
        ]
        connection.execute(sa.insert(new), values)


def build_index(connection: sa.Connection) -> None:
    """One index row per activity member, except articles, claims and relations."""
    skip: set[str] = set()
    for table in ("articles", "claims", "relations"):
        skip.update(connection.execute(sa.text(f"SELECT id FROM {table}")).scalars())
    activities = sa.table("activities", sa.column("key"), sa.column("inputs"), sa.column("outputs"))
    lineage = sa.table("lineage", sa.column("entity"), sa.column("role"), sa.column("activity"))
    for found in pages(connection, sa.select(activities), activities.c.key):
        values = [
            {"entity": digest(member), "role": role, "activity": row["key"]}
            for row in found
            for role, column in (("input", "inputs"), ("output", "outputs"))
            for member in dict.fromkeys(unpack(row[column]))
            if member not in skip
        ]
        if values:
            connection.execute(sa.insert(lineage), values)


def drop_text_bytes(connection: sa.Connection) -> None:
    """Drop the bytes of usable documents that are exactly their text in UTF-8."""
    documents = sa.table("documents", sa.column("id"), sa.column("text"), sa.column("content"))
    query = sa.text("SELECT id FROM documents WHERE status = 'ok' AND content IS NOT NULL ORDER BY id")
    ids = list(connection.execute(query).scalars())
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = connection.execute(sa.select(documents).where(documents.c.id.in_(chunk))).mappings()
        same = [row["id"] for row in found if bytes(row["content"]) == str(row["text"]).encode("utf-8")]
        if same:
            connection.execute(sa.update(documents).where(documents.c.id.in_(same)).values(content=None))


def downgrade() -> None:
    restore_text_bytes(op.get_bind())
    for name in ("lineage", "runs", "activities"):
        retire(name, NEW_INDEXES, NEW_PG_CONSTRAINTS)
    create_wide_tables()
    connection = op.get_bind()
    expand_activities(connection)
    for name in ("lineage_old", "runs_old", "activities_old"):
        op.drop_table(name)


def restore_text_bytes(connection: sa.Connection) -> None:
    """Store again, as bytes, the text of usable documents that keep none."""
    documents = sa.table("documents", sa.column("id"), sa.column("text"), sa.column("content"))
    query = sa.text("SELECT id FROM documents WHERE status = 'ok' AND content IS NULL ORDER BY id")
    ids = list(connection.execute(query).scalars())
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = connection.execute(
            sa.select(documents.c.id, documents.c.text).where(documents.c.id.in_(chunk))
        )
        for document_id, text in found.all():
            change = sa.update(documents).where(documents.c.id == document_id)
            connection.execute(change.values(content=str(text).encode("utf-8")))


def create_wide_tables() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("code_version", sa.String(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("input_ids", sa.JSON(), nullable=False),
        sa.Column("output_ids", sa.JSON(), nullable=False),
        sa.Column("parents", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    op.create_index(op.f("ix_activities_step"), "activities", ["step"])
    op.create_table(
        "lineage",
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("activity_id", sa.String(), nullable=False),
        sa.CheckConstraint("role IN ('input', 'output')", name=op.f("ck_lineage_role")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_lineage_activity_id_activities")
        ),
        sa.PrimaryKeyConstraint("entity_id", "role", "activity_id", name=op.f("pk_lineage")),
    )
    op.create_index(op.f("ix_lineage_activity_id"), "lineage", ["activity_id"])
    op.create_table(
        "runs",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("activity_id", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("flow_run_id", sa.String(), nullable=True),
        sa.Column("task_run_id", sa.String(), nullable=True),
        sa.Column("deployment_id", sa.String(), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.CheckConstraint("status IN ('completed', 'failed', 'cached')", name=op.f("ck_runs_status")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_runs_activity_id_activities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_activity_id"), "runs", ["activity_id"])


def expand_activities(connection: sa.Connection) -> None:
    """Every activity with its member lists as JSON, its runs and a lineage row per member."""
    wide = sa.table(
        "activities",
        *(sa.column(name) for name in ("id", "step", "code_version", "rules_version")),
        sa.column("parameters", sa.JSON()),
        sa.column("input_ids", sa.JSON()),
        sa.column("output_ids", sa.JSON()),
        sa.column("parents", sa.JSON()),
    )
    compact = sa.table(
        "activities_old",
        *(sa.column(name) for name in ("key", "id", "step", "code_version", "rules_version")),
        sa.column("parameters", sa.JSON()),
        sa.column("parents", sa.JSON()),
        sa.column("inputs", sa.LargeBinary()),
        sa.column("outputs", sa.LargeBinary()),
    )
    lineage = sa.table("lineage", sa.column("entity_id"), sa.column("role"), sa.column("activity_id"))
    ids: dict[int, str] = {}
    for found in pages(connection, sa.select(compact), compact.c.key):
        rows = [
            {**row, "input_ids": unpack(row["inputs"]), "output_ids": unpack(row["outputs"])} for row in found
        ]
        ids.update((row["key"], row["id"]) for row in rows)
        names = (
            "id",
            "step",
            "code_version",
            "rules_version",
            "parameters",
            "input_ids",
            "output_ids",
            "parents",
        )
        connection.execute(sa.insert(wide), [{n: row[n] for n in names} for row in rows])
        links = {
            (member, role, row["id"])
            for row in rows
            for role, column in (("input", "input_ids"), ("output", "output_ids"))
            for member in row[column]
        }
        if links:
            values = [{"entity_id": e, "role": r, "activity_id": a} for e, r, a in sorted(links)]
            connection.execute(sa.insert(lineage), values)
    names = (
        "id",
        "started_at",
        "finished_at",
        "status",
        "flow_run_id",
        "task_run_id",
        "deployment_id",
        "actor",
    )
    old_runs = sa.table("runs_old", *(sa.column(n) for n in (*names, "activity")))
    runs = sa.table("runs", *(sa.column(n) for n in (*names, "activity_id")))
    for found in pages(connection, sa.select(old_runs), old_runs.c.id):
        values = [{**{n: row[n] for n in names}, "activity_id": ids[row["activity"]]} for row in found]
        connection.execute(sa.insert(runs), values)
