"""The reconciler's side of the store: frames, events, claim scopes, relations, retired conflicts.

`article_frames` holds each article's event frame and the event it was resolved into, and
`event_blocks` the blocks it is compared in, so a run links only its new articles and loads
only the events they touch. `claim_scopes` holds one row per claim that currently takes
part in reconciliation (sound, not revised), with its event id under the current rules.
An event slot that no longer holds a conflict retires its stored one: the conflict moves
to `conflict_versions` and its queue item becomes `superseded`; if the slot disagrees
again later, the conflict comes back as a new version and the item is reopened.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from factledger.core.eventframes import ArticleFrame
from factledger.core.events import blocks
from factledger.core.models import Article, Claim, Conflict
from factledger.core.relations import Relation
from factledger.core.scopes import Scope
from factledger.store import rows
from factledger.store.bulk import chunked, existing_ids, insert_new
from factledger.store.queue import event_row, follow_conflict
from factledger.store.tables import (
    article_frames,
    articles,
    claim_scopes,
    claims,
    conflict_versions,
    conflicts,
    documents,
    event_blocks,
    queue_events,
    queue_items,
    relations,
)
from factledger.store.writes import current_row

SETTLED_STATES = ("superseded",)
# An OR of this many span tests stays well inside SQLite's expression depth limit.
SPANS_PER_QUERY = 100


@dataclass
class ReconcileWrite:
    """What the reconcile stage writes besides its conflicts and activities."""

    rules_version: str
    scopes: dict[str, Scope] = field(default_factory=dict)  # claim id -> scope
    dropped: list[str] = field(default_factory=list)  # claim ids that no longer take part
    relations: list[Relation] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # conflict keys whose group now agrees
    revived: list[Conflict] = field(default_factory=list)  # conflicts of a retired key, back
    frames: dict[str, tuple[ArticleFrame, str]] = field(default_factory=dict)  # article -> frame, event


def write_reconciliation(connection: Connection, work: ReconcileWrite, now: datetime) -> dict[str, int]:
    """Retire and revive conflicts, replace scopes, add relations; count what changed."""
    retired = sum(retire_conflict(connection, key, now) for key in sorted(work.retired))
    revived = sum(revive_conflict(connection, conflict, now) for conflict in work.revived)
    return {
        "conflicts_retired": retired,
        "conflicts_revived": revived,
        "scopes": replace_scopes(connection, work),
        "frames": replace_frames(connection, work),
        "relations": insert_new(connection, relations, [relation_row(r) for r in work.relations]),
    }


def replace_scopes(connection: Connection, work: ReconcileWrite) -> int:
    """Drop the rows of claims that left, rewrite the rows of claims (re)keyed; count new rows."""
    gone = sorted({*work.dropped, *work.scopes})
    for chunk in chunked(gone):
        connection.execute(delete(claim_scopes).where(claim_scopes.c.claim_id.in_(chunk)))
    values = [scope_row(claim_id, scope, work.rules_version) for claim_id, scope in work.scopes.items()]
    return insert_new(connection, claim_scopes, values, ("claim_id",))


def replace_frames(connection: Connection, work: ReconcileWrite) -> int:
    """Rewrite the frame, event and blocks of every article (re)framed or moved to another event."""
    ids = sorted(work.frames)
    for chunk in chunked(ids):
        connection.execute(delete(article_frames).where(article_frames.c.article_id.in_(chunk)))
        connection.execute(delete(event_blocks).where(event_blocks.c.article_id.in_(chunk)))
    values = [
        {"article_id": a, "rules_version": work.rules_version, "event_id": event, "frame": frame.content()}
        for a, (frame, event) in work.frames.items()
    ]
    block_rows = [
        {"block": b, "article_id": a} for a, (frame, _) in work.frames.items() for b in blocks(frame)
    ]
    insert_new(connection, event_blocks, block_rows, ("block", "article_id"))
    return insert_new(connection, article_frames, values, ("article_id",))


def stored_frames(
    connection: Connection, article_ids: Collection[str]
) -> dict[str, tuple[ArticleFrame, str]]:
    """Article id -> (frame, event id) of these articles, as stored under any rules."""
    found: dict[str, tuple[ArticleFrame, str]] = {}
    for chunk in chunked(sorted(article_ids)):
        query = select(article_frames).where(article_frames.c.article_id.in_(chunk))
        for row in connection.execute(query).mappings():
            found[row["article_id"]] = (ArticleFrame.from_content(row["frame"]), row["event_id"])
    return found


def articles_in_blocks(connection: Connection, wanted: Collection[str]) -> set[str]:
    """Ids of the stored articles compared in any of these blocks."""
    found: set[str] = set()
    for chunk in chunked(sorted(wanted)):
        query = select(event_blocks.c.article_id).where(event_blocks.c.block.in_(chunk))
        found |= set(connection.execute(query).scalars())
    return found


def articles_in_events(connection: Connection, event_ids: Collection[str]) -> set[str]:
    """Ids of the stored articles of these events."""
    found: set[str] = set()
    for chunk in chunked(sorted(event_ids)):
        query = select(article_frames.c.article_id).where(article_frames.c.event_id.in_(chunk))
        found |= set(connection.execute(query).scalars())
    return found


def article_texts(connection: Connection, article_ids: Collection[str]) -> dict[str, tuple[Article, str]]:
    """Article id -> (article, its text), for framing articles."""
    found: dict[str, tuple[Article, str]] = {}
    joined = articles.join(documents, documents.c.id == articles.c.document_id)
    for chunk in chunked(sorted(article_ids)):
        query = select(articles, documents.c.text.label("document_text")).select_from(joined)
        for row in connection.execute(query.where(articles.c.id.in_(chunk))).mappings():
            article = rows.stored_article(row)
            found[row["id"]] = (article, (row["document_text"] or "")[article.start : article.end])
    return found


def sound_claims_of(connection: Connection, article_ids: Collection[str]) -> list[Claim]:
    """The claims of these articles that are not quarantined."""
    found: list[Claim] = []
    for chunk in chunked(sorted(article_ids)):
        query = select(claims).where(claims.c.article_id.in_(chunk), claims.c.status != "quarantined")
        found += [rows.stored_claim(row) for row in connection.execute(query).mappings()]
    return found


def conflicts_of_events(connection: Connection, event_ids: Collection[str]) -> dict[str, str]:
    """Conflict key -> event key of the stored conflicts of these events."""
    found: dict[str, str] = {}
    for chunk in chunked(sorted(event_ids)):
        query = select(conflicts.c.key, conflicts.c.event_key).where(conflicts.c.event_id.in_(chunk))
        found.update(connection.execute(query).tuples().all())
    return found


def scope_row(claim_id: str, scope: Scope, rules_version: str) -> dict[str, Any]:
    """A claim_scopes row."""
    return {
        "claim_id": claim_id,
        "rules_version": rules_version,
        "event_key": scope.event_key,
        "base_key": scope.base_key,
        "scope": scope.scope,
        "first_day": scope.first_day,
        "last_day": scope.last_day,
    }


def relation_row(relation: Relation) -> dict[str, Any]:
    """A relations row."""
    return {"id": relation.id, **relation.content()}


def to_relation(row: rows.Row) -> Relation:
    """Rebuild a Relation from its row."""
    found = Relation(row["kind"], row["from_claim"], row["to_claim"], row["reason"], row["rules_version"])
    return rows.with_id(found, row["id"])


def retire_conflict(connection: Connection, key: str, now: datetime) -> int:
    """Move a conflict whose figures now agree into history; supersede its queue item."""
    current = connection.execute(select(conflicts).where(conflicts.c.key == key)).mappings().first()
    if current is None:
        return 0
    names = [column.name for column in conflict_versions.columns if column.name in current]
    connection.execute(conflict_versions.insert().values({**rows.pick(current, names), "replaced_at": now}))
    connection.execute(delete(conflicts).where(conflicts.c.key == key))
    settle_item(connection, key, current["id"], now)
    return 1


def settle_item(connection: Connection, key: str, ref_id: str, now: datetime) -> None:
    """Mark a conflict's queue item superseded (a new version, with its event)."""
    item = connection.execute(select(queue_items).where(queue_items.c.key == key)).mappings().first()
    if item is None or item["state"] in SETTLED_STATES:
        return
    version = item["version"] + 1
    change = {"state": "superseded", "version": version, "lease_owner": None, "lease_expires_at": None}
    connection.execute(
        update(queue_items).where(queue_items.c.key == key).values({**change, "updated_at": now})
    )
    event = event_row(key, version, "superseded", item["state"], "superseded", ref_id, now)
    connection.execute(queue_events.insert().values(event))


def revive_conflict(connection: Connection, conflict: Conflict, now: datetime) -> int:
    """Bring back a retired conflict as the next version of its key (before it is saved)."""
    if connection.execute(select(conflicts.c.id).where(conflicts.c.key == conflict.key)).first():
        return 0
    latest = select(func.max(conflict_versions.c.version)).where(conflict_versions.c.key == conflict.key)
    version = connection.execute(latest).scalar_one_or_none()
    if version is None:
        return 0
    connection.execute(conflicts.insert().values(current_row(conflict, version + 1, now)))
    follow_conflict(connection, conflict, now)
    return 1


def retired_keys(connection: Connection, keys: Collection[str]) -> set[str]:
    """Which conflict keys have history but no current conflict."""
    found: set[str] = set()
    for chunk in chunked(sorted(keys)):
        query = select(conflict_versions.c.key).where(conflict_versions.c.key.in_(chunk)).distinct()
        found |= set(connection.execute(query).scalars())
    current: set[str] = set()
    for chunk in chunked(sorted(found)):
        current |= set(
            connection.execute(select(conflicts.c.key).where(conflicts.c.key.in_(chunk))).scalars()
        )
    return found - current


def all_conflict_keys(connection: Connection) -> dict[str, str]:
    """Conflict key -> event key of every current conflict."""
    return dict(connection.execute(select(conflicts.c.key, conflicts.c.event_key)).tuples().all())


def sound_claims(connection: Connection) -> list[Claim]:
    """Every claim not quarantined, by id."""
    query = select(claims).where(claims.c.status != "quarantined").order_by(claims.c.id)
    return [rows.stored_claim(row) for row in connection.execute(query).mappings()]


def stored_ids(connection: Connection, table_name: str, ids: Collection[str]) -> set[str]:
    """Which of these ids are stored in a table of reconciliation's (claims, conflicts, relations)."""
    table = {"claims": claims, "conflicts": conflicts, "relations": relations}[table_name]
    return existing_ids(connection, table, ids)


def unscoped_claims(connection: Connection, rules_version: str) -> list[Claim]:
    """Sound claims with no scope row under these rules: new since the last run, or rekeyed."""
    joined = claims.outerjoin(claim_scopes, claim_scopes.c.claim_id == claims.c.id)
    missing = or_(claim_scopes.c.claim_id.is_(None), claim_scopes.c.rules_version != rules_version)
    query = select(claims).select_from(joined).where(missing, claims.c.status != "quarantined")
    return [rows.stored_claim(row) for row in connection.execute(query.order_by(claims.c.id)).mappings()]


def scoped_but_unsound(connection: Connection, revised: Collection[str]) -> dict[str, str]:
    """Claim id -> event key of scoped claims since quarantined or revised: they must leave."""
    joined = claim_scopes.join(claims, claims.c.id == claim_scopes.c.claim_id)
    query = select(claim_scopes.c.claim_id, claim_scopes.c.event_key).select_from(joined)
    found = dict(connection.execute(query.where(claims.c.status == "quarantined")).tuples().all())
    for chunk in chunked(sorted(revised)):
        in_chunk = select(claim_scopes.c.claim_id, claim_scopes.c.event_key).where(
            claim_scopes.c.claim_id.in_(chunk)
        )
        found.update(connection.execute(in_chunk).tuples().all())
    return found


def claims_near(
    connection: Connection, spans: Iterable[tuple[str, str, str]], scope: str | None = None
) -> list[Claim]:
    """Scoped claims (of one scope, if given) of a base key whose days overlap a span.

    `spans` are (base key, first day, last day): the totals that may cover new incidents,
    and the incidents and totals a new total may cover or overlap.
    """
    joined = claims.join(claim_scopes, claim_scopes.c.claim_id == claims.c.id)
    found: dict[str, Claim] = {}
    unique = sorted(set(spans))
    for start in range(0, len(unique), SPANS_PER_QUERY):
        overlaps = [
            and_(
                claim_scopes.c.base_key == base,
                claim_scopes.c.first_day <= last,
                claim_scopes.c.last_day >= first,
            )
            for base, first, last in unique[start : start + SPANS_PER_QUERY]
        ]
        query = select(claims).select_from(joined).where(or_(*overlaps))
        if scope is not None:
            query = query.where(claim_scopes.c.scope == scope)
        found.update((row["id"], rows.stored_claim(row)) for row in connection.execute(query).mappings())
    return list(found.values())


def relations_of(connection: Connection, claim_ids: Collection[str] | None) -> list[Relation]:
    """Relations naming any of these claims (all relations when None), by kind then id."""
    query = select(relations).order_by(relations.c.kind, relations.c.id)
    if claim_ids is None:
        return [to_relation(row) for row in connection.execute(query).mappings()]
    found: dict[str, Relation] = {}
    for chunk in chunked(sorted(claim_ids)):
        naming = or_(relations.c.from_claim.in_(chunk), relations.c.to_claim.in_(chunk))
        found.update(
            (row["id"], to_relation(row)) for row in connection.execute(query.where(naming)).mappings()
        )
    return sorted(found.values(), key=lambda r: (r.kind, r.id))
