"""reconcile: claim scopes (indexed event keys) and relations between claims

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Filled by the reconcile stage, not here: the keys follow the reconciliation rules,
    # and a claim without a row for the current rules is simply keyed on the next run.
    op.create_table(
        "claim_scopes",
        sa.Column("claim_id", sa.String(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("base_key", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("first_day", sa.String(), nullable=True),
        sa.Column("last_day", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_scopes_claim_id_claims")),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_scopes")),
    )
    op.create_index(op.f("ix_claim_scopes_event_key"), "claim_scopes", ["event_key"])
    op.create_index(
        op.f("ix_claim_scopes_base_key_scope_first_day"),
        "claim_scopes",
        ["base_key", "scope", "first_day"],
    )
    op.create_table(
        "relations",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("from_claim", sa.String(), nullable=False),
        sa.Column("to_claim", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.CheckConstraint("kind IN ('related', 'update')", name=op.f("ck_relations_kind")),
        sa.ForeignKeyConstraint(["from_claim"], ["claims.id"], name=op.f("fk_relations_from_claim_claims")),
        sa.ForeignKeyConstraint(["to_claim"], ["claims.id"], name=op.f("fk_relations_to_claim_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relations")),
    )
    op.create_index(op.f("ix_relations_from_claim"), "relations", ["from_claim"])
    op.create_index(op.f("ix_relations_to_claim"), "relations", ["to_claim"])


def downgrade() -> None:
    op.drop_index(op.f("ix_relations_to_claim"), table_name="relations")
    op.drop_index(op.f("ix_relations_from_claim"), table_name="relations")
    op.drop_table("relations")
    op.drop_index(op.f("ix_claim_scopes_base_key_scope_first_day"), table_name="claim_scopes")
    op.drop_index(op.f("ix_claim_scopes_event_key"), table_name="claim_scopes")
    op.drop_table("claim_scopes")
