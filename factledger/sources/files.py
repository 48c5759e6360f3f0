"""Read documents from files and folders, quarantining what cannot be read as text.

A path that does not exist, or names something other than a regular file or a folder (a
FIFO, a device such as /dev/zero), is a hard error (nothing to record, and reading it could
hang or never end); a file that exists but is empty, binary, too large, not text in UTF-8
(or UTF-16/UTF-32 with a byte order mark) or unreadable becomes a quarantined document with
its reason, so the operator sees it and nothing else in the batch is lost. Only regular
files are ever opened, and never more than the size cap is read.
"""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from factledger.core.models import Article, SourceDocument
from factledger.errors import SourceError
from factledger.settings import DEFAULT_MAX_DOCUMENT_BYTES

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}
RECORD_SUFFIXES = (".jsonl",)
# Byte order marks, the longest first: UTF-32's little-endian mark begins with UTF-16's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


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


def is_records_file(path: Path) -> bool:
    """A JSON Lines file: read as one document per record, not as one text."""
    return path.suffix.lower() in RECORD_SUFFIXES


def check_input_path(path: Path) -> Path:
    """A path named as input, refused on one line unless it is a regular file or a folder."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SourceError(str(path), "no such file or directory") from None
    except OSError as error:
        raise SourceError(str(path), f"unreadable: {error.strerror or error}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise SourceError(str(path), f"not a regular file or folder ({_kind(mode)}); only files are read")
    return path


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named directly, plus the visible regular files under named folders, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        check_input_path(path)
        found.extend(_files_under(path) if path.is_dir() else [path])
    return list(dict.fromkeys(found))


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden:  # is_file: regular files only, never a FIFO or a device
            yield path


def read_document(path: Path, fetched_at: str, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> LoadedDocument:
    """Read one file; never raises for a file that exists, never opens anything but a regular file."""
    location = str(path)
    try:
        raw = read_regular_file(path, max_bytes)
    except OSError as exc:
        reason = f"unreadable: {exc.strerror or exc}"
        return LoadedDocument(_quarantined(location, fetched_at, reason), None)
    except SourceError as error:
        return LoadedDocument(_quarantined(location, fetched_at, error.reason), None)
    media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    return LoadedDocument(decode_document(location, raw, media_type, fetched_at), raw)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; SourceError for anything else.

    Opened without blocking and checked on the open descriptor, so a FIFO swapped in for the
    file cannot hang the run, and at most one byte past the cap is read from a growing file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(mode):
            raise SourceError(str(path), f"not a regular file ({_kind(mode)})")
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise SourceError(str(path), too_large_reason(max_bytes))
    return raw


def too_large_reason(max_bytes: int) -> str:
    return f"too large: over {max_bytes:,} bytes (FACTLEDGER_MAX_DOCUMENT_BYTES)"


def decode_document(location: str, raw: bytes, media_type: str, fetched_at: str) -> SourceDocument:
    """Decode bytes as text (UTF-8, or UTF-16/32 with a byte order mark), or quarantine them with why not."""
    sha = hashlib.sha256(raw).hexdigest()
    text, reason = decode_text(raw)
    status = "quarantined" if reason else "ok"
    return SourceDocument(location, sha, media_type, len(raw), fetched_at, text, status, reason)


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """The text of the bytes, or "" and the reason they are not usable text."""
    if not raw:
        return "", "empty file"
    bom, encoding, name = next((mark for mark in BOMS if raw.startswith(mark[0])), (b"", "utf-8", "UTF-8"))
    if not bom and b"\x00" in raw:
        return "", "binary content (contains NUL bytes)"
    try:
        text = raw[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        return "", f"not valid {name} (byte {exc.start + len(bom)})"
    if "\x00" in text:
        return "", f"binary content (NUL characters in {name} text)"
    if not text.strip():
        return "", "no text (whitespace only)"
    return text, None


def _quarantined(location: str, fetched_at: str, reason: str) -> SourceDocument:
    # No bytes to hash: the id is the hash of what we know, so a re-run records it once.
    sha = hashlib.sha256(f"unreadable\0{location}\0{reason}".encode()).hexdigest()
    return SourceDocument(location, sha, "application/octet-stream", 0, fetched_at, "", "quarantined", reason)
