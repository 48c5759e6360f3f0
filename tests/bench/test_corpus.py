"""The benchmark corpus looks like news as it comes, is the same for a seed, and knows its disputes."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from bench.corpus import FLAGGED, MAX_BYTES, MIN_BYTES, generate, write_corpus
from bench.score import score_conflicts
from factledger.pipeline import run_pipeline
from factledger.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(600, out, seed=3)
    return out


def manifest(corpus: Path) -> list[dict[str, object]]:
    lines = (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def stories(corpus: Path) -> list[dict[str, object]]:
    return [s for row in manifest(corpus) for s in row["stories"]]  # type: ignore[attr-defined]


def test_corpus_is_the_same_for_a_seed_and_differs_for_another() -> None:
    def texts(seed: int) -> list[tuple[str, str]]:
        return [article for written in generate(120, seed) for article in written.articles]

    assert texts(5) == texts(5)
    assert texts(5) != texts(6)
    assert len(texts(5)) == 120


def test_articles_are_news_sized_with_several_paragraphs_and_a_footer(corpus: Path) -> None:
    paths = sorted((corpus / "articles").glob("*.txt"))
    assert len(paths) == 600
    sizes = [path.stat().st_size for path in paths]
    assert min(sizes) >= MIN_BYTES and max(sizes) <= MAX_BYTES
    assert 2500 < sum(sizes) / len(sizes) < 4500
    text = paths[0].read_text(encoding="utf-8")
    assert text.count("\n\n") >= 6
    assert re.search(r"^By .+, .+, [A-Z][a-z]{2} \d{1,2}, \d{4}$", text, re.MULTILINE)
    assert "Contact Us" in text or "Translate »" in text


def test_every_article_carries_one_story_and_wire_stories_travel_far(corpus: Path) -> None:
    listed = [name for story in stories(corpus) for name in story["articles"]]  # type: ignore[attr-defined]
    assert sorted(listed) == sorted(p.name for p in (corpus / "articles").glob("*.txt"))
    copies = [len(story["articles"]) for story in stories(corpus)]  # type: ignore[arg-type]
    assert min(copies) >= 1 and max(copies) <= 50
    assert any(n >= 10 for n in copies)


def test_copies_are_edited_but_keep_the_figures(corpus: Path) -> None:
    story = max(stories(corpus), key=lambda s: len(s["articles"]))  # type: ignore[arg-type]
    texts = [(corpus / "articles" / name).read_text(encoding="utf-8") for name in story["articles"]]  # type: ignore[attr-defined]
    assert len(set(texts)) == len(texts)  # no two copies are the same bytes
    assert len({text.splitlines()[0] for text in texts}) > 1  # headlines rewritten
    for figure in story["figures"]:  # type: ignore[attr-defined]
        assert all(figure["text"] in text for text in texts)


def test_a_running_toll_rises_from_one_source(corpus: Path) -> None:
    running = [row for row in manifest(corpus) if row["plan"] == "running"]
    assert running
    for row in running:
        told = row["stories"]  # type: ignore[index]
        assert len({s["source"] for s in told}) == 1  # type: ignore[index]
        tolls = [s["figures"][0]["low"] for s in sorted(told, key=lambda s: s["day"])]  # type: ignore[index]
        assert tolls == sorted(tolls) and len(set(tolls)) == len(tolls)


def test_disputes_are_planned_only_where_two_sources_disagree(corpus: Path) -> None:
    rows = manifest(corpus)
    assert any(row["disputed"] for row in rows)
    for row in rows:
        sources = {s["source"] for s in row["stories"]}  # type: ignore[attr-defined]
        if row["disputed"]:
            assert row["plan"] in FLAGGED and len(sources) >= 2
        else:
            assert row["plan"] not in FLAGGED or len(sources) == 1


def test_no_two_events_share_a_city_within_a_week(corpus: Path) -> None:
    seen: dict[str, list[date]] = {}
    for row in manifest(corpus):
        seen.setdefault(str(row["city"]), []).append(date.fromisoformat(str(row["day"])))
    for days in seen.values():
        ordered = sorted(days)
        assert all((b - a).days > 7 for a, b in zip(ordered, ordered[1:], strict=False))


def test_the_pipeline_flags_every_planned_dispute_and_nothing_else(tmp_path: Path) -> None:
    write_corpus(150, tmp_path / "corpus", seed=2)
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    run_pipeline([tmp_path / "corpus" / "articles"], url, ROOT / "expectations", 50)
    store = Store.open(url)
    try:
        score = score_conflicts(store, tmp_path / "corpus" / "manifest.jsonl")
    finally:
        store.close()
    assert score.expected >= 1
    assert (score.found, score.false_flags) == (score.expected, 0)
