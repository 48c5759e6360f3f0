"""digest titles: each quality digest keeps its rule in plain words for reviewers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Digests stored before stay NULL and are named by their expectation id, as they were.
    with op.batch_alter_table("quality_digests") as batch:
        batch.add_column(sa.Column("title", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quality_digests") as batch:
        batch.drop_column("title")
