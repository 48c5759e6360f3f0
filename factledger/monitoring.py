"""What a run shows an operator in the Prefect UI: rows for the artifact tables, event payloads.

Plain data only; `tasks/monitor.py` publishes it. Each new conflict links to its page in
the review web app (`<review url>/items/<conflict key>`) and becomes one
`factledger.conflict.flagged` event whose resource labels (event, category, severity) let
an automation pick what to notify about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factledger.core.models import Claim, Conflict, ValidationFailure

CONFLICT_EVENT = "factledger.conflict.flagged"


@dataclass(frozen=True)
class ConflictEvent:
    """One Prefect event: its name, resource (with labels) and payload."""

    event: str
    resource: dict[str, str]
    payload: dict[str, Any]


def data_docs_link(review_url: str, run_folder: Path) -> str:
    """The review app's page of one run's Data Docs (`<review url>/data-docs/<run folder>/`)."""
    return f"{review_url.rstrip('/')}/data-docs/{quote(run_folder.name)}/"


def review_link(review_url: str, conflict: Conflict) -> str:
    """The review page of a conflict's queue item (the item key is the conflict key)."""
    return f"{review_url.rstrip('/')}/items/{conflict.key}"


def conflict_category(conflict: Conflict, claims_by_id: dict[str, Claim]) -> str:
    """The category the conflicting figures count (they share one, by the reconciliation rules)."""
    categories = sorted({claims_by_id[i].category for i in conflict.claim_ids if i in claims_by_id})
    return "+".join(categories) or "unknown"


def conflict_rows(
    conflicts: Sequence[Conflict], claims_by_id: dict[str, Claim], review_url: str
) -> list[dict[str, Any]]:
    """One table row per conflict, highest priority first, with the link to review it."""
    rows = []
    for conflict in sorted(conflicts, key=lambda c: (-c.priority, c.key)):
        figures = [claims_by_id[i] for i in conflict.claim_ids if i in claims_by_id]
        rows.append(
            {
                "severity": conflict.severity,
                "kind": conflict.kind,
                "category": conflict_category(conflict, claims_by_id),
                "figures": "; ".join(f"{c.number_text} ({c.source or 'unattributed'})" for c in figures),
                "reasons": ", ".join(conflict.reasons),
                "review": review_link(review_url, conflict),
            }
        )
    return rows


def failure_rows(failures: Sequence[ValidationFailure]) -> list[dict[str, Any]]:
    """One table row per quality failure, critical ones first."""
    order = {"critical": 0, "warning": 1, "info": 2}
    ranked = sorted(failures, key=lambda f: (order.get(f.severity, 3), f.suite, f.expectation_id, f.row_id))
    return [
        {
            "severity": f.severity,
            "suite": f.suite,
            "expectation": f.expectation_id,
            "table": f.table,
            "row": f.row_id,
            "details": f.details,
        }
        for f in ranked
    ]


def conflict_event(conflict: Conflict, claims_by_id: dict[str, Claim], review_url: str) -> ConflictEvent:
    """The event announcing one new conflict, labelled for automations."""
    resource = {
        "prefect.resource.id": f"factledger.conflict.{conflict.key}",
        "prefect.resource.name": conflict.event_key,
        "factledger.event": conflict.event_key,
        "factledger.category": conflict_category(conflict, claims_by_id),
        "factledger.severity": conflict.severity,
        "factledger.kind": conflict.kind,
    }
    payload = {
        "conflict_id": conflict.id,
        "claim_ids": sorted(conflict.claim_ids),
        "reasons": list(conflict.reasons),
        "priority": conflict.priority,
        "review_url": review_link(review_url, conflict),
    }
    return ConflictEvent(CONFLICT_EVENT, resource, payload)
