"""Incremental reconciliation: recompute only the event groups a run touches.

A run's new claims (sound, not revised, with no scope row under the current rules) name
the event groups to recompute; claims since quarantined or revised leave theirs. Only
those groups are loaded, by their indexed event key, together with the totals that may
cover a new incident and the figures a new total may cover. The outcome is the same as
reconciling every stored claim at once: groups are independent, and every link names a
new claim or was stored when its newer end was new. A change of the rules version rekeys
everything, which is a full recompute.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from factledger.core.models import Claim, Conflict
from factledger.core.reconcile import RULES_VERSION, reconcile
from factledger.core.scopes import Scope, claim_scope
from factledger.revisions import superseded_claim_ids
from factledger.store.reconciliation import (
    ReconcileWrite,
    all_conflict_keys,
    claims_in_events,
    claims_near,
    current_event_keys,
    published_dates,
    retired_keys,
    scoped_but_unsound,
    sound_claims,
    unscoped_claims,
)
from factledger.store.tables import claim_scopes


@dataclass
class Plan:
    """What one reconcile run found and will write."""

    conflicts: list[Conflict]  # of the recomputed groups, most urgent first
    work: ReconcileWrite
    touched: set[str]  # the event keys recomputed
    claims_read: int  # claims loaded to recompute them


def plan_reconciliation(connection: Connection, full: bool = False) -> Plan:
    """Reconcile the event groups touched since the last run (every group when `full`).

    Reads through the caller's connection, so inside a batch's transaction it sees the
    batch's claims before they are committed.
    """
    revised = superseded_claim_ids(connection)
    if full or rules_changed(connection):
        return plan_full(connection, revised)
    return plan_touched(connection, revised)


def rules_changed(connection: Connection) -> bool:
    """Some scope row was written under other rules, so every key must be worked out again."""
    query = select(claim_scopes.c.claim_id).where(claim_scopes.c.rules_version != RULES_VERSION).limit(1)
    return connection.execute(query).first() is not None


def plan_full(connection: Connection, revised: Collection[str]) -> Plan:
    """Key and compare every sound claim; retire every stored conflict not found again."""
    sound = [c for c in sound_claims(connection) if c.id not in revised]
    scopes = {claim.id: claim_scope(claim) for claim in sound}
    dropped = list(connection.execute(select(claim_scopes.c.claim_id)).scalars())
    stored = all_conflict_keys(connection)
    touched = {scope.event_key for scope in scopes.values()} | set(stored.values())
    return finish(connection, sound, [], scopes, dropped, touched, stored)


def plan_touched(connection: Connection, revised: Collection[str]) -> Plan:
    """Key the new claims and recompute only the groups they, or leaving claims, touch."""
    new = [c for c in unscoped_claims(connection, RULES_VERSION) if c.id not in revised]
    scopes = {claim.id: claim_scope(claim) for claim in new}
    leaving = scoped_but_unsound(connection, revised)
    touched = {scope.event_key for scope in scopes.values()} | set(leaving.values())
    stay = [c for c in claims_in_events(connection, touched) if c.id not in leaving]
    nearby = [c for c in neighbours(connection, scopes.values()) if c.id not in leaving]
    stored = current_event_keys(connection, touched)
    return finish(connection, [*stay, *new], nearby, scopes, list(leaving), touched, stored)


def neighbours(connection: Connection, scopes: Iterable[Scope]) -> list[Claim]:
    """Stored figures a new claim may be linked with as related, outside its own group.

    Totals whose window may cover a new incident; incidents and totals a new total may
    cover or overlap.
    """
    known = [s for s in scopes if s.known and s.first_day and s.last_day]
    incidents = [(s.base_key, s.first_day or "", s.last_day or "") for s in known if s.scope != "cumulative"]
    totals = [(s.base_key, s.first_day or "", s.last_day or "") for s in known if s.scope == "cumulative"]
    return [*claims_near(connection, incidents, "cumulative"), *claims_near(connection, totals)]


def finish(
    connection: Connection,
    group_claims: list[Claim],
    nearby: list[Claim],
    scopes: dict[str, Scope],
    dropped: list[str],
    touched: set[str],
    stored: dict[str, str],
) -> Plan:
    """Compare the touched groups, link what is related, and decide what to retire."""
    everything = [*group_claims, *nearby]
    published = published_dates(connection, {c.article_id for c in everything})
    outcome = reconcile(everything, published=published, groups=touched)
    found = {c.event_key for c in outcome.conflicts}
    work = ReconcileWrite(
        rules_version=RULES_VERSION,
        scopes=scopes,
        dropped=dropped,
        relations=outcome.relations,
        retired=sorted(key for key, event in stored.items() if event not in found),
    )
    back = retired_keys(connection, {c.key for c in outcome.conflicts})
    work.revived = [c for c in outcome.conflicts if c.key in back]
    return Plan(outcome.conflicts, work, touched, len(everything))
