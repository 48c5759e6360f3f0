"""Incremental reconciliation: link only new articles, recompute only the events they touch.

A run's new claims (sound, not revised, with no scope row under the current rules) name
their articles; those are framed (`core.eventframes`) and compared with the stored articles of
their blocks (a place and a week). The events they join, with every article of those
events, are resolved again, so merged events are whole; claims since quarantined or
revised leave their events, which are recomputed too. The outcome is the same as
reconciling every stored claim at once: a link between two articles depends on their
frames alone, and each link is looked for when its newer article arrives. A change of the
rules version reframes and rekeys everything, which is a full recompute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Connection, select

from factledger.core.eventframes import ArticleFrame, frame_article, frame_from_claims
from factledger.core.events import Events, resolve_events, search_blocks
from factledger.core.models import Claim, Conflict
from factledger.core.reconcile import RULES_VERSION, reconcile
from factledger.core.scopes import Scope, claim_scope
from factledger.provenance.revisions import superseded_claim_ids
from factledger.store.reconciliation import (
    ReconcileWrite,
    all_conflict_keys,
    article_texts,
    articles_in_blocks,
    articles_in_events,
    claims_near,
    conflicts_of_events,
    retired_keys,
    scoped_but_unsound,
    sound_claims,
    sound_claims_of,
    stored_frames,
    unscoped_claims,
)
from factledger.store.tables import claim_scopes


@dataclass
class Plan:
    """What one reconcile run found and will write."""

    conflicts: list[Conflict]  # of the recomputed events, most urgent first
    work: ReconcileWrite
    touched: set[str]  # the event ids recomputed
    claims_read: int  # claims loaded to recompute them


def plan_reconciliation(connection: Connection, full: bool = False) -> Plan:
    """Reconcile the events touched since the last run (every event when `full`).

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
    """Frame, link and compare every sound claim; retire every stored conflict not found again."""
    sound = [c for c in sound_claims(connection) if c.id not in revised]
    frames = frame_articles(connection, _by_article(sound))
    events = resolve_events(frames.values())
    dropped = list(connection.execute(select(claim_scopes.c.claim_id)).scalars())
    stored = all_conflict_keys(connection)
    touched = set(events.event_of.values()) | {key.split("|", 1)[0] for key in stored.values()}
    return finish(connection, sound, [], frames, events, dropped, touched, stored)


def plan_touched(connection: Connection, revised: Collection[str]) -> Plan:
    """Frame the new claims' articles, link them, and recompute the events they touch."""
    new = [c for c in unscoped_claims(connection, RULES_VERSION) if c.id not in revised]
    leaving = scoped_but_unsound(connection, revised)
    new_articles = {c.article_id for c in new}
    fresh = frame_articles(connection, _by_article(_sound_of(connection, new_articles, revised)))
    before = stored_frames(connection, new_articles)
    neighbours = articles_in_blocks(connection, {b for f in fresh.values() for b in search_blocks(f)})
    old_events = {event for _, event in before.values()} | set(leaving.values())
    linked_events = {event for _, event in stored_frames(connection, neighbours).values()}
    members = articles_in_events(connection, old_events | linked_events) - new_articles
    frames = {a: frame for a, (frame, _) in stored_frames(connection, members).items()} | fresh
    events = resolve_events(frames.values())
    group = [c for c in _sound_of(connection, set(frames), revised) if c.id not in leaving]
    nearby = [c for c in nearby_claims(connection, (claim_scope(c) for c in new)) if c.id not in leaving]
    # The stored events linked to the new articles are recomputed whole, and those a new
    # article merges into an earlier one's event give up their conflicts to it: touched too.
    touched = set(events.event_of.values()) | old_events | linked_events
    stored = conflicts_of_events(connection, touched)
    return finish(connection, group, nearby, frames, events, list(leaving), touched, stored)


def _sound_of(connection: Connection, article_ids: set[str], revised: Collection[str]) -> list[Claim]:
    return [c for c in sound_claims_of(connection, article_ids) if c.id not in revised]


def _by_article(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    found: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        found[claim.article_id].append(claim)
    return found


def frame_articles(
    connection: Connection, claims_by_article: Mapping[str, list[Claim]]
) -> dict[str, ArticleFrame]:
    """The frame of each article from its stored text and its sound claims."""
    texts = article_texts(connection, claims_by_article.keys())
    frames: dict[str, ArticleFrame] = {}
    for article_id, its_claims in claims_by_article.items():
        if article_id not in texts:
            frames[article_id] = frame_from_claims(article_id, its_claims)
            continue
        article, text = texts[article_id]
        frames[article_id] = frame_article(
            article_id, article.published, article.outlet, article.title, text, its_claims
        )
    return frames


def nearby_claims(connection: Connection, scopes: Iterable[Scope]) -> list[Claim]:
    """Stored figures a new claim may be linked with as related, outside its own event.

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
    frames: dict[str, ArticleFrame],
    events: Events,
    dropped: list[str],
    touched: set[str],
    stored: dict[str, str],
) -> Plan:
    """Compare the touched events, link what is related, and decide what to retire."""
    everything = [*group_claims, *nearby]
    outcome = reconcile(everything, frames=frames, events=events, groups=set(events.event_of.values()))
    found = {c.event_key for c in outcome.conflicts}
    work = ReconcileWrite(
        rules_version=RULES_VERSION,
        scopes=_scopes(group_claims, events),
        dropped=dropped,
        relations=outcome.relations,
        retired=sorted(key for key, event in stored.items() if event not in found),
        frames={a: (frame, events.event_of.get(a, a)) for a, frame in frames.items()},
    )
    back = retired_keys(connection, {c.key for c in outcome.conflicts})
    work.revived = [c for c in outcome.conflicts if c.key in back]
    return Plan(outcome.conflicts, work, touched, len(everything))


def _scopes(claims: list[Claim], events: Events) -> dict[str, Scope]:
    """Each claim's scope row, keyed by its article's event."""
    return {
        c.id: replace(claim_scope(c), event_key=events.event_of.get(c.article_id, c.article_id))
        for c in claims
    }
