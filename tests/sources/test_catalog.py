from __future__ import annotations

from pathlib import Path

import pytest

from factledger.errors import ConfigError
from factledger.sources.catalog import SourceList, load_sources


def test_load_sources_reads_every_list_once(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "feeds: [https://a.example/rss.xml]\n"
        "urls: [https://a.example/1, https://a.example/1, http://b.example/2]\n"
        "paths: [seeds]\n"
    )
    assert load_sources(path) == SourceList(
        feeds=("https://a.example/rss.xml",),
        urls=("https://a.example/1", "http://b.example/2"),
        paths=("seeds",),
        jsonl=(),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds: https://a.example/rss.xml\n", "feeds must be a list of strings"),
        ("urls: [ftp://a.example/x]\n", "not an http(s) URL: ftp://a.example/x"),
        ("pages: [x]\n", "unknown keys pages"),
        ("- a\n- b\n", "sources must be a mapping of feeds, urls, paths, jsonl"),
    ],
)
def test_load_sources_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_sources(path)
    assert str(raised.value) == f"{path}: {message}"


def test_load_sources_reads_the_shipped_example() -> None:
    shipped = load_sources(Path(__file__).resolve().parents[2] / "deployments" / "sources.yaml")
    assert shipped.paths == ("seeds",)
