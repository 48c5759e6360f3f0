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
    text,
)

from factledger.store.records import (
    DECISION_ACTIONS,
    QUEUE_KINDS,
    QUEUE_STATES,
    RUN_STATUSES,
    WORKABLE_STATES,
)

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
    Column("place_settlement", Text),
    Column("place_region", Text),
    Column("place_country", Text),
    Column("place_id", Text),
    Column("time_start", String),
    Column("time_end", String),
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
        Column("explanation", Text, nullable=False, server_default=""),
        Column("disputes", JSON, nullable=False, server_default="[]"),
        Column("support", JSON, nullable=False, server_default="[]"),
        # The event the conflict's slot belongs to (the head of event_key), to find a run's events.
        Column("event_id", String, nullable=False, server_default="", index=True),
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
    # Claiming walks this in priority order and stops at the first free item.
    Index(
        "ix_queue_workable",
        "priority",
        "key",
        sqlite_where=text(WORKABLE_STATES),
        postgresql_where=text(WORKABLE_STATES),
    ),
)

reviewers = Table(
    "reviewers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String, nullable=False, unique=True),
    Column("secret_hash", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One row per log-in; the cookie holds the token, this table only its sha256. A session is
# live until it ends (log-out) or expires, checked on every request.
review_sessions = Table(
    "review_sessions",
    metadata,
    Column("id", String, primary_key=True),
    Column("reviewer", String, ForeignKey("reviewers.name"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)

# Failed log-ins, counted per name and per client address over a recent window; kept in the
# database so every app process sees the same count.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String, nullable=False),
    Column("address", String, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_name_at", "name", "at"),
    Index("ix_login_failures_address_at", "address", "at"),
)

# Append-only: triggers refuse UPDATE and DELETE; undo is a new "revert" row.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("queue_key", String, ForeignKey("queue.key"), nullable=False, index=True),
    Column("item_version", Integer, nullable=False),
    Column("reviewer", String, ForeignKey("reviewers.name"), nullable=False),
    Column("action", String, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reverts", Integer, ForeignKey("decisions.id")),
    Column("content_hash", String, nullable=False, unique=True),
    _one_of("action", DECISION_ACTIONS),
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

# One row per activity: one per stage per batch, per decision, per fetch. The content id is
# stored here only; everything else points at the integer key. Inputs and outputs are packed
# member lists (`core.provenance.pack_ids`: 32-byte digests, sorted), listed once, no index.
activities = Table(
    "activities",
    metadata,
    Column("key", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("step", String, nullable=False, index=True),
    Column("code_version", String, nullable=False),
    Column("rules_version", String, nullable=False),
    Column("parameters", JSON, nullable=False),
    Column("parents", JSON, nullable=False),
    Column("inputs", LargeBinary, nullable=False),
    Column("outputs", LargeBinary, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("key", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("activity", Integer, ForeignKey("activities.key"), nullable=False, index=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("status", String, nullable=False),
    Column("flow_run_id", String),
    Column("task_run_id", String),
    Column("deployment_id", String),
    Column("actor", String, nullable=False),
    _one_of("status", RUN_STATUSES),
)

# The look-up side of the member lists: "which steps used or made X" is one primary-key
# look-up. Articles, claims and relations are left out: their rows name the document (or
# the claims) they come from, and the activities that made them are reached through it.
lineage = Table(
    "lineage",
    metadata,
    Column("entity", LargeBinary, primary_key=True),
    Column("role", String, primary_key=True),
    Column("activity", Integer, ForeignKey("activities.key"), primary_key=True),
    _one_of("role", ("input", "output")),
    sqlite_with_rowid=False,
)

# One row per web fetch: where a document came from, and the validators for conditional GET.
FETCH_OUTCOMES = ("fetched", "unchanged", "not_modified", "refused", "failed")
fetches = Table(
    "fetches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, index=True),
    Column("final_url", Text, nullable=False),
    Column("status", Integer),
    Column("outcome", String, nullable=False),
    Column("document_id", String, ForeignKey("documents.id"), index=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fetched_at", String, nullable=False),
    Column("reason", Text),
    _one_of("outcome", FETCH_OUTCOMES),
)

# A claim's scope under one version of the reconciliation rules, so a run loads only the
# events its new claims touch (event_key holds the claim's event id) and the totals that
# may cover them.
claim_scopes = Table(
    "claim_scopes",
    metadata,
    Column("claim_id", String, ForeignKey("claims.id"), primary_key=True),
    Column("rules_version", String, nullable=False),
    Column("event_key", Text, nullable=False, index=True),
    Column("base_key", Text, nullable=False),
    Column("scope", String, nullable=False),
    Column("first_day", String),
    Column("last_day", String),
    Index(None, "base_key", "scope", "first_day"),
)

# Links between claims that are not rivals: a total and an incident it covers, a
# source's later figure and the earlier one it replaces (`core.relations.Relation`).
relations = Table(
    "relations",
    metadata,
    _id(),
    Column("kind", String, nullable=False),
    Column("from_claim", String, ForeignKey("claims.id"), nullable=False, index=True),
    Column("to_claim", String, ForeignKey("claims.id"), nullable=False, index=True),
    Column("reason", String, nullable=False),
    Column("rules_version", String, nullable=False),
    _one_of("kind", ("related", "update", "copy")),
)

# Each article's event frame (`core.eventframes.ArticleFrame` as JSON) and the event it was
# resolved into under one version of the rules; a run links only new articles, and loads
# only the events they touch.
article_frames = Table(
    "article_frames",
    metadata,
    Column("article_id", String, ForeignKey("articles.id"), primary_key=True),
    Column("rules_version", String, nullable=False),
    Column("event_id", String, nullable=False, index=True),
    Column("frame", JSON, nullable=False),
)

# The blocks (a place and a week) an article is compared in: new articles meet only the
# stored articles of their blocks.
event_blocks = Table(
    "event_blocks",
    metadata,
    Column("block", String, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id"), primary_key=True, index=True),
)

# A quality digest: the failures of one rule found by one run, reviewed as one queue item
# (keyed like it). `id` is the digest's current content id (its key and failures), which its
# queue item points at.
quality_digests = Table(
    "quality_digests",
    metadata,
    Column("key", String, primary_key=True),
    Column("id", String, nullable=False),
    Column("run", String, nullable=False),
    Column("suite", String, nullable=False),
    Column("expectation_id", String, nullable=False),
    Column("expectation_type", String, nullable=False),
    Column("severity", String, nullable=False),
    Column("table", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("title", Text, nullable=True),  # the rule in plain words; NULL for digests stored before
)

digest_failures = Table(
    "digest_failures",
    metadata,
    Column("digest_key", String, ForeignKey("quality_digests.key"), primary_key=True),
    Column("failure_id", String, ForeignKey("failures.id"), primary_key=True, index=True),
)
