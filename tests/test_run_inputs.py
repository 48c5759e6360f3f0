"""`factledger run INPUT ...`: files, folders, JSON Lines records and web pages in one command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from factledger.cli import main
from factledger.pipeline import open_store
from factledger.sources.catalog import SourceList, classify_inputs
from factledger.store.fetches import fetch_log
from tests.seeds import copy_seeds
from tests.sources.site import Site, serve_site

RECORDS = [
    {
        "url": "https://wire.example/2016/10/28/shelling",
        "outlet": "Wire",
        "published": "2016-10-28",
        "title": "Shelling toll rises",
        "text": "At least 12 civilians were killed in the shelling of a market on Friday, rescuers said.",
    },
    {
        "url": "https://wire.example/2016/10/29/convoy",
        "outlet": "Wire",
        "title": "Convoy reaches town",
        "text": "A convoy of 30 trucks reached the town on Saturday, the aid agency said.",
    },
]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def write_corpus(path: Path, records: list[dict[str, str]] = RECORDS) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def locations(url: str) -> set[str]:
    return {d.location for d in open_store(url).documents()}


def test_run_stores_seeds_one_document_per_record_and_a_page_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    with serve_site(Site()) as site:
        page = site.url("/news/aleppo-monitor")
        args = ("run", "--engine", "bare", "--db", url, str(seeds), str(corpus), page)
        code, out = invoke(*args)
        assert code == 0, out
        seed_files = {str(p) for p in seeds.iterdir()}
        assert locations(url) == seed_files | {r["url"] for r in RECORDS} | {page}
        claimed = {c.document_id for c in open_store(url).claims()}
        assert {d.id for d in open_store(url).documents()} == claimed
        counts = open_store(url).counts()
        code, out = invoke(*args)
    assert code == 0, out
    assert "(0 new, 0 quarantined)" in out
    after = open_store(url).counts()
    # Only the fetch log grows: it records every request, here a 304 for the page held already.
    assert {**after, "fetches": 0} == {**counts, "fetches": 0}
    assert [row.outcome for row in fetch_log(open_store(url))] == ["fetched", "not_modified"]


def test_run_reads_a_jsonl_file_found_in_a_folder_as_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_corpus(folder / "corpus.jsonl")
    (folder / "note.txt").write_text("Five people were injured in the blast, police said.", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'f.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, str(folder))
    assert code == 0, out
    assert locations(url) == {r["url"] for r in RECORDS} | {str(folder / "note.txt")}


def test_run_reads_a_sources_file_as_well(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"jsonl: [{corpus}]\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 's.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, "--sources", str(sources))
    assert code == 0, out
    assert locations(url) == {r["url"] for r in RECORDS}


def test_run_refuses_a_bad_sources_file_on_one_line(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("feeds: not-a-list\n", encoding="utf-8")
    code, out = invoke(
        "run", "--engine", "bare", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--sources", str(sources)
    )
    assert code == 1
    assert out.strip().splitlines() == [f"Error: {sources}: feeds must be a list of strings"]


def test_classify_inputs_sorts_pages_records_and_paths(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "a.jsonl")
    assert classify_inputs(
        [str(tmp_path), str(corpus), "https://x.example/a", "http://y.example/b"]
    ) == SourceList(
        urls=("https://x.example/a", "http://y.example/b"), paths=(str(tmp_path),), jsonl=(str(corpus),)
    )


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_run_refuses_a_fifo_or_a_device_on_one_line_without_reading_it(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.txt"
        os.mkfifo(target)
        what = "a FIFO"
    else:
        target, what = Path("/dev/zero"), "a character device"
    code, out = invoke("run", "--engine", "bare", "--db", f"sqlite:///{tmp_path / 'x.db'}", str(target))
    assert code == 1
    assert out.strip().splitlines() == [
        f"Error: {target}: not a regular file or folder ({what}); only files are read"
    ]


def test_an_article_of_6250_tolls_about_one_event_is_quarantined_by_the_figures_cap(tmp_path: Path) -> None:
    tolls = " ".join(
        f"Monitor {n} said {n + 3} people were killed in Townville on 1 May." for n in range(6250)
    )
    hostile = tmp_path / "one-event.txt"
    hostile.write_text(f"Townville toll\n{tolls}\n", encoding="utf-8")
    plain = write_corpus(tmp_path / "corpus.jsonl")
    url = f"sqlite:///{tmp_path / 'capped.db'}"
    code, out = invoke("run", "--engine", "bare", "--db", url, str(hostile), str(plain))
    assert code == 3, out  # something was quarantined; the rest is stored
    reason = "an article with 18,750 numbers (over FACTLEDGER_MAX_FIGURES=2000)"
    assert f"quarantined {hostile}: {reason}" in out
    found = {d.location: (d.status, d.reason) for d in open_store(url).documents()}
    assert found[str(hostile)] == ("quarantined", reason)
    assert {found[r["url"]][0] for r in RECORDS} == {"ok"}
