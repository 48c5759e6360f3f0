"""The store's provenance as a W3C PROV document, built with the `prov` package.

Entities: source documents, articles, claims, validation failures, every version of every
conflict and of every quality digest, review queue items, each decision's record, and, for
each relayed figure, the original source's statement it was quoted from. Activities: every
stored pipeline activity and every review decision. Agents: the software that ran the steps
(one per run actor), every source named in an attribution chain, and every reviewer.

Relations: an article wasDerivedFrom its document, a claim from its article (and a
sub-count from its parent); a relayed claim wasQuotedFrom, and hadPrimarySource, its
original source's statement, which wasAttributedTo that source, while the claim
wasAttributedTo the outlets that published and relayed it; a claim from a newer
extractor wasRevisionOf the claim it replaces; activities used their inputs and
generated their outputs; a digest wasDerivedFrom the failures it holds; decisions used the item
and the version of what they decided on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from prov.identifier import Namespace
from prov.model import PROV, ProvActivity, ProvAgent, ProvDocument, ProvEntity
from sqlalchemy import select

from factledger.core.models import Activity, Claim, Conflict
from factledger.provenance.revisions import REVISION_STEP, revision_pairs
from factledger.store import RunRow, Store
from factledger.store import rows as store_rows
from factledger.store.tables import (
    conflict_versions,
    conflicts,
    decisions,
    digest_failures,
    quality_digests,
    reviewers,
)

NAMESPACE = "urn:factledger:"
FL = Namespace("fl", f"{NAMESPACE}vocabulary#")
# The review queue logs each decision as a `review` activity too; the decision log holds
# the same decision with its reviewer, time and note, so it is exported once, from the log.
REVIEW_STEP = "review"
KINDS = (
    "document",
    "article",
    "claim",
    "failure",
    "digest",
    "conflict",
    "queue",
    "statement",
    "activity",
    "decision",
    "record",
    "software",
    "source",
    "reviewer",
    "entity",  # an id no stored record has (verify names those); referenced, never declared
)


@dataclass(frozen=True)
class ProvCounts:
    """How many entities, activities and agents a PROV document declares."""

    entities: int
    activities: int
    agents: int


def local(record_id: str) -> str:
    """The local part of a qualified name: the hex of an algorithm-tagged id, quoted otherwise."""
    return quote(record_id.split(":", 1)[1] if record_id.startswith("sha256:") else record_id, safe="")


def qname(kind: str, record_id: str | int) -> str:
    """A qualified name such as `claim:<hex>`."""
    return f"{kind}:{local(str(record_id))}"


def attributes(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """PROV attributes in the `fl` namespace, skipping empty values; nested values as JSON."""
    found: dict[str, Any] = {"prov:type": FL[kind]}
    for name, value in values.items():
        if value is None:
            continue
        found[f"fl:{name}"] = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        )
    return found


def new_document() -> ProvDocument:
    """An empty PROV document with factledger's namespaces."""
    document = ProvDocument()
    document.add_namespace(FL)
    for kind in KINDS:
        document.add_namespace(kind, f"{NAMESPACE}{kind}:")
    return document


def build_prov(store: Store) -> ProvDocument:
    """The whole store as one PROV document."""
    document = new_document()
    add_documents(document, store)
    add_articles(document, store)
    add_claims(document, store.claims())
    add_failures(document, store)
    add_digests(document, store)
    add_conflicts(document, store)
    add_queue(document, store)
    add_activities(document, store)
    add_decisions(document, store)
    return document


def add_documents(document: ProvDocument, store: Store) -> None:
    """Source documents: the bytes as fetched."""
    for source in store.documents():
        values = {
            "id": source.id,
            "location": source.location,
            "sha256": source.sha256,
            "mediaType": source.media_type,
            "size": source.size,
            "fetchedAt": source.fetched_at,
            "status": source.status,
            "reason": source.reason,
        }
        document.entity(qname("document", source.id), attributes("SourceDocument", values))


def add_articles(document: ProvDocument, store: Store) -> None:
    """Articles, each derived from its document."""
    for article in store.articles():
        values = {
            "id": article.id,
            "start": article.start,
            "end": article.end,
            "title": article.title,
            "outlet": article.outlet,
            "byline": article.byline,
            "published": article.published,
            "segmenterVersion": article.segmenter_version,
        }
        name = qname("article", article.id)
        document.entity(name, attributes("Article", values))
        document.wasDerivedFrom(name, qname("document", article.document_id))


def add_claims(document: ProvDocument, claims: Iterable[Claim]) -> None:
    """Claims, derived from their articles and attributed along their source chains."""
    for claim in claims:
        name = qname("claim", claim.id)
        document.entity(name, attributes("Claim", claim_values(claim)))
        document.wasDerivedFrom(name, qname("article", claim.article_id))
        if claim.parent_id is not None:
            document.wasDerivedFrom(name, qname("claim", claim.parent_id))
        add_attribution(document, claim, name)


def claim_values(claim: Claim) -> dict[str, Any]:
    """A claim's fields as PROV attributes."""
    return {
        "id": claim.id,
        "numberText": claim.number_text,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "quoteStart": claim.quote_start,
        "quoteEnd": claim.quote_end,
        "valueLow": claim.value_low,
        "valueHigh": claim.value_high,
        "qualifier": claim.qualifier,
        "category": claim.category,
        "subject": claim.subject,
        "location": claim.location,
        "date": claim.date,
        "source": claim.source,
        "sourceChain": list(claim.source_chain),
        "extractorVersion": claim.extractor_version,
        "status": claim.status,
    }


def add_attribution(document: ProvDocument, claim: Claim, name: str) -> None:
    """Publisher and relays are credited with the claim; a relayed figure quotes its origin."""
    chain = claim.source_chain
    for agent in chain[:-1] if len(chain) > 1 else chain:
        document.wasAttributedTo(name, source_agent(document, agent))
    if len(chain) > 1:
        statement = qname("statement", claim.id)
        said = {"claim": claim.id, "source": chain[-1], "quote": claim.quote}
        document.entity(statement, attributes("SourceStatement", said))
        document.wasAttributedTo(statement, source_agent(document, chain[-1]))
        document.wasQuotedFrom(name, statement)
        document.hadPrimarySource(name, statement)


def source_agent(document: ProvDocument, source: str) -> str:
    """The agent for a named source, declared once."""
    name = qname("source", source)
    if document.get_record(name) == []:
        document.agent(name, attributes("Source", {"name": source}))
    return name


def add_failures(document: ProvDocument, store: Store) -> None:
    """Validation failures, derived from the row they are about."""
    for failure in store.failures():
        name = qname("failure", failure.id)
        values = {
            "id": failure.id,
            "suite": failure.suite,
            "expectationId": failure.expectation_id,
            "expectationType": failure.expectation_type,
            "severity": failure.severity,
            "table": failure.table,
            "rowId": failure.row_id,
            "details": failure.details,
        }
        document.entity(name, attributes("ValidationFailure", values))
        row_kind = "claim" if failure.table == "claims" else "article"
        document.wasDerivedFrom(name, qname(row_kind, failure.row_id))


def add_digests(document: ProvDocument, store: Store) -> None:
    """Every version of every quality digest; the current one derives from each of its failures
    and a later version is a revision of the earlier one."""
    members: dict[str, list[str]] = {}
    for row in store.fetch_rows(select(digest_failures).order_by(digest_failures.c.failure_id)):
        members.setdefault(row["digest_key"], []).append(row["failure_id"])
    versions = digest_versions(store)
    for row in store.fetch_rows(select(quality_digests).order_by(quality_digests.c.key)):
        previous: str | None = None
        for version, digest_id in versions.get(row["key"], [(1, row["id"])]):
            name = qname("digest", digest_id)
            document.entity(name, attributes("QualityDigest", digest_values(row, digest_id, version)))
            if digest_id == row["id"]:
                for failure_id in members.get(row["key"], []):
                    document.wasDerivedFrom(name, qname("failure", failure_id))
            if previous is not None:
                document.wasRevisionOf(name, previous)
            previous = name


def digest_versions(store: Store) -> dict[str, list[tuple[int, str]]]:
    """Queue key -> each distinct digest id its item pointed at, with the version it came in."""
    found: dict[str, list[tuple[int, str]]] = {}
    seen: set[tuple[str, str]] = set()
    for event in store.queue_events():
        if (event.item_key, event.ref_id) not in seen:
            seen.add((event.item_key, event.ref_id))
            found.setdefault(event.item_key, []).append((event.version, event.ref_id))
    return found


def digest_values(row: store_rows.Row, digest_id: str, version: int) -> dict[str, Any]:
    """A digest version's fields as PROV attributes."""
    return {
        "id": digest_id,
        "key": row["key"],
        "version": version,
        "run": row["run"],
        "suite": row["suite"],
        "expectationId": row["expectation_id"],
        "expectationType": row["expectation_type"],
        "severity": row["severity"],
        "table": row["table"],
    }


def add_conflicts(document: ProvDocument, store: Store) -> None:
    """Every version of every conflict; a later version is a revision of the earlier one."""
    keys = [row["key"] for row in store.fetch_rows(select(conflicts.c.key).order_by(conflicts.c.key))]
    seen: set[str] = set()
    for key in keys:
        previous: str | None = None
        for version, conflict in store.conflict_history(key):
            name = qname("conflict", conflict.id)
            if conflict.id not in seen:
                seen.add(conflict.id)
                add_conflict(document, name, key, version, conflict)
            if previous is not None and previous != name:
                document.wasRevisionOf(name, previous)
            previous = name


def add_conflict(document: ProvDocument, name: str, key: str, version: int, conflict: Conflict) -> None:
    """One conflict version, derived from the claims it compares."""
    values = {
        "id": conflict.id,
        "key": key,
        "version": version,
        "kind": conflict.kind,
        "severity": conflict.severity,
        "reasons": list(conflict.reasons),
        "reconciled": conflict.reconciled.content(),
        "eventKey": conflict.event_key,
        "priority": conflict.priority,
        "rulesVersion": conflict.rules_version,
    }
    document.entity(name, attributes("Conflict", values))
    for claim_id in sorted(conflict.claim_ids):
        document.wasDerivedFrom(name, qname("claim", claim_id))


def add_queue(document: ProvDocument, store: Store) -> None:
    """Review queue items as they stand now."""
    for item in store.queue_items():
        values = {"key": item.key, "kind": item.kind, "state": item.state, "version": item.version}
        document.entity(
            qname("queue", item.key), attributes("QueueItem", {**values, "summary": item.summary})
        )


def add_activities(document: ProvDocument, store: Store) -> None:
    """Pipeline activities with their runs, inputs, outputs, parents and software agents."""
    names = entity_names(store)
    runs_of: dict[str, list[RunRow]] = {}
    for run in store.runs():
        runs_of.setdefault(run.activity_id, []).append(run)
    for activity in store.activities():
        if activity.step != REVIEW_STEP:
            add_activity(document, activity, runs_of.get(activity.id, []), names)


def entity_names(store: Store) -> dict[str, str]:
    """Stored record id -> its qualified name (route outputs are queue keys, mapped apart)."""
    names: dict[str, str] = {}
    for kind, ids in (
        ("document", [d.id for d in store.documents()]),
        ("article", [a.id for a in store.articles()]),
        ("claim", [c.id for c in store.claims()]),
        ("failure", [f.id for f in store.failures()]),
        ("conflict", all_conflict_ids(store)),
    ):
        names.update((record_id, qname(kind, record_id)) for record_id in ids)
    return names


def all_conflict_ids(store: Store) -> list[str]:
    """Ids of current and earlier conflict versions."""
    found = {
        row["id"] for table in (conflicts, conflict_versions) for row in store.fetch_rows(select(table.c.id))
    }
    return sorted(found)


def add_activity(
    document: ProvDocument, activity: Activity, runs: list[RunRow], names: dict[str, str]
) -> None:
    """One stored activity and its relations."""
    name = qname("activity", activity.id)
    values = {
        "id": activity.id,
        "step": activity.step,
        "codeVersion": activity.code_version,
        "rulesVersion": activity.rules_version,
        "parameters": activity.parameters,
        "runs": len(runs),
    }
    first = runs[0] if runs else None
    document.activity(
        name,
        first.started_at if first else None,
        first.finished_at if first else None,
        attributes("Step", values),
    )
    for actor in sorted({run.actor for run in runs}):
        document.wasAssociatedWith(name, software_agent(document, actor))
    for parent in sorted(activity.parents):
        document.wasInformedBy(name, qname("activity", parent))
    for input_id in sorted(set(activity.input_ids)):
        document.used(name, names.get(input_id, qname("entity", input_id)))
    if activity.step == REVISION_STEP:
        for new, old in revision_pairs(activity):
            document.wasRevisionOf(qname("claim", new), qname("claim", old), name)
        return
    for output_id in sorted(set(activity.output_ids)):
        output = qname("queue", output_id) if activity.step == "route" else names.get(output_id)
        document.wasGeneratedBy(output or qname("entity", output_id), name)


def software_agent(document: ProvDocument, actor: str) -> str:
    """The software agent that ran steps under this actor name, declared once."""
    name = qname("software", actor)
    if document.get_record(name) == []:
        document.agent(name, {"prov:type": PROV["SoftwareAgent"], "fl:name": actor})
    return name


def add_decisions(document: ProvDocument, store: Store) -> None:
    """Review decisions as activities of their reviewers."""
    for name in (
        row["name"] for row in store.fetch_rows(select(reviewers.c.name).order_by(reviewers.c.name))
    ):
        reviewer_agent(document, name)
    refs, kinds = item_refs(store), entity_kind_of(store)
    for row in store.fetch_rows(select(decisions).order_by(decisions.c.id)):
        add_decision(document, row, refs, kinds)


def reviewer_agent(document: ProvDocument, reviewer: str) -> str:
    """The agent for a reviewer, declared once."""
    name = qname("reviewer", reviewer)
    if document.get_record(name) == []:
        document.agent(name, {"prov:type": PROV["Person"], "fl:name": reviewer})
    return name


def item_refs(store: Store) -> dict[tuple[str, int], str]:
    """What each queue item pointed at in each of its versions."""
    found: dict[tuple[str, int], str] = {}
    for event in store.queue_events():
        found.setdefault((event.item_key, event.version), event.ref_id)
    return found


def entity_kind_of(store: Store) -> dict[str, str]:
    """Queue key -> the kind of entity its ref names: a conflict, a quality digest, or (for a
    quality item queued before digests) the failure itself."""
    digests = {row["key"] for row in store.fetch_rows(select(quality_digests.c.key))}
    return {
        item.key: "conflict" if item.kind == "conflict" else "digest" if item.key in digests else "failure"
        for item in store.queue_items()
    }


def add_decision(
    document: ProvDocument, row: store_rows.Row, refs: dict[tuple[str, int], str], kinds: dict[str, str]
) -> None:
    """One decision: who, when, what, on which version of which item."""
    name = qname("decision", row["id"])
    at: datetime = store_rows.to_utc(row["created_at"])
    values = {
        "id": row["id"],
        "action": row["action"],
        "itemVersion": row["item_version"],
        "payload": dict(row["payload"]),
        "note": row["note"],
        "contentHash": row["content_hash"],
    }
    document.activity(name, at, at, attributes("Decision", values))
    document.wasAssociatedWith(name, reviewer_agent(document, row["reviewer"]))
    record = qname("record", row["content_hash"])
    document.entity(record, attributes("DecisionRecord", {"decision": row["id"], "note": row["note"]}))
    document.wasGeneratedBy(record, name, at)
    document.wasAttributedTo(record, qname("reviewer", row["reviewer"]))
    document.used(name, qname("queue", row["queue_key"]))
    about = refs.get((row["queue_key"], row["item_version"]))
    if about is not None:
        document.used(name, qname(kinds.get(row["queue_key"], "conflict"), about))
    if row["reverts"] is not None:
        document.wasInformedBy(name, qname("decision", row["reverts"]))


def count_records(document: ProvDocument) -> ProvCounts:
    """Entities, activities and agents declared in a PROV document."""
    return ProvCounts(
        entities=len(list(document.get_records(ProvEntity))),
        activities=len(list(document.get_records(ProvActivity))),
        agents=len(list(document.get_records(ProvAgent))),
    )


def to_prov_json(document: ProvDocument) -> str:
    """PROV-JSON text of a document."""
    return str(document.serialize(format="json", indent=1))


def read_prov_json(text: str) -> ProvDocument:
    """A PROV document back from PROV-JSON text."""
    document: ProvDocument = ProvDocument.deserialize(content=text, format="json")
    return document
