"""Read documents from files and folders, quarantining what cannot be read as text.

A path that does not exist is a hard error (nothing to record); a file that exists but is
empty, binary, not UTF-8 or unreadable becomes a quarantined document with its reason,
so the operator sees it and nothing else in the batch is lost.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from factledger.core.models import Article, SourceDocument
from factledger.errors import SourceError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}


@dataclass(frozen=True)
class LoadedDocument:
    """A document and the bytes it was read from (None when they could not be read).

    `articles` are given when the source itself says where its reports are (an HTML page's
    metadata, a JSON Lines record); otherwise extraction segments the text.
    """

    document: SourceDocument
    raw: bytes | None
    articles: tuple[Article, ...] = ()


def unique_documents(loaded: Iterable[LoadedDocument]) -> list[LoadedDocument]:
    """One entry per document id, in first-seen order: two sources of the same bytes are one document."""
    return list({item.document.id: item for item in loaded}.values())


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named directly, plus the visible files under named folders, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise SourceError(str(path), "no such file or directory")
        found.extend(_files_under(path) if path.is_dir() else [path])
    return list(dict.fromkeys(found))


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden:
            yield path


def read_document(path: Path, fetched_at: str) -> LoadedDocument:
    """Read one file; never raises for a file that exists."""
    location = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"unreadable: {exc.strerror or exc}"
        return LoadedDocument(_quarantined(location, fetched_at, reason), None)
    media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    return LoadedDocument(decode_document(location, raw, media_type, fetched_at), raw)


def decode_document(location: str, raw: bytes, media_type: str, fetched_at: str) -> SourceDocument:
    """Decode bytes as UTF-8 text, or quarantine them with the reason they cannot be."""
    sha = hashlib.sha256(raw).hexdigest()
    reason = _unusable_reason(raw)
    text = "" if reason else raw.decode("utf-8")
    status = "quarantined" if reason else "ok"
    return SourceDocument(location, sha, media_type, len(raw), fetched_at, text, status, reason)


def _unusable_reason(raw: bytes) -> str | None:
    if not raw:
        return "empty file"
    if b"\x00" in raw:
        return "binary content (contains NUL bytes)"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    if not text.strip():
        return "no text (whitespace only)"
    return None


def _quarantined(location: str, fetched_at: str, reason: str) -> SourceDocument:
    # No bytes to hash: the id is the hash of what we know, so a re-run records it once.
    sha = hashlib.sha256(f"unreadable\0{location}\0{reason}".encode()).hexdigest()
    return SourceDocument(location, sha, "application/octet-stream", 0, fetched_at, "", "quarantined", reason)
