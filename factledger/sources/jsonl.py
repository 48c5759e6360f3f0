"""JSON Lines corpora: one article per line, with `url`, `outlet`, `published`, `title`, `text`.

Each record becomes its own document. The document's bytes are the record's line (so its
sha256 names exactly what arrived) and its text is the record's `text` field, so claim
offsets are offsets into `text`. A line that is not a usable record is quarantined with
its line number, and the rest of the file still goes in.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from factledger.core.models import Article, SourceDocument
from factledger.sources.files import LoadedDocument

JSONL_RULES = "jsonl-1"
MEDIA_TYPE = "application/jsonl"
FIELDS = ("url", "outlet", "published", "title", "text")


def read_jsonl(path: Path, fetched_at: str) -> list[LoadedDocument]:
    """Every non-blank line of a JSON Lines file as a document with one article."""
    loaded = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if line.strip():
            loaded.append(read_record(line, f"{path}#L{number}", fetched_at))
    return loaded


def read_record(line: bytes, position: str, fetched_at: str) -> LoadedDocument:
    """One line as a document: ok with its article, or quarantined with the reason."""
    sha = hashlib.sha256(line).hexdigest()
    record, reason = parse_record(line)
    if record is None:
        document = SourceDocument(position, sha, MEDIA_TYPE, len(line), fetched_at, "", "quarantined", reason)
        return LoadedDocument(document, line)
    location = record.get("url") or position
    text = record["text"]
    document = SourceDocument(location, sha, MEDIA_TYPE, len(line), fetched_at, text)
    article = Article(
        document.id,
        0,
        len(text),
        record.get("title"),
        record.get("outlet"),
        None,
        record.get("published"),
        segmenter_version=JSONL_RULES,
    )
    return LoadedDocument(document, line, (article,))


def parse_record(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The record, or None and why it cannot be used."""
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"not a JSON record: {error}"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return None, "no text field"
    bad = [name for name in FIELDS if record.get(name) is not None and not isinstance(record[name], str)]
    if bad:
        return None, f"fields must be strings: {', '.join(bad)}"
    return record, None
