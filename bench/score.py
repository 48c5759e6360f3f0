"""Score stored conflicts against a synthetic corpus's manifest: recall and false flags."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from factledger.store import Store


@dataclass(frozen=True)
class ConflictScore:
    expected: int  # events a reviewer must see
    found: int  # of those, flagged with both reports' killed figures in one conflict
    false_flags: int  # conflicts touching an event that must not be flagged, or spanning events
    conflicts: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def score_conflicts(store: Store, manifest: Path) -> ConflictScore:
    """Compare the store's conflicts with the plans written by bench/corpus.py."""
    plans = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    event_of = {name: row["event_id"] for row in plans for name in row["articles"]}
    flagged_plan = {row["event_id"]: row["expected_flag"] for row in plans}
    documents = {d.id: Path(d.location).name for d in store.documents()}
    claims = {c.id: c for c in store.claims()}
    found: set[int] = set()
    false_flags = 0
    conflicts = store.conflicts()
    for conflict in conflicts:
        involved = [claims[i] for i in conflict.claim_ids]
        events = {event_of.get(documents[c.document_id]) for c in involved}
        if len(events) != 1 or not flagged_plan.get(next(iter(events)), False):
            false_flags += 1
            continue
        killed_docs = {c.document_id for c in involved if c.category == "killed"}
        if len(killed_docs) == 2:
            found.add(next(iter(events)))  # type: ignore[arg-type]
    expected = sum(1 for flag in flagged_plan.values() if flag)
    return ConflictScore(expected, len(found), false_flags, len(conflicts))
