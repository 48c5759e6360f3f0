"""Claim revisions: when a new extractor reads the same characters differently.

Claims are content-addressed, so a new extractor version yields new claim ids. The old
claims stay stored (decisions were made about them); one `revise` activity per batch links
each new claim to the old claim it replaces, at the same document and offsets. Its inputs
are the old claims and their documents, its outputs the new claims, and its parameters hold
the pairs, so the link is content-addressed and checked by `verify` like any other activity;
the documents among its inputs are what finds it again from a claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from factledger.core.models import Activity, Claim
from factledger.store import Store
from factledger.store.lineage import document_of, indexed_activities
from factledger.store.tables import activities, claims

REVISION_STEP = "revise"
REVISION_RULES = "same-document-offsets-1"


def superseded_claim_ids(connection: Connection) -> set[str]:
    """Ids of stored claims that a newer claim revises."""
    query = select(activities.c.parameters).where(activities.c.step == REVISION_STEP)
    return {old for parameters in connection.execute(query).scalars() for _, old in pairs_in(parameters)}


def revised_claim_ids(store: Store) -> set[str]:
    """`superseded_claim_ids` through a connection of its own."""
    with store.engine.connect() as connection:
        return superseded_claim_ids(connection)


def current_claims(store: Store) -> list[Claim]:
    """Sound claims no newer claim revises: what reconciliation compares."""
    superseded = revised_claim_ids(store)
    return [c for c in store.claims(include_quarantined=False) if c.id not in superseded]


def find_revised_pairs(store: Store, new_claims: Sequence[Claim]) -> dict[str, list[tuple[str, str]]]:
    """Per document, (new claim id, old claim id) for stored claims at the same offsets.

    Only old claims not yet revised are linked, so a chain of versions stays a chain; a
    claim that was itself revised (an older extractor run again) links nothing, so no cycle.
    """
    document_ids = sorted({c.document_id for c in new_claims})
    if not document_ids:
        return {}
    new_ids = {c.id for c in new_claims}
    superseded = revised_claim_ids(store)
    stored = stored_claims_by_offsets(store, document_ids)
    pairs: dict[str, list[tuple[str, str]]] = {}
    for claim in (c for c in new_claims if c.id not in superseded):
        for old_id in stored.get((claim.document_id, claim.start, claim.end), []):
            if old_id not in new_ids and old_id not in superseded:
                pairs.setdefault(claim.document_id, []).append((claim.id, old_id))
    return pairs


def stored_claims_by_offsets(
    store: Store, document_ids: Iterable[str]
) -> dict[tuple[str, int, int], list[str]]:
    """Stored claim ids keyed by (document id, start, end)."""
    query = (
        select(claims.c.id, claims.c.document_id, claims.c.start, claims.c.end)
        .where(claims.c.document_id.in_(list(document_ids)))
        .order_by(claims.c.id)
    )
    found: dict[tuple[str, int, int], list[str]] = {}
    for row in store.fetch_rows(query):
        found.setdefault((row["document_id"], row["start"], row["end"]), []).append(row["id"])
    return found


def revision_activity(
    pairs: Sequence[tuple[str, str]], documents: Iterable[str], code_version: str, parents: Iterable[str]
) -> Activity:
    """The `revise` activity of one batch's pairs; `parents` are the batch's extract activities."""
    ordered = sorted(pairs)
    return Activity(
        REVISION_STEP,
        code_version,
        REVISION_RULES,
        {"revises": [list(pair) for pair in ordered]},
        tuple(sorted({old for _, old in ordered} | set(documents))),
        tuple(sorted({new for new, _ in ordered})),
        tuple(sorted(set(parents))),
    )


def pairs_in(parameters: dict[str, Any]) -> list[tuple[str, str]]:
    """The (new claim id, old claim id) pairs a `revise` activity's parameters record."""
    return [(str(new), str(old)) for new, old in parameters.get("revises", [])]


def revision_pairs(activity: Activity) -> list[tuple[str, str]]:
    """The (new claim id, old claim id) pairs a `revise` activity records."""
    return pairs_in(activity.parameters)


def revisions_touching(store: Store, claim_id: str) -> list[tuple[str, str]]:
    """Every (new, old) pair that names this claim, from the `revise` activities of its document."""
    with store.engine.connect() as connection:
        document_id = document_of(connection, claim_id)
        found = indexed_activities(connection, document_id, "input", REVISION_STEP) if document_id else []
    pairs = {pair for row in found for pair in pairs_in(row["parameters"])}
    return sorted(pair for pair in pairs if claim_id in pair)


def revision_activities(
    store: Store, new_claims: Sequence[Claim], extract_ids: dict[str, str], code_version: str
) -> list[Activity]:
    """The `revise` activity of a batch's new claims, if any replaces a stored one;
    `extract_ids` maps document id -> the extract activity that read it."""
    pairs = find_revised_pairs(store, new_claims)
    if not pairs:
        return []
    found = [pair for document in sorted(pairs) for pair in pairs[document]]
    parents = {extract_ids[document] for document in pairs}
    return [revision_activity(found, pairs, code_version, parents)]
