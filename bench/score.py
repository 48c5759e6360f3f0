"""Score stored conflicts against a synthetic corpus's manifest: recall and false flags.

A dispute is an (event, category) that `bench/corpus.py` planned to be flagged. It is found
when one stored conflict of that category holds figures of at least two of the event's
sources. A conflict is a false flag when its figures come from more than one event (or from
articles the manifest does not know), or from an event and category not planned as disputed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from factledger.store import Store


@dataclass(frozen=True)
class ConflictScore:
    expected: int  # disputes a reviewer must see
    found: int  # of those, flagged with figures of two of the event's sources in one conflict
    false_flags: int  # conflicts touching no planned dispute, or spanning events
    conflicts: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def score_conflicts(store: Store, manifest: Path) -> ConflictScore:
    """Compare the store's conflicts with the plans written by bench/corpus.py."""
    plans = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    origin = {
        name: (row["event_id"], story["source"])
        for row in plans
        for story in row["stories"]
        for name in story["articles"]
    }
    disputed = {(row["event_id"], category) for row in plans for category in row["disputed"]}
    documents = {d.id: Path(d.location).name for d in store.documents()}
    claims = {c.id: c for c in store.claims()}
    found: set[tuple[int, str]] = set()
    false_flags = 0
    conflicts = store.conflicts()
    for conflict in conflicts:
        involved = [claims[i] for i in conflict.claim_ids]
        sources = {origin.get(documents[c.document_id]) for c in involved}
        events = {source[0] if source else None for source in sources}
        categories = {c.category for c in involved}
        event, category = next(iter(events)), next(iter(categories))
        if len(events) != 1 or len(categories) != 1 or (event, category) not in disputed:
            false_flags += 1
        elif len(sources) >= 2:
            found.add((event, category))  # type: ignore[arg-type]
    return ConflictScore(len(disputed), len(found), false_flags, len(conflicts))
