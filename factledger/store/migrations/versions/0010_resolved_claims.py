"""resolved claims: each claim's place in the gazetteer and the days its time phrase covers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("place_settlement", "place_region", "place_country", "place_id", "time_start", "time_end")


def upgrade() -> None:
    # Claims stored before stay NULL here (and keep their ids) until they are re-extracted.
    with op.batch_alter_table("claims") as batch:
        for name in COLUMNS:
            batch.add_column(
                sa.Column(name, sa.Text() if name.startswith("place") else sa.String(), nullable=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
