"""Re-derive every stored content id and check every link between stored rows.

A hand edit of any hashed column (a claim's value, a quote, an activity's parameters,
a document's bytes) changes the rebuilt record's id, so the edited row is named.
Offsets are checked too: a claim's quote and number must be the exact characters of
its document's text at its offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Table, select

from factledger.core.provenance import bytes_id, content_id
from factledger.core.relations import Relation
from factledger.store import rows
from factledger.store.records import Problem
from factledger.store.tables import (
    activities,
    articles,
    claims,
    conflict_versions,
    conflicts,
    decisions,
    documents,
    failures,
    lineage,
    queue_events,
    queue_items,
    relations,
    runs,
)

RECORD_TABLES = (documents, articles, claims, failures, conflicts, activities, relations)


def find_problems(connection: Connection) -> list[Problem]:
    """Every inconsistency in the store; empty when all is well."""
    ids = {table.name: load_ids(connection, table) for table in RECORD_TABLES}
    ids["conflict_versions"] = load_ids(connection, conflict_versions)
    # Routing outputs queue items, which are keyed by their conflict key or failure id.
    ids["queue"] = set(connection.execute(select(queue_items.c.key)).scalars())
    # A review activity outputs its decision's content hash.
    ids["decisions"] = set(connection.execute(select(decisions.c.content_hash)).scalars())
    checks: list[Callable[[Connection, dict[str, set[str]]], Iterator[Problem]]] = [
        check_documents,
        check_articles,
        check_claims,
        check_failures,
        check_conflicts,
        check_conflict_versions,
        check_relations,
        check_activities,
        check_runs,
        check_queue_items,
        check_decisions,
    ]
    return [problem for check in checks for problem in check(connection, ids)]


def load_ids(connection: Connection, table: Table) -> set[str]:
    """All values of a table's `id` column."""
    return set(connection.execute(select(table.c.id)).scalars())


def each_row(connection: Connection, table: Table, *order: Any) -> Iterator[rows.Row]:
    """Stream a table's rows as mappings."""
    query = select(table).order_by(*(order or table.primary_key.columns))
    yield from connection.execute(query).mappings()


def check_documents(connection: Connection, _ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A document's id is the sha256 of its stored bytes, and its size their length."""
    for row in each_row(connection, documents):
        problem = document_problem(row)
        if problem:
            yield Problem("documents", row["id"], problem)


def document_problem(row: rows.Row) -> str | None:
    """What is wrong with one document row, if anything."""
    content = row["content"]
    if row["id"] != f"sha256:{row['sha256']}":
        return f"sha256 column {row['sha256']} does not match the id"
    if content is None:
        return "no bytes stored for a document marked ok" if row["status"] == "ok" else None
    if bytes_id(bytes(content)) != row["id"]:
        return f"stored bytes hash to {bytes_id(bytes(content))}"
    if len(content) != row["size"]:
        return f"size {row['size']} but {len(content)} bytes stored"
    return None


def check_articles(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """An article's id re-derives from its columns; its document exists."""
    for row in each_row(connection, articles):
        article = rows.to_article(row)
        if article.id != row["id"]:
            yield Problem("articles", row["id"], f"content hashes to {article.id}")
        if article.document_id not in ids["documents"]:
            yield Problem("articles", row["id"], f"document {article.document_id} is missing")


def check_claims(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A claim's id re-derives; its article, document and parent exist; its offsets hold."""
    text_of = DocumentTexts(connection)
    for row in each_row(connection, claims, claims.c.document_id, claims.c.id):
        claim = rows.to_claim(row)
        for message in claim_problems(claim, row["id"], ids, text_of):
            yield Problem("claims", row["id"], message)


def claim_problems(
    claim: Any, row_id: str, ids: dict[str, set[str]], text_of: DocumentTexts
) -> Iterator[str]:
    """Messages for one claim."""
    if claim.id != row_id:
        yield f"content hashes to {claim.id}"
    if claim.article_id not in ids["articles"]:
        yield f"article {claim.article_id} is missing"
    if claim.document_id not in ids["documents"]:
        yield f"document {claim.document_id} is missing"
        return
    if claim.parent_id is not None and claim.parent_id not in ids["claims"]:
        yield f"parent claim {claim.parent_id} is missing"
    text = text_of(claim.document_id)
    if text[claim.quote_start : claim.quote_end] != claim.quote:
        yield f"quote differs from the document text at {claim.quote_start}:{claim.quote_end}"
    if text[claim.start : claim.end] != claim.number_text:
        yield f"number text differs from the document text at {claim.start}:{claim.end}"


class DocumentTexts:
    """The text of one document at a time, so claims read in document order load each once."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.document_id: str | None = None
        self.text = ""

    def __call__(self, document_id: str) -> str:
        if document_id != self.document_id:
            query = select(documents.c.text).where(documents.c.id == document_id)
            self.text = self.connection.execute(query).scalar_one()
            self.document_id = document_id
        return self.text


def check_failures(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A failure's id re-derives; the row it names exists in the table it names."""
    for row in each_row(connection, failures):
        failure = rows.to_failure(row)
        if failure.id != row["id"]:
            yield Problem("failures", row["id"], f"content hashes to {failure.id}")
        if failure.table in ids and failure.row_id not in ids[failure.table]:
            yield Problem("failures", row["id"], f"{failure.table} row {failure.row_id} is missing")


def check_conflicts(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A conflict's id and key re-derive; the claims it names exist."""
    for row in each_row(connection, conflicts):
        yield from conflict_problems("conflicts", row["id"], row, ids)


def check_conflict_versions(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """Old versions must still re-derive: history that was edited is named too."""
    for row in each_row(connection, conflict_versions):
        row_id = f"{row['key']}@{row['version']}"
        yield from conflict_problems("conflict_versions", row_id, row, ids)


def conflict_problems(table: str, row_id: str, row: rows.Row, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """Messages for one conflict row of either table."""
    conflict = rows.to_conflict(row)
    if conflict.id != row["id"]:
        yield Problem(table, row_id, f"content hashes to {conflict.id}")
    if conflict.key != row["key"]:
        yield Problem(table, row_id, f"event key hashes to {conflict.key}, not the stored key")
    for claim_id in sorted(set(conflict.claim_ids) - ids["claims"]):
        yield Problem(table, row_id, f"claim {claim_id} is missing")


def check_relations(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A relation's id re-derives; both claims it links exist."""
    for row in each_row(connection, relations):
        names = ("kind", "from_claim", "to_claim", "reason", "rules_version")
        relation = Relation(*(row[name] for name in names))
        if relation.id != row["id"]:
            yield Problem("relations", row["id"], f"content hashes to {relation.id}")
        for claim_id in sorted({relation.from_claim, relation.to_claim} - ids["claims"]):
            yield Problem("relations", row["id"], f"claim {claim_id} is missing")


def check_activities(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """An activity's id re-derives; its outputs and parents exist; lineage matches it."""
    entities = set().union(*ids.values())
    recorded = lineage_by_activity(connection)
    for row in each_row(connection, activities):
        activity = rows.to_activity(row)
        if activity.id != row["id"]:
            yield Problem("activities", row["id"], f"content hashes to {activity.id}")
        for output_id in sorted(set(activity.output_ids) - entities):
            yield Problem("activities", row["id"], f"output {output_id} is not stored")
        for parent in sorted(set(activity.parents) - ids["activities"]):
            yield Problem("activities", row["id"], f"parent activity {parent} is missing")
        expected = {(r["entity_id"], r["role"]) for r in rows.lineage_rows(activity)}
        if recorded.get(row["id"], set()) != expected:
            yield Problem("activities", row["id"], "lineage rows differ from its input/output ids")


def lineage_by_activity(connection: Connection) -> dict[str, set[tuple[str, str]]]:
    """Lineage as activity id -> {(entity id, role)}."""
    found: dict[str, set[tuple[str, str]]] = {}
    for entity_id, role, activity_id in connection.execute(select(lineage)):
        found.setdefault(activity_id, set()).add((entity_id, role))
    return found


def check_runs(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A run's id re-derives from its execution record; its activity exists."""
    for row in each_row(connection, runs):
        run = rows.to_run(row)
        derived = rows.run_row(run.activity_id, rows.to_run_info(row))["id"]
        if derived != row["id"]:
            yield Problem("runs", row["id"], f"execution record hashes to {derived}")
        if run.activity_id not in ids["activities"]:
            yield Problem("runs", row["id"], f"activity {run.activity_id} is missing")


def check_queue_items(connection: Connection, ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A queue item points at its conflict's current version, or at its stored failure."""
    current = dict(connection.execute(select(conflicts.c.key, conflicts.c.id)).tuples().all())
    for row in each_row(connection, queue_items):
        problem = queue_item_problem(row, current, ids["failures"], ids["conflict_versions"])
        if problem:
            yield Problem("queue", row["key"], problem)


def queue_item_problem(
    row: rows.Row, current: dict[str, str], failure_ids: set[str], past_ids: Collection[str] = ()
) -> str | None:
    """What is wrong with one queue item, if anything.

    A conflict whose figures came to agree is retired: its item is superseded and points
    at the conflict's last version, kept in `conflict_versions` (`past_ids`).
    """
    if row["kind"] == "conflict":
        expected = current.get(row["key"])
        if expected is None and row["state"] == "superseded" and row["ref_id"] in past_ids:
            return None
        if expected is None:
            return "no conflict has this key"
    else:
        expected = row["key"]
        if expected not in failure_ids:
            return f"failure {expected} is missing"
    return None if row["ref_id"] == expected else f"points at {row['ref_id']}, not {expected}"


def check_decisions(connection: Connection, _ids: dict[str, set[str]]) -> Iterator[Problem]:
    """A decision's hash re-derives from its row, its item's ref then, and the decision before it.

    The log is append-only (triggers refuse UPDATE and DELETE), so an edit means the triggers
    were bypassed; the row edited is named, and a deleted one is named by its successor.
    """
    refs = refs_by_version(connection)
    previous: dict[str, str] = {}
    for row in each_row(connection, decisions, decisions.c.id):
        key = row["queue_key"]
        content = decision_content(row, refs.get((key, row["item_version"])), previous.get(key))
        if content_id(content) != row["content_hash"]:
            yield Problem("decisions", str(row["id"]), f"content hashes to {content_id(content)}")
        previous[key] = row["content_hash"]


def decision_content(row: Mapping[Any, Any], ref_id: str | None, previous: str | None) -> dict[str, Any]:
    """What a decision's hash covers: the row, what the item pointed at, the previous hash.

    The one recipe: the review queue hashes new decisions with it, verify re-derives them.
    """
    return {
        "queue_key": row["queue_key"],
        "item_version": row["item_version"],
        "ref_id": ref_id,
        "reviewer": row["reviewer"],
        "action": row["action"],
        "payload": row["payload"],
        "note": row["note"],
        "created_at": rows.to_utc(row["created_at"]).isoformat(),
        "reverts": row["reverts"],
        "previous": previous,
    }


def refs_by_version(connection: Connection) -> dict[tuple[str, int], str]:
    """What each queue item pointed at in each of its versions, from its event history."""
    found: dict[tuple[str, int], str] = {}
    query = select(queue_events.c.item_key, queue_events.c.version, queue_events.c.ref_id)
    for key, version, ref_id in connection.execute(query.order_by(queue_events.c.id)):
        found.setdefault((key, version), ref_id)
    return found
