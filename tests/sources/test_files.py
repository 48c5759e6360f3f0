from __future__ import annotations

from pathlib import Path

import pytest

from factledger.errors import SourceError
from factledger.sources.files import decode_document, expand_paths, read_document

NOW = "2016-11-04T00:00:00+00:00"


def test_read_document_keeps_bytes_hash_and_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("At least 15 killed – SOHR\n".encode())
    loaded = read_document(path, NOW)
    assert loaded.raw == "At least 15 killed – SOHR\n".encode()
    assert loaded.document.status == "ok"
    assert loaded.document.text == "At least 15 killed – SOHR\n"
    assert loaded.document.id == "sha256:" + __import__("hashlib").sha256(loaded.raw).hexdigest()
    assert loaded.document.size == 28
    assert loaded.document.media_type == "text/plain"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content (contains NUL bytes)"),
        (b"caf\xe9 killed 3", "not valid UTF-8 (byte 3)"),
        (b" \n\t\n", "no text (whitespace only)"),
    ],
)
def test_decode_document_quarantines_unusable_bytes(raw: bytes, reason: str) -> None:
    doc = decode_document("x.txt", raw, "text/plain", NOW)
    assert (doc.status, doc.reason, doc.text) == ("quarantined", reason, "")


def test_read_document_quarantines_an_unreadable_path(tmp_path: Path) -> None:
    # A directory named like a file cannot be read as bytes, even by root.
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    loaded = read_document(folder, NOW)
    assert loaded.raw is None
    assert loaded.document.status == "quarantined"
    assert loaded.document.reason == "unreadable: Is a directory"


def test_expand_paths_lists_folders_in_order_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    assert expand_paths([tmp_path]) == [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "sub" / "c.txt"]


def test_expand_paths_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nope.txt: no such file or directory"):
        expand_paths([tmp_path / "nope.txt"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_file_with_a_utf16_or_utf32_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = "At least 15 killed – SOHR\n"
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + text.encode(encoding))
    loaded = read_document(path, NOW)
    assert (loaded.document.status, loaded.document.reason, loaded.document.text) == ("ok", None, text)


def test_a_broken_utf16_file_is_quarantined_as_utf16_not_as_binary() -> None:
    doc = decode_document("x.txt", b"\xff\xfeA", "text/plain", NOW)
    assert (doc.status, doc.reason) == ("quarantined", "not valid UTF-16 (byte 2)")


def test_a_file_over_the_size_cap_is_quarantined_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    loaded = read_document(path, NOW, max_bytes=1000)
    assert (loaded.raw, loaded.document.status, loaded.document.reason) == (
        None,
        "quarantined",
        "too large: over 1,000 bytes (FACTLEDGER_MAX_DOCUMENT_BYTES)",
    )
    assert read_document(path, NOW, max_bytes=1001).document.status == "ok"


def test_expand_paths_skips_a_fifo_inside_a_folder_and_refuses_one_named(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.txt").write_text("a")
    os.mkfifo(tmp_path / "pipe.txt")
    assert expand_paths([tmp_path]) == [tmp_path / "a.txt"]
    with pytest.raises(SourceError, match=r"pipe.txt: not a regular file or folder \(a FIFO\)"):
        expand_paths([tmp_path / "pipe.txt"])
