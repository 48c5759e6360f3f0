"""events: article frames and blocks, conflict explanations and events, copy relations

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFLICT_TABLES = ("conflicts", "conflict_versions")


def upgrade() -> None:
    # Conflicts stored under earlier rules keep an empty explanation and event until the
    # next run, which recomputes every event under the new rules version.
    for table in CONFLICT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("explanation", sa.Text(), nullable=False, server_default=""))
            batch.add_column(sa.Column("event_id", sa.String(), nullable=False, server_default=""))
            batch.create_index(op.f(f"ix_{table}_event_id"), ["event_id"])
    with op.batch_alter_table("relations", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_relations_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_relations_kind"), "kind IN ('related', 'update', 'copy')")
    op.create_table(
        "article_frames",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("frame", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_frames_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_frames")),
    )
    op.create_index(op.f("ix_article_frames_event_id"), "article_frames", ["event_id"])
    op.create_table(
        "event_blocks",
        sa.Column("block", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_event_blocks_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("block", "article_id", name=op.f("pk_event_blocks")),
    )
    op.create_index(op.f("ix_event_blocks_article_id"), "event_blocks", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_event_blocks_article_id"), table_name="event_blocks")
    op.drop_table("event_blocks")
    op.drop_index(op.f("ix_article_frames_event_id"), table_name="article_frames")
    op.drop_table("article_frames")
    with op.batch_alter_table("relations", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_relations_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_relations_kind"), "kind IN ('related', 'update')")
    for table in CONFLICT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_event_id"))
            batch.drop_column("event_id")
            batch.drop_column("explanation")
