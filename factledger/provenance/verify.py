"""Re-derive stored content ids and check the links between stored rows.

A hand edit of any hashed column (a claim's value, a quote, an activity's parameters,
a document's bytes) changes the rebuilt record's id, so the edited row is named.
Offsets are checked too: a claim's quote and number must be the exact characters of
its document's text at its offsets.

An activity's member lists are checked too: its id re-derives from them, every output is
stored, and the look-up index holds exactly its members that are not reached through their
own rows (articles, claims, relations).

A full verify streams every table and tests links against id sets loaded up front. A
scoped verify (a pipeline run checking what it wrote) reads only the rows in its scope,
chunk by chunk, and asks the store which of the ids those rows point at exist, so its
time and memory follow the scope, not the size of the store. The same per-row checks
serve both: only where the rows and the known ids come from differs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Column, Connection, Table, select

from factledger.core.models import Activity, Article, Claim, Conflict, SourceDocument, ValidationFailure
from factledger.core.provenance import bytes_id, content_id, digest_id, id_digest
from factledger.core.relations import Relation
from factledger.store import Store, rows
from factledger.store.bulk import CHUNK_ROWS, chunked, existing_values
from factledger.store.lineage import REACHED_THROUGH_ROWS
from factledger.store.records import Problem
from factledger.store.records import digest_id as quality_digest_id
from factledger.store.tables import (
    activities,
    articles,
    claims,
    conflict_versions,
    conflicts,
    decisions,
    digest_failures,
    documents,
    failures,
    lineage,
    quality_digests,
    queue_events,
    queue_items,
    relations,
    runs,
)

RECORD_TABLES = (documents, articles, claims, failures, conflicts, activities, relations)

# Every id a row may point at, by the name a failure's `table` uses for it.
ID_COLUMNS: dict[str, Column[Any]] = {
    **{table.name: table.c.id for table in RECORD_TABLES},
    "conflict_versions": conflict_versions.c.id,
    # Routing outputs queue items, which are keyed by their conflict key or failure id.
    "queue": queue_items.c.key,
    # A review activity outputs its decision's content hash.
    "decisions": decisions.c.content_hash,
}

# The tables a scope may name: those keyed by a content id. Queue items, decisions and old
# conflict versions are checked only by a full verify.
SCOPABLE = ("documents", "articles", "claims", "failures", "conflicts", "relations", "activities", "runs")


def verify(store: Store, scope: Mapping[str, Collection[str]] | None = None) -> list[Problem]:
    """Re-derive every content id and check every link; with `scope` (table name -> ids), only
    those rows (links still checked against everything); empty when all is well."""
    with store.engine.connect() as connection:
        return find_problems(connection, scope)


def find_problems(
    connection: Connection, scope: Mapping[str, Collection[str]] | None = None
) -> list[Problem]:
    """Every inconsistency in the store (or, with `scope`, in the rows of those ids, table by
    table, their links still checked against the whole store); empty when all is well."""
    if scope is None:
        stored = Stored.everything(connection)
        found = [p for check in TABLE_CHECKS for p in run_check(connection, stored, check, None)]
        return found + [p for check in FULL_ONLY_CHECKS for p in check(connection, stored)]
    unknown = sorted(set(scope) - set(SCOPABLE))
    if unknown:
        raise ValueError(f"verify cannot be scoped to {', '.join(unknown)}; scopable: {', '.join(SCOPABLE)}")
    stored = Stored.on_demand(connection)
    scoped = [check for check in TABLE_CHECKS if check.table.name in scope]
    return [p for check in scoped for p in run_check(connection, stored, check, scope[check.table.name])]


class Lookup(Protocol):
    """Stored rows that checked rows point into; a scoped verify fetches only what they name."""

    def fetch(self, connection: Connection, wanted: Collection[Any]) -> None: ...


# A value a checked row points at, and the lookup it should be found in.
Ref = tuple[Lookup, Any]


class Known:
    """Which values of one id column exist: every one (full verify), or those of the values
    asked about so far that exist (scoped verify)."""

    def __init__(self, column: Column[Any], found: set[str]) -> None:
        self.column = column
        self.found = found

    def fetch(self, connection: Connection, wanted: Collection[str]) -> None:
        """Add the wanted values that exist; values already known to exist are not asked again."""
        self.found.update(existing_values(connection, self.column, set(wanted) - self.found))

    def __contains__(self, value: object) -> bool:
        return value in self.found


class AnyOf:
    """Ids of several kinds at once: an activity's output may be a row of any table."""

    def __init__(self, members: Iterable[Known]) -> None:
        self.members = tuple(members)

    def fetch(self, connection: Connection, wanted: Collection[str]) -> None:
        """Ask each table only for the values no earlier table holds."""
        remaining = set(wanted)
        for member in self.members:
            member.fetch(connection, remaining)
            remaining = {value for value in remaining if value not in member}

    def __contains__(self, value: object) -> bool:
        return any(value in member for member in self.members)


# One index row: (activity key, member id, role).
IndexRow = tuple[int, str, str]


class Lineage:
    """Index rows: all of them (full verify), or those asked about that exist (scoped)."""

    def __init__(self, recorded: set[IndexRow], complete: bool) -> None:
        self.recorded = recorded
        self.complete = complete
        self.by_activity: dict[int, set[tuple[str, str]]] = {}
        for key, member, role in recorded:
            self.by_activity.setdefault(key, set()).add((member, role))

    @classmethod
    def everything(cls, connection: Connection) -> Lineage:
        query = select(lineage.c.activity, lineage.c.entity, lineage.c.role)
        found = {(key, digest_id(bytes(entity)), role) for key, entity, role in connection.execute(query)}
        return cls(found, complete=True)

    def fetch(self, connection: Connection, wanted: Collection[IndexRow]) -> None:
        """Learn which of the wanted index rows exist, by primary key."""
        by_key: dict[tuple[int, str], set[str]] = {}
        for key, member, role in set(wanted) - self.recorded:
            by_key.setdefault((key, role), set()).add(member)
        for (key, role), members in by_key.items():
            for chunk in chunked(sorted(members)):
                digests = [id_digest(member) for member in chunk]
                query = select(lineage.c.entity).where(
                    lineage.c.entity.in_(digests), lineage.c.role == role, lineage.c.activity == key
                )
                for entity in connection.execute(query).scalars():
                    self.recorded.add((key, digest_id(bytes(entity)), role))

    def __contains__(self, row: object) -> bool:
        return row in self.recorded

    def of(self, key: int) -> set[tuple[str, str]]:
        """Every (member, role) the index holds for one activity (full verify only)."""
        return self.by_activity.get(key, set())


class ActivityIds:
    """Activity row key -> its content id, for the runs that point at it."""

    def __init__(self, found: dict[int, str]) -> None:
        self.found = found

    def fetch(self, connection: Connection, wanted: Collection[int]) -> None:
        for chunk in chunked(sorted(set(wanted) - self.found.keys())):
            query = select(activities.c.key, activities.c.id).where(activities.c.key.in_(chunk))
            self.found.update(connection.execute(query).tuples().all())

    def get(self, key: int) -> str | None:
        return self.found.get(key)


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


class Stored:
    """What checked rows may point at: loaded whole up front (`everything`), or learnt batch
    by batch for exactly the values the rows name (`on_demand`)."""

    def __init__(
        self,
        connection: Connection,
        ids: dict[str, Known],
        index: Lineage,
        activity_ids: ActivityIds,
        complete: bool,
    ) -> None:
        self.connection = connection
        self.ids = ids
        self.entities = AnyOf(ids.values())
        self.through_rows = AnyOf(ids[table.name] for table in REACHED_THROUGH_ROWS)
        self.lineage = index
        self.activity_ids = activity_ids
        self.texts = DocumentTexts(connection)
        self.complete = complete

    @classmethod
    def everything(cls, connection: Connection) -> Stored:
        """Every id and the whole index, for a full verify."""
        ids = {
            name: Known(column, set(connection.execute(select(column)).scalars()))
            for name, column in ID_COLUMNS.items()
        }
        keys = dict(connection.execute(select(activities.c.key, activities.c.id)).tuples().all())
        return cls(connection, ids, Lineage.everything(connection), ActivityIds(keys), complete=True)

    @classmethod
    def on_demand(cls, connection: Connection) -> Stored:
        """Nothing yet: a scoped verify resolves each batch's links as it goes."""
        ids = {name: Known(column, set()) for name, column in ID_COLUMNS.items()}
        return cls(connection, ids, Lineage(set(), complete=False), ActivityIds({}), complete=False)

    def resolve(self, refs: Iterable[Ref]) -> None:
        """Learn which of the values these rows point at exist (a full verify knows already)."""
        if self.complete:
            return
        wanted: dict[Lookup, set[Any]] = {}
        for lookup, value in refs:
            wanted.setdefault(lookup, set()).add(value)
        for lookup, values in wanted.items():
            lookup.fetch(self.connection, values)


@dataclass(frozen=True)
class TableCheck:
    """The checks of one table's rows: what each row points at, and what is wrong with it."""

    table: Table
    links: Callable[[rows.Row, Stored], Iterator[Ref]]
    problems: Callable[[rows.Row, Stored], Iterator[Problem]]
    order: tuple[Any, ...] = ()
    chunk: int = CHUNK_ROWS  # scoped rows read per query
    passes: int = 1  # 2 when what a row points at depends on what its first links found


def run_check(
    connection: Connection, stored: Stored, check: TableCheck, ids: Collection[str] | None
) -> Iterator[Problem]:
    """Check a table's rows (all, or those with these ids) a batch at a time: first learn
    which of the values the batch points at exist, then test each row."""
    for batch in row_batches(connection, check, ids):
        for _ in range(check.passes):
            stored.resolve(ref for row in batch for ref in check.links(row, stored))
        for row in batch:
            yield from check.problems(row, stored)


def row_batches(
    connection: Connection, check: TableCheck, ids: Collection[str] | None
) -> Iterator[list[rows.Row]]:
    """A table's rows: all of them streamed one at a time (a full verify knows every id
    already, so it has nothing to resolve per batch), or those with these ids a chunk at a
    time (the IN list kept within what SQLite and PostgreSQL accept)."""
    query = select(check.table).order_by(*(check.order or check.table.primary_key.columns))
    if ids is None:
        for row in connection.execute(query).mappings():
            yield [row]
        return
    for chunk in chunked(sorted(set(ids)), check.chunk):
        yield list(connection.execute(query.where(check.table.c.id.in_(chunk))).mappings())


def no_links(_row: rows.Row, _stored: Stored) -> Iterator[Ref]:
    """A row that points at nothing."""
    return iter(())


def document_problems(row: rows.Row, _stored: Stored) -> Iterator[Problem]:
    """A document's id is the sha256 of its stored bytes, and its size their length."""
    problem = document_problem(row)
    if problem:
        yield Problem("documents", row["id"], problem)


def document_problem(row: rows.Row) -> str | None:
    """What is wrong with one document row, if anything.

    Bytes not stored apart from the text are the text in UTF-8 (`rows.document_bytes`), so an
    edit of such a text is caught here, as bytes that no longer hash to the id.
    """
    content = rows.document_bytes(row)
    if row["id"] != f"sha256:{row['sha256']}":
        return f"sha256 column {row['sha256']} does not match the id"
    if content is None:
        return None  # quarantined unread: there are no bytes to check
    if bytes_id(content) != row["id"]:
        what = "stored bytes" if row["content"] is not None else "the text's bytes"
        return f"{what} hash to {bytes_id(content)}"
    if len(content) != row["size"]:
        return f"size {row['size']} but {len(content)} bytes stored"
    return None


def article_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """An article points at its document."""
    yield stored.ids["documents"], row["document_id"]


def article_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """An article's id re-derives from its columns; its document exists."""
    article = rows.to_article(row)
    if article.id != row["id"]:
        yield Problem("articles", row["id"], f"content hashes to {article.id}")
    if article.document_id not in stored.ids["documents"]:
        yield Problem("articles", row["id"], f"document {article.document_id} is missing")


def claim_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """A claim points at its article, its document and its parent claim, if any."""
    yield stored.ids["articles"], row["article_id"]
    yield stored.ids["documents"], row["document_id"]
    if row["parent_id"] is not None:
        yield stored.ids["claims"], row["parent_id"]


def claim_row_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """A claim's id re-derives; its article, document and parent exist; its offsets hold."""
    for message in claim_problems(rows.to_claim(row), row["id"], stored):
        yield Problem("claims", row["id"], message)


def claim_problems(claim: Any, row_id: str, stored: Stored) -> Iterator[str]:
    """Messages for one claim."""
    if claim.id != row_id:
        yield f"content hashes to {claim.id}"
    if claim.article_id not in stored.ids["articles"]:
        yield f"article {claim.article_id} is missing"
    if claim.document_id not in stored.ids["documents"]:
        yield f"document {claim.document_id} is missing"
        return
    if claim.parent_id is not None and claim.parent_id not in stored.ids["claims"]:
        yield f"parent claim {claim.parent_id} is missing"
    text = stored.texts(claim.document_id)
    if text[claim.quote_start : claim.quote_end] != claim.quote:
        yield f"quote differs from the document text at {claim.quote_start}:{claim.quote_end}"
    if text[claim.start : claim.end] != claim.number_text:
        yield f"number text differs from the document text at {claim.start}:{claim.end}"


def failure_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """A failure points at the row it is about, when its table is one verify knows."""
    if row["table"] in stored.ids:
        yield stored.ids[row["table"]], row["row_id"]


def failure_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """A failure's id re-derives; the row it names exists in the table it names."""
    failure = rows.to_failure(row)
    if failure.id != row["id"]:
        yield Problem("failures", row["id"], f"content hashes to {failure.id}")
    if failure.table in stored.ids and failure.row_id not in stored.ids[failure.table]:
        yield Problem("failures", row["id"], f"{failure.table} row {failure.row_id} is missing")


def conflict_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """A conflict, current or old, points at the claims it names."""
    for claim_id in row["claim_ids"]:
        yield stored.ids["claims"], claim_id


def current_conflict_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """A conflict's id and key re-derive; the claims it names exist."""
    yield from conflict_problems("conflicts", row["id"], row, stored)


def old_conflict_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """Old versions must still re-derive: history that was edited is named too."""
    yield from conflict_problems("conflict_versions", f"{row['key']}@{row['version']}", row, stored)


def conflict_problems(table: str, row_id: str, row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """Messages for one conflict row of either table."""
    conflict = rows.to_conflict(row)
    if conflict.id != row["id"]:
        yield Problem(table, row_id, f"content hashes to {conflict.id}")
    if conflict.key != row["key"]:
        yield Problem(table, row_id, f"event key hashes to {conflict.key}, not the stored key")
    for claim_id in sorted({c for c in conflict.claim_ids if c not in stored.ids["claims"]}):
        yield Problem(table, row_id, f"claim {claim_id} is missing")


def relation_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """A relation points at the two claims it links."""
    yield stored.ids["claims"], row["from_claim"]
    yield stored.ids["claims"], row["to_claim"]


def relation_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """A relation's id re-derives; both claims it links exist."""
    names = ("kind", "from_claim", "to_claim", "reason", "rules_version")
    relation = Relation(*(row[name] for name in names))
    if relation.id != row["id"]:
        yield Problem("relations", row["id"], f"content hashes to {relation.id}")
    linked = {relation.from_claim, relation.to_claim}
    for claim_id in sorted({c for c in linked if c not in stored.ids["claims"]}):
        yield Problem("relations", row["id"], f"claim {claim_id} is missing")


def activity_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """An activity points at its outputs (rows of any table), its parents, and the index rows
    of its members that are not reached through their own rows."""
    activity = rows.to_activity(row)
    for output_id in activity.output_ids:
        yield stored.entities, output_id
    for member in {*activity.input_ids, *activity.output_ids}:
        yield stored.through_rows, member
    for parent in activity.parents:
        yield stored.ids["activities"], parent
    yield from ((stored.lineage, wanted) for wanted in expected_index(row["key"], activity, stored))


def expected_index(key: int, activity: Activity, stored: Stored) -> set[IndexRow]:
    """The index rows an activity's members call for (none for articles, claims, relations)."""
    pairs = {(m, "input") for m in activity.input_ids} | {(m, "output") for m in activity.output_ids}
    return {(key, member, role) for member, role in pairs if member not in stored.through_rows}


def activity_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """An activity's id re-derives from its row and member lists; its outputs and parents exist;
    the index holds its members (exactly, in a full verify)."""
    activity = rows.to_activity(row)
    if activity.id != row["id"]:
        yield Problem("activities", row["id"], f"content hashes to {activity.id}")
    for output_id in sorted({o for o in activity.output_ids if o not in stored.entities}):
        yield Problem("activities", row["id"], f"output {output_id} is not stored")
    for parent in sorted({p for p in activity.parents if p not in stored.ids["activities"]}):
        yield Problem("activities", row["id"], f"parent activity {parent} is missing")
    expected = expected_index(row["key"], activity, stored)
    missing = any(wanted not in stored.lineage for wanted in expected)
    extra = stored.lineage.complete and stored.lineage.of(row["key"]) != {(m, r) for _, m, r in expected}
    if missing or extra:
        yield Problem("activities", row["id"], "lineage rows differ from its input/output ids")


def run_links(row: rows.Row, stored: Stored) -> Iterator[Ref]:
    """A run points at its activity."""
    yield stored.activity_ids, row["activity"]


def run_problems(row: rows.Row, stored: Stored) -> Iterator[Problem]:
    """A run's id re-derives from its execution record; its activity exists."""
    activity_id = stored.activity_ids.get(row["activity"])
    if activity_id is None:
        yield Problem("runs", row["id"], f"activity {row['activity']} is missing")
        return
    derived = rows.run_id(activity_id, rows.to_run_info(row))
    if derived != row["id"]:
        yield Problem("runs", row["id"], f"execution record hashes to {derived}")


# In the order a full verify reports them; claims in document order, so each text loads once.
TABLE_CHECKS = (
    # Document rows carry their bytes: a scoped verify reads a few at a time.
    TableCheck(documents, no_links, document_problems, chunk=20),
    TableCheck(articles, article_links, article_problems),
    TableCheck(claims, claim_links, claim_row_problems, order=(claims.c.document_id, claims.c.id)),
    TableCheck(failures, failure_links, failure_problems),
    TableCheck(conflicts, conflict_links, current_conflict_problems),
    TableCheck(conflict_versions, conflict_links, old_conflict_problems),
    TableCheck(relations, relation_links, relation_problems),
    TableCheck(activities, activity_links, activity_problems, order=(activities.c.id,), passes=2),
    TableCheck(runs, run_links, run_problems),
)


def each_row(connection: Connection, table: Table, *order: Any) -> Iterator[rows.Row]:
    """Stream a table's rows as mappings."""
    query = select(table).order_by(*(order or table.primary_key.columns))
    yield from connection.execute(query).mappings()


def check_queue_items(connection: Connection, stored: Stored) -> Iterator[Problem]:
    """A queue item points at its conflict's current version, its digest's, or its stored failure."""
    current = dict(connection.execute(select(conflicts.c.key, conflicts.c.id)).tuples().all())
    current.update(connection.execute(select(quality_digests.c.key, quality_digests.c.id)).tuples().all())
    for row in each_row(connection, queue_items):
        if row["kind"] == "quality" and row["key"] in current:
            expected = current[row["key"]]
            if row["ref_id"] != expected:
                yield Problem("queue", row["key"], f"points at {row['ref_id']}, not {expected}")
            continue
        problem = queue_item_problem(row, current, stored.ids["failures"], stored.ids["conflict_versions"])
        if problem:
            yield Problem("queue", row["key"], problem)


def queue_item_problem(
    row: rows.Row, current: dict[str, str], failure_ids: Container[str], past_ids: Container[str] = ()
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


def check_decisions(connection: Connection, _stored: Stored) -> Iterator[Problem]:
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


def check_digests(connection: Connection, stored: Stored) -> Iterator[Problem]:
    """A digest's id re-derives from its key and failures, and each of its failures is stored."""
    members: dict[str, list[str]] = {}
    for key, failure_id in connection.execute(
        select(digest_failures.c.digest_key, digest_failures.c.failure_id)
    ):
        members.setdefault(key, []).append(failure_id)
    for row in each_row(connection, quality_digests):
        found = members.get(row["key"], [])
        if quality_digest_id(row["key"], found) != row["id"]:
            yield Problem(
                "quality_digests", row["key"], f"its failures hash to {quality_digest_id(row['key'], found)}"
            )
        for failure_id in sorted(f for f in found if f not in stored.ids["failures"]):
            yield Problem("quality_digests", row["key"], f"failure {failure_id} is missing")


def refs_by_version(connection: Connection) -> dict[tuple[str, int], str]:
    """What each queue item pointed at in each of its versions, from its event history."""
    found: dict[tuple[str, int], str] = {}
    query = select(queue_events.c.item_key, queue_events.c.version, queue_events.c.ref_id)
    for key, version, ref_id in connection.execute(query.order_by(queue_events.c.id)):
        found.setdefault((key, version), ref_id)
    return found


# Run after the table checks by a full verify only: these tables are not keyed by content id.
FULL_ONLY_CHECKS: tuple[Callable[[Connection, Stored], Iterator[Problem]], ...] = (
    check_queue_items,
    check_digests,
    check_decisions,
)


@dataclass
class Written:
    """What one batch wrote, as made in memory: the records `verify_written` reads back."""

    documents: list[tuple[SourceDocument, bytes | None]]
    articles: list[Article]
    claims: list[Claim]
    failures: list[ValidationFailure]
    conflicts: list[Conflict]
    activities: list[Activity]


def verify_written(store: Store, written: Written) -> list[Problem]:
    """Read back what a batch wrote and check each row is exactly the record made.

    A record's id was derived from its content when it was made; a row equal to that
    content derives to the same id, so each thing is hashed once per run and this check
    re-hashes nothing. Links a row names outside the batch are looked up. `verify` (and the
    audit) re-derive every id from the rows themselves.
    """
    with store.engine.connect() as connection:
        return [
            *compare(connection, documents, {d.id: d for d, _ in written.documents}, same_document(written)),
            *compare(connection, articles, {a.id: a for a in written.articles}, same_as(rows.to_article)),
            *compare(connection, claims, {c.id: c for c in written.claims}, same_claim),
            *compare(connection, failures, {f.id: f for f in written.failures}, same_as(rows.to_failure)),
            *compare(connection, conflicts, {c.id: c for c in written.conflicts}, same_as(rows.to_conflict)),
            *compare(
                connection, activities, {a.id: a for a in written.activities}, same_as(rows.to_activity)
            ),
            *missing_links(connection, written),
        ]


def compare(
    connection: Connection, table: Table, made: Mapping[str, Any], same: Callable[[rows.Row, Any], bool]
) -> Iterator[Problem]:
    """Each made record's row, read back: missing, or not what was made."""
    found: dict[str, rows.Row] = {}
    for chunk in chunked(sorted(made)):
        found.update(
            (row["id"], row)
            for row in connection.execute(select(table).where(table.c.id.in_(chunk))).mappings()
        )
    for record_id in sorted(made):
        row = found.get(record_id)
        if row is None:
            yield Problem(table.name, record_id, "not stored")
        elif not same(row, made[record_id]):
            yield Problem(table.name, record_id, "stored row differs from the record the batch made")


def same_as(rebuild: Callable[[rows.Row], Any]) -> Callable[[rows.Row, Any], bool]:
    """Equality of the record rebuilt from a row with the one made."""
    return lambda row, record: bool(rebuild(row) == record)


def same_claim(row: rows.Row, claim: Claim) -> bool:
    """A claim's row holds what was made (its status may have moved on: a quarantine)."""
    return rows.to_claim(row).with_status(claim.status) == claim


def same_document(written: Written) -> Callable[[rows.Row, SourceDocument], bool]:
    """A document's row holds what was read, and its bytes (stored, or its text's) are those read."""
    raw = {d.id: content for d, content in written.documents}

    def same(row: rows.Row, document: SourceDocument) -> bool:
        content = raw[document.id]
        bytes_ok = content is None or rows.document_bytes(row) == content
        return bytes_ok and rows.to_document(row) == document

    return same


def missing_links(connection: Connection, written: Written) -> Iterator[Problem]:
    """Sub-counts whose parent is neither in the batch nor stored; activity outputs and parents
    that nothing stores (articles and claims point at their document and article by foreign key)."""
    made = {c.id for c in written.claims}
    parents = {c.parent_id for c in written.claims if c.parent_id and c.parent_id not in made}
    known = existing_values(connection, claims.c.id, parents)
    for claim in written.claims:
        if claim.parent_id in parents and claim.parent_id not in known:
            yield Problem("claims", claim.id, f"parent claim {claim.parent_id} is missing")
    outputs = {o for a in written.activities for o in a.output_ids}
    ids = AnyOf(Known(column, set()) for column in ID_COLUMNS.values())
    ids.fetch(connection, outputs)
    activity_ids = existing_values(
        connection, activities.c.id, {p for a in written.activities for p in a.parents}
    )
    for activity in written.activities:
        for output_id in sorted(o for o in set(activity.output_ids) if o not in ids):
            yield Problem("activities", activity.id, f"output {output_id} is not stored")
        for parent in sorted(p for p in set(activity.parents) if p not in activity_ids):
            yield Problem("activities", activity.id, f"parent activity {parent} is missing")
