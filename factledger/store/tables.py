"""The schema as SQLAlchemy Core tables: the code's view of what the migrations build.

Column names follow the record fields they hold, so rows map to records by name.
Ids are unbounded strings (VARCHAR) so both dialects refuse and accept alike.
Every record table is keyed by the record's content id; a test checks these tables
against a database migrated from blank, so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from factledger.store.records import QUEUE_KINDS, QUEUE_STATES, RUN_STATUSES

# Named constraints and indexes, so later migrations can address them on both dialects.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


def _id() -> Column[str]:
    return Column("id", String, primary_key=True)


documents = Table(
    "documents",
    metadata,
    _id(),
    Column("sha256", String, nullable=False),
    Column("location", Text, nullable=False),
    Column("media_type", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("fetched_at", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("reason", Text),
    Column("content", LargeBinary),
    _one_of("status", ("ok", "quarantined")),
)

articles = Table(
    "articles",
    metadata,
    _id(),
    Column("document_id", String, ForeignKey("documents.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("byline", Text),
    Column("published", String),
    Column("skip_spans", JSON, nullable=False),
    Column("segmenter_version", String, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    _id(),
    Column("document_id", String, ForeignKey("documents.id"), nullable=False, index=True),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("number_text", Text, nullable=False),
    Column("quote_start", Integer, nullable=False),
    Column("quote_end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("value_low", Float),
    Column("value_high", Float),
    Column("qualifier", String, nullable=False),
    Column("category", String, nullable=False),
    Column("subject", Text, nullable=False),
    Column("unit", String, nullable=False),
    Column("location", Text),
    Column("date", String),
    Column("date_text", Text),
    Column("scope", String, nullable=False),
    Column("source", Text),
    Column("source_type", String, nullable=False),
    Column("source_chain", JSON, nullable=False),
    # No foreign key: a parent and its sub-counts arrive in one insert; verify checks the link.
    Column("parent_id", String),
    Column("extractor_version", String, nullable=False),
    Column("status", String, nullable=False),
    Column("quarantined_by", JSON, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    _id(),
    Column("suite", String, nullable=False),
    Column("expectation_id", String, nullable=False),
    Column("expectation_type", String, nullable=False),
    Column("severity", String, nullable=False),
    Column("table", String, nullable=False),
    Column("row_id", String, nullable=False, index=True),
    Column("details", Text, nullable=False),
)


def _conflict_columns() -> list[Column[object]]:
    return [
        Column("kind", String, nullable=False),
        Column("severity", String, nullable=False),
        Column("claim_ids", JSON, nullable=False),
        Column("reasons", JSON, nullable=False),
        Column("reconciled_low", Float),
        Column("reconciled_high", Float),
        Column("reconciled_headline", Float),
        Column("independent_sources", Integer, nullable=False),
        Column("event_key", Text, nullable=False),
        Column("priority", Float, nullable=False),
        Column("rules_version", String, nullable=False),
    ]


conflicts = Table(
    "conflicts",
    metadata,
    _id(),
    Column("key", String, nullable=False, unique=True),
    Column("version", Integer, nullable=False),
    *_conflict_columns(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Keyed by (key, version), not id: a conflict may return to an earlier content later.
conflict_versions = Table(
    "conflict_versions",
    metadata,
    Column("key", String, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("id", String, nullable=False, index=True),
    *_conflict_columns(),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
)

# The review queue, one row per item (`Store.queue_items` reads it).
queue_items = Table(
    "queue",
    metadata,
    Column("key", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("ref_id", String, nullable=False),
    Column("priority", Float, nullable=False),
    Column("summary", Text, nullable=False),
    Column("state", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("lease_owner", String),
    Column("lease_expires_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    _one_of("kind", QUEUE_KINDS),
    _one_of("state", QUEUE_STATES),
    Index(None, "state", "priority"),
)

queue_events = Table(
    "queue_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String, ForeignKey("queue.key"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("event", String, nullable=False),
    Column("from_state", String),
    Column("to_state", String, nullable=False),
    Column("ref_id", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

activities = Table(
    "activities",
    metadata,
    _id(),
    Column("step", String, nullable=False, index=True),
    Column("code_version", String, nullable=False),
    Column("rules_version", String, nullable=False),
    Column("parameters", JSON, nullable=False),
    Column("input_ids", JSON, nullable=False),
    Column("output_ids", JSON, nullable=False),
    Column("parents", JSON, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    _id(),
    Column("activity_id", String, ForeignKey("activities.id"), nullable=False, index=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("status", String, nullable=False),
    Column("flow_run_id", String),
    Column("task_run_id", String),
    Column("deployment_id", String),
    Column("actor", String, nullable=False),
    _one_of("status", RUN_STATUSES),
)

# "Which step made claim X" is one lookup on the primary key's leading columns.
lineage = Table(
    "lineage",
    metadata,
    Column("entity_id", String, primary_key=True),
    Column("role", String, primary_key=True),
    Column("activity_id", String, ForeignKey("activities.id"), primary_key=True, index=True),
    _one_of("role", ("input", "output")),
)
