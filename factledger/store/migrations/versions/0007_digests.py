"""digests: quality failures reviewed as one item per run and rule

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quality_digests",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("run", sa.String(), nullable=False),
        sa.Column("suite", sa.String(), nullable=False),
        sa.Column("expectation_id", sa.String(), nullable=False),
        sa.Column("expectation_type", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("table", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_quality_digests")),
    )
    op.create_table(
        "digest_failures",
        sa.Column("digest_key", sa.String(), nullable=False),
        sa.Column("failure_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["digest_key"],
            ["quality_digests.key"],
            name=op.f("fk_digest_failures_digest_key_quality_digests"),
        ),
        sa.ForeignKeyConstraint(
            ["failure_id"], ["failures.id"], name=op.f("fk_digest_failures_failure_id_failures")
        ),
        sa.PrimaryKeyConstraint("digest_key", "failure_id", name=op.f("pk_digest_failures")),
    )
    op.create_index(op.f("ix_digest_failures_failure_id"), "digest_failures", ["failure_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_digest_failures_failure_id"), table_name="digest_failures")
    op.drop_table("digest_failures")
    op.drop_table("quality_digests")
