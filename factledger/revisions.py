"""Claim revisions: when a new extractor reads the same characters differently.

Claims are content-addressed, so a new extractor version yields new claim ids. The old
claims stay stored (decisions were made about them); a `revise` activity links each new
claim to the old claim it replaces, at the same document and offsets. Its lineage rows
hold old claims as inputs and new claims as outputs, and its parameters hold the pairs,
so the link is content-addressed and checked by `verify` like any other activity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, select

from factledger.core.models import Activity, Claim
from factledger.store import Store
from factledger.store import rows as store_rows
from factledger.store.tables import activities, claims, lineage

REVISION_STEP = "revise"
REVISION_RULES = "same-document-offsets-1"


def superseded_claim_ids(connection: Connection) -> set[str]:
    """Ids of stored claims that a newer claim revises."""
    query = (
        select(lineage.c.entity_id)
        .join(activities, activities.c.id == lineage.c.activity_id)
        .where(activities.c.step == REVISION_STEP, lineage.c.role == "input")
    )
    return set(connection.execute(query).scalars())


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


def revision_activity(pairs: Sequence[tuple[str, str]], code_version: str, parent: str) -> Activity:
    """The `revise` activity for one document's pairs; `parent` is the extract activity."""
    ordered = sorted(pairs)
    return Activity(
        REVISION_STEP,
        code_version,
        REVISION_RULES,
        {"revises": [list(pair) for pair in ordered]},
        tuple(sorted({old for _, old in ordered})),
        tuple(sorted({new for new, _ in ordered})),
        (parent,),
    )


def revision_pairs(activity: Activity) -> list[tuple[str, str]]:
    """The (new claim id, old claim id) pairs a `revise` activity records."""
    return [(str(new), str(old)) for new, old in activity.parameters.get("revises", [])]


def revisions_touching(store: Store, claim_id: str) -> list[tuple[str, str]]:
    """Every (new, old) pair that names this claim, from the stored `revise` activities."""
    made = select(lineage.c.activity_id).where(lineage.c.entity_id == claim_id)
    query = select(activities).where(activities.c.id.in_(made), activities.c.step == REVISION_STEP)
    found = {pair for row in store.fetch_rows(query) for pair in revision_pairs(store_rows.to_activity(row))}
    return sorted(pair for pair in found if claim_id in pair)


def revision_activities(
    store: Store, new_claims: Sequence[Claim], extract_ids: dict[str, str], code_version: str
) -> list[Activity]:
    """`revise` activities for a batch's new claims; `extract_ids` maps document id -> extract activity."""
    pairs = find_revised_pairs(store, new_claims)
    return [revision_activity(found, code_version, extract_ids[doc]) for doc, found in sorted(pairs.items())]
