"""initial: documents, articles, claims, failures, conflicts, queue, provenance

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
        "conflict_versions",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("reconciled_low", sa.Float(), nullable=True),
        sa.Column("reconciled_high", sa.Float(), nullable=True),
        sa.Column("reconciled_headline", sa.Float(), nullable=True),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", "version", name=op.f("pk_conflict_versions")),
    )
    op.create_index(op.f("ix_conflict_versions_id"), "conflict_versions", ["id"])

    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("reconciled_low", sa.Float(), nullable=True),
        sa.Column("reconciled_high", sa.Float(), nullable=True),
        sa.Column("reconciled_headline", sa.Float(), nullable=True),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("rules_version", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
        sa.UniqueConstraint("key", name=op.f("uq_conflicts_key")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint("status IN ('ok', 'quarantined')", name=op.f("ck_documents_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("suite", sa.String(), nullable=False),
        sa.Column("expectation_id", sa.String(), nullable=False),
        sa.Column("expectation_type", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("table", sa.String(), nullable=False),
        sa.Column("row_id", sa.String(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    op.create_index(op.f("ix_failures_row_id"), "failures", ["row_id"])

    op.create_table(
        "queue",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("ref_id", sa.String(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('conflict', 'quality')", name=op.f("ck_queue_kind")),
        sa.CheckConstraint(
            "state IN ('open', 'claimed', 'decided', 'escalated', 'dismissed', 'reopened', 'superseded')",
            name=op.f("ck_queue_state"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_queue")),
    )
    op.create_index(op.f("ix_queue_state_priority"), "queue", ["state", "priority"])

    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("skip_spans", sa.JSON(), nullable=False),
        sa.Column("segmenter_version", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_articles_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    op.create_index(op.f("ix_articles_document_id"), "articles", ["document_id"])

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
        "queue_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_key", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(), nullable=False),
        sa.Column("from_state", sa.String(), nullable=True),
        sa.Column("to_state", sa.String(), nullable=False),
        sa.Column("ref_id", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_key"], ["queue.key"], name=op.f("fk_queue_events_item_key_queue")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_events")),
    )
    op.create_index(op.f("ix_queue_events_item_key"), "queue_events", ["item_key"])

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

    op.create_table(
        "claims",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("number_text", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("value_low", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_type", sa.String(), nullable=False),
        sa.Column("source_chain", sa.JSON(), nullable=False),
        sa.Column("parent_id", sa.String(), nullable=True),
        sa.Column("extractor_version", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("quarantined_by", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_claims_article_id_articles")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_article_id"), "claims", ["article_id"])
    op.create_index(op.f("ix_claims_document_id"), "claims", ["document_id"])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("runs")
    op.drop_table("queue_events")
    op.drop_table("lineage")
    op.drop_table("articles")
    op.drop_table("queue")
    op.drop_table("failures")
    op.drop_table("documents")
    op.drop_table("conflicts")
    op.drop_table("conflict_versions")
    op.drop_table("activities")
