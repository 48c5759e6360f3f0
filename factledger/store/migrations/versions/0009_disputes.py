"""disputes: each conflict's disputed pairs and the repeats supporting each standing figure

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFLICT_TABLES = ("conflicts", "conflict_versions")


def upgrade() -> None:
    # Conflicts stored before keep empty lists until their event is recomputed.
    for table in CONFLICT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("disputes", sa.JSON(), nullable=False, server_default="[]"))
            batch.add_column(sa.Column("support", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    for table in CONFLICT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("support")
            batch.drop_column("disputes")
