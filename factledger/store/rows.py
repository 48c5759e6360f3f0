"""Records to rows and back: the one place that knows how fields sit in columns.

Numbers come back as int when whole (a FLOAT column returns 15.0 for 15), JSON lists
come back as the tuples the frozen records hold, and timestamps come back aware (SQLite
drops the zone; everything is written in UTC).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import RowMapping

from factledger.core.models import (
    Activity,
    Article,
    Claim,
    Conflict,
    Number,
    Reconciled,
    SourceDocument,
    ValidationFailure,
)
from factledger.core.provenance import content_id, pack_ids, unpack_ids
from factledger.core.relations import Relation
from factledger.store.records import QueueEvent, QueueItem, RunInfo, RunRow

Row = RowMapping
R = TypeVar("R", Article, Claim, Relation)


def as_number(value: Number | None) -> Number | None:
    """Whole floats back to int, so stored figures read as they were written."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive time is taken to be UTC already.

    SQLite stores a timestamp's wall-clock digits without the zone, so every time is
    written in UTC and read back with UTC attached.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_utc_or_none(value: datetime | None) -> datetime | None:
    """`to_utc` for nullable columns."""
    return None if value is None else to_utc(value)


def field_values(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, shallow (nested values kept as they are)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def pick(row: Row, names: list[str]) -> dict[str, Any]:
    """The named columns of a row."""
    return {name: row[name] for name in names}


def document_row(document: SourceDocument, content: bytes | None) -> dict[str, Any]:
    """A documents row: the record's fields plus its raw bytes.

    A usable document whose bytes are exactly its text in UTF-8 (a plain text file) does not
    store them a second time: `content` is NULL and `document_bytes` encodes the text.
    """
    derivable = content is not None and document.status == "ok" and bytes_are_text(content, document.text)
    return {"id": document.id, **field_values(document), "content": None if derivable else content}


def bytes_are_text(content: bytes, text: str) -> bool:
    """Whether bytes are a text in UTF-8, so storing the text stores the bytes too."""
    return len(content) >= len(text) and content == text.encode("utf-8")


def document_bytes(row: Row) -> bytes | None:
    """A document's raw bytes from its row (`content`, `status` and `text`); None when it was
    quarantined unread."""
    if row["content"] is not None:
        return bytes(row["content"])
    return str(row["text"]).encode("utf-8") if row["status"] == "ok" else None


def to_document(row: Row) -> SourceDocument:
    """Rebuild a SourceDocument from its row."""
    return SourceDocument(**pick(row, [f.name for f in fields(SourceDocument)]))


def article_row(article: Article) -> dict[str, Any]:
    """An articles row; skip spans as a JSON list of pairs."""
    row = {"id": article.id, **field_values(article)}
    row["skip_spans"] = [list(span) for span in article.skip_spans]
    return row


def to_article(row: Row) -> Article:
    """Rebuild an Article from its row."""
    values = pick(row, [f.name for f in fields(Article)])
    values["skip_spans"] = tuple((int(a), int(b)) for a, b in row["skip_spans"])
    return Article(**values)


def claim_row(claim: Claim) -> dict[str, Any]:
    """A claims row; `quarantined_by` starts empty and is filled by quarantine requests."""
    row = {"id": claim.id, **field_values(claim), "quarantined_by": []}
    row["source_chain"] = list(claim.source_chain)
    return row


def to_claim(row: Row) -> Claim:
    """Rebuild a Claim from its row, status included."""
    values = pick(row, [f.name for f in fields(Claim)])
    values["source_chain"] = tuple(row["source_chain"])
    values["value_low"] = as_number(row["value_low"])
    values["value_high"] = as_number(row["value_high"])
    return Claim(**values)


def stored_claim(row: Row) -> Claim:
    """A Claim from its row, taking the stored id as its id instead of hashing it again.

    For the pipeline's own reads inside a run, so each claim is hashed once per run; `verify`
    and revalidation use `to_claim`, which re-derives the id and so notices an edited row.
    """
    return with_id(to_claim(row), row["id"])


def stored_article(row: Row) -> Article:
    """An Article from its row, its stored id taken as its id (see `stored_claim`)."""
    return with_id(to_article(row), row["id"])


def with_id(record: R, record_id: str) -> R:
    """A content-addressed record with its id already known (cached, as if hashed)."""
    record.__dict__["id"] = record_id
    return record


def failure_row(failure: ValidationFailure) -> dict[str, Any]:
    """A failures row."""
    return {"id": failure.id, **field_values(failure)}


def to_failure(row: Row) -> ValidationFailure:
    """Rebuild a ValidationFailure from its row."""
    return ValidationFailure(**pick(row, [f.name for f in fields(ValidationFailure)]))


def conflict_values(conflict: Conflict) -> dict[str, Any]:
    """The conflict's content columns (shared by `conflicts` and `conflict_versions`)."""
    values = field_values(conflict)
    reconciled = values.pop("reconciled")
    values["claim_ids"] = list(conflict.claim_ids)
    values["reasons"] = list(conflict.reasons)
    values["reconciled_low"] = reconciled.low
    values["reconciled_high"] = reconciled.high
    values["reconciled_headline"] = reconciled.headline
    values["independent_sources"] = reconciled.independent_sources
    values["event_id"] = conflict.event_key.split("|", 1)[0]
    values["disputes"] = [list(pair) for pair in conflict.disputes]
    values["support"] = [[figure, list(repeats)] for figure, repeats in conflict.support]
    return values


def to_conflict(row: Row) -> Conflict:
    """Rebuild a Conflict from a `conflicts` or `conflict_versions` row."""
    reconciled = Reconciled(
        low=as_number(row["reconciled_low"]),
        high=as_number(row["reconciled_high"]),
        headline=as_number(row["reconciled_headline"]),
        independent_sources=row["independent_sources"],
    )
    return Conflict(
        kind=row["kind"],
        severity=row["severity"],
        claim_ids=tuple(row["claim_ids"]),
        reasons=tuple(row["reasons"]),
        reconciled=reconciled,
        event_key=row["event_key"],
        priority=row["priority"],
        rules_version=row["rules_version"],
        explanation=row["explanation"],
        disputes=tuple((a, b) for a, b in row["disputes"]),
        support=tuple((figure, tuple(repeats)) for figure, repeats in row["support"]),
    )


def activity_row(activity: Activity) -> dict[str, Any]:
    """An activities row: its members packed (`core.provenance.pack_ids`), parents as JSON."""
    return {
        "id": activity.id,
        "step": activity.step,
        "code_version": activity.code_version,
        "rules_version": activity.rules_version,
        "parameters": activity.parameters,
        "parents": sorted(activity.parents),
        "inputs": pack_ids(activity.input_ids),
        "outputs": pack_ids(activity.output_ids),
    }


def to_activity(row: Row) -> Activity:
    """Rebuild an Activity from its row."""
    return Activity(
        step=row["step"],
        code_version=row["code_version"],
        rules_version=row["rules_version"],
        parameters=dict(row["parameters"]),
        input_ids=tuple(unpack_ids(row["inputs"])),
        output_ids=tuple(unpack_ids(row["outputs"])),
        parents=tuple(row["parents"]),
    )


def run_row(activity_id: str, activity_key: int, info: RunInfo) -> dict[str, Any]:
    """A runs row, keyed by the hash of the execution (its activity's content id, its times and
    who ran it) so a re-save is not a second run; `activity` is the activity's row key."""
    values = field_values(info)
    values["started_at"] = to_utc(info.started_at)
    values["finished_at"] = to_utc(info.finished_at)
    return {"id": run_id(activity_id, info), "activity": activity_key, **values}


def run_id(activity_id: str, info: RunInfo) -> str:
    """The content id of one execution of an activity."""
    identity = {"activity_id": activity_id, **field_values(info)}
    identity["started_at"] = to_utc(info.started_at).isoformat()
    identity["finished_at"] = to_utc(info.finished_at).isoformat()
    return content_id(identity)


def to_run_info(row: Row) -> RunInfo:
    """The execution record a runs row was made from (for re-deriving its id)."""
    values = pick(row, [f.name for f in fields(RunInfo)])
    values["started_at"] = to_utc(row["started_at"])
    values["finished_at"] = to_utc(row["finished_at"])
    return RunInfo(**values)


def to_run(row: Row, activity_id: str) -> RunRow:
    """Rebuild a RunRow from its row and its activity's content id."""
    values = pick(row, [f.name for f in fields(RunRow) if f.name != "activity_id"])
    values["started_at"] = to_utc(row["started_at"])
    values["finished_at"] = to_utc(row["finished_at"])
    return RunRow(**values, activity_id=activity_id)


def to_queue_item(row: Row) -> QueueItem:
    """Rebuild a QueueItem from its row."""
    values = pick(row, [f.name for f in fields(QueueItem)])
    values["lease_expires_at"] = to_utc_or_none(row["lease_expires_at"])
    values["created_at"] = to_utc(row["created_at"])
    values["updated_at"] = to_utc(row["updated_at"])
    return QueueItem(**values)


def to_queue_event(row: Row) -> QueueEvent:
    """Rebuild a QueueEvent from its row."""
    values = pick(row, [f.name for f in fields(QueueEvent)])
    values["at"] = to_utc(row["at"])
    return QueueEvent(**values)
