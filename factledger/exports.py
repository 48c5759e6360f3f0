"""Stored claims and conflicts as flat records: the public export formats.

The field names of `claim_record` and `conflict_record` are a public interface: keep them stable.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from factledger.core.models import Claim, Conflict
from factledger.core.relations import Relation

if TYPE_CHECKING:
    from factledger.store import Store

CLAIM_FIELDS = (
    "id",
    "document",
    "start",
    "end",
    "number_text",
    "quote",
    "value_low",
    "value_high",
    "qualifier",
    "category",
    "subject",
    "location",
    "place_settlement",
    "place_region",
    "place_country",
    "place_id",
    "date",
    "date_text",
    "time_start",
    "time_end",
    "source",
    "source_chain",
    "status",
)
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")
CONFLICT_FIELDS = (
    "id",
    "key",
    "kind",
    "severity",
    "explanation",
    "disputes",
    "support",
    "claim_ids",
    "reasons",
    "reconciled",
    "queue_state",
    "relations",
)


def claim_record(claim: Claim, document: str) -> dict[str, Any]:
    """One claim as the public record; `document` is the path or URL as ingested."""
    record = {name: getattr(claim, name, None) for name in CLAIM_FIELDS}
    record.update(id=claim.id, document=document, source_chain=list(claim.source_chain))
    return record


def conflict_record(
    conflict: Conflict, queue_state: str | None, relations: Sequence[Relation] = ()
) -> dict[str, Any]:
    """One conflict as the public record; `relations` are the links naming its claims."""
    return {
        "id": conflict.id,
        "key": conflict.key,
        "kind": conflict.kind,
        "severity": conflict.severity,
        "explanation": conflict.explanation,
        "disputes": [list(pair) for pair in conflict.disputes],
        "support": {figure: list(repeats) for figure, repeats in conflict.support},
        "claim_ids": list(conflict.claim_ids),
        "reasons": list(conflict.reasons),
        "reconciled": conflict.reconciled.content(),
        "queue_state": queue_state,
        "relations": [relation_record(r) for r in relations],
    }


def relation_record(relation: Relation) -> dict[str, Any]:
    """One update or related link: kind, reason, and the two claims it joins."""
    return {"id": relation.id, **relation.content()}


def claim_records(store: Store) -> list[dict[str, Any]]:
    locations = {d.id: d.location for d in store.documents()}
    claims = sorted(store.claims(), key=lambda c: (locations.get(c.document_id, ""), c.start))
    return [claim_record(c, locations.get(c.document_id, c.document_id)) for c in claims]


def conflict_records(store: Store) -> list[dict[str, Any]]:
    states = {item.key: item.state for item in store.queue_items()}
    conflicts = sorted(store.conflicts(), key=lambda c: -c.priority)
    links = store.relations({i for c in conflicts for i in c.claim_ids})
    return [conflict_record(c, states.get(c.key), naming(links, c.claim_ids)) for c in conflicts]


def naming(relations: Sequence[Relation], claim_ids: Sequence[str]) -> list[Relation]:
    """The relations that name any of these claims."""
    wanted = set(claim_ids)
    return [r for r in relations if r.from_claim in wanted or r.to_claim in wanted]


def to_jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """Records as CSV, every text cell safe to open in a spreadsheet (see `neutralise`)."""
    out = io.StringIO()
    # RFC 4180 line ends: with CR in the terminator, a cell holding a lone CR is quoted too.
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(record.get(k)) for k in fields})
    return out.getvalue()


def _cell(value: Any) -> Any:
    # Lists and dicts keep their structure as JSON inside one CSV cell.
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return neutralise(value) if isinstance(value, str) else value


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection guidance).

    A cell starting with =, +, -, @, a tab or a carriage return gets a leading single quote,
    which spreadsheets read as "this is text"; numbers are written as numbers and left alone.
    """
    return f"'{cell}" if cell.startswith(FORMULA_LEADERS) else cell
