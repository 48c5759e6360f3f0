"""review: reviewers, the append-only decision log, and the index the queue claims from

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written as NOT IN: SQLite then prefers this index over (state, priority) for claiming.
WORKABLE = "state NOT IN ('decided', 'escalated', 'dismissed', 'superseded')"
REFUSAL = "decisions are append-only"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER decisions_refuse_{verb.lower()} BEFORE {verb} ON decisions
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"""
    for verb in ("UPDATE", "DELETE")
]

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION decisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$""",
    """CREATE TRIGGER decisions_refuse_change BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_change()""",
    """CREATE TRIGGER decisions_refuse_truncate BEFORE TRUNCATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_change()""",
]


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("secret_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewers")),
        sa.UniqueConstraint("name", name=op.f("uq_reviewers_name")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("queue_key", sa.String(), nullable=False),
        sa.Column("item_version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.CheckConstraint(
            "action IN ('accept', 'range', 'split', 'extraction_error', 'escalate', 'dismiss', 'revert')",
            name=op.f("ck_decisions_action"),
        ),
        sa.ForeignKeyConstraint(["queue_key"], ["queue.key"], name=op.f("fk_decisions_queue_key_queue")),
        sa.ForeignKeyConstraint(
            ["reviewer"], ["reviewers.name"], name=op.f("fk_decisions_reviewer_reviewers")
        ),
        sa.ForeignKeyConstraint(["reverts"], ["decisions.id"], name=op.f("fk_decisions_reverts_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_decisions_content_hash")),
    )
    op.create_index(op.f("ix_decisions_queue_key"), "decisions", ["queue_key"])
    op.create_index(
        "ix_queue_workable",
        "queue",
        ["priority", "key"],
        sqlite_where=sa.text(WORKABLE),
        postgresql_where=sa.text(WORKABLE),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER decisions_refuse_truncate ON decisions")
        op.execute("DROP TRIGGER decisions_refuse_change ON decisions")
        op.execute("DROP FUNCTION decisions_refuse_change()")
    else:
        op.execute("DROP TRIGGER decisions_refuse_update")
        op.execute("DROP TRIGGER decisions_refuse_delete")
    op.drop_index("ix_queue_workable", table_name="queue")
    op.drop_index(op.f("ix_decisions_queue_key"), table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("reviewers")
