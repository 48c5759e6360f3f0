"""JSON Lines corpora: one article per line, with `url`, `outlet`, `published`, `title`, `text`.

Each record becomes its own document. The document's bytes are the record's line (so its
sha256 names exactly what arrived) and its text is the record's `text` field, so claim
offsets are offsets into `text`. A line that is not a usable record (not JSON, nested
beyond reason, a field that is not a string, text that cannot be stored: a lone surrogate
or a NUL character, or a line over the size cap) is quarantined with its line number and
reason, and the rest of the file still goes in. Lines are streamed: a file of any length
is read one record at a time, and no line is held beyond the cap.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from factledger.core.models import Article, SourceDocument
from factledger.errors import SourceError
from factledger.settings import DEFAULT_MAX_DOCUMENT_BYTES
from factledger.sources.dates import read_published
from factledger.sources.files import LoadedDocument, too_large_reason

JSONL_RULES = "jsonl-1"
MEDIA_TYPE = "application/jsonl"
FIELDS = ("url", "outlet", "published", "title", "text")
CHUNK = 1 << 16


def read_jsonl(
    path: Path, fetched_at: str, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
) -> list[LoadedDocument]:
    """Every non-blank line of a JSON Lines file as a document with one article."""
    return list(iter_jsonl(path, fetched_at, max_bytes))


def iter_jsonl(
    path: Path, fetched_at: str, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
) -> Iterator[LoadedDocument]:
    """The file's records one at a time; a file that cannot be opened is one quarantined document."""
    try:
        handle = open_regular(path)
    except (OSError, SourceError) as error:
        reason = error.reason if isinstance(error, SourceError) else f"unreadable: {error.strerror or error}"
        yield LoadedDocument(unreadable(str(path), fetched_at, reason), None)
        return
    with handle:
        for number, line in enumerate(lines(handle, max_bytes), start=1):
            position = f"{path}#L{number}"
            if line is None:
                yield LoadedDocument(unreadable(position, fetched_at, too_large_reason(max_bytes)), None)
            elif line.strip():
                yield read_record(line, position, fetched_at)


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading; never blocks on a FIFO, never opens a device."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise SourceError(str(path), "not a regular file")
    return os.fdopen(fd, "rb")


def lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Each line without its end; None for a line over `max_bytes`, whose rest is skipped unread."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line.rstrip(b"\r\n")


def unreadable(location: str, fetched_at: str, reason: str) -> SourceDocument:
    # No bytes kept: the id is the hash of what we know, so a re-run records it once.
    sha = hashlib.sha256(f"unreadable\0{location}\0{reason}".encode()).hexdigest()
    return SourceDocument(location, sha, MEDIA_TYPE, 0, fetched_at, "", "quarantined", reason)


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
        read_published(record.get("published")),
        segmenter_version=JSONL_RULES,
    )
    return LoadedDocument(document, line, (article,))


def parse_record(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The record, or None and why it cannot be used."""
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"not a JSON record: {error}"
    except RecursionError:
        return None, "not a JSON record: nested too deeply"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return None, "no text field"
    bad = [name for name in FIELDS if record.get(name) is not None and not isinstance(record[name], str)]
    if bad:
        return None, f"fields must be strings: {', '.join(bad)}"
    unstorable = [f"{name} ({why})" for name in FIELDS if (why := unstorable_reason(record.get(name)))]
    if unstorable:
        return None, f"text that cannot be stored in {', '.join(unstorable)}"
    return record, None


def unstorable_reason(value: str | None) -> str | None:
    """Why a string cannot be stored as text: a NUL character (PostgreSQL refuses it) or a lone surrogate."""
    if not value:
        return None
    if "\x00" in value:
        return "a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"a lone surrogate at character {error.start}"
    return None
