"""Hostile inputs: none stops a run; each is quarantined with its reason or read sensibly, and
everything else is stored, on SQLite and PostgreSQL.

The corpus is written here: dates as archives give them, a broken record, a lone surrogate, a
NUL, 100,000 nested brackets, numbers of 16 to 5,000 digits, and two records that a test
double of an extractor (named through FACTLEDGER_EXTRACTOR, as any extractor is) turns
against the pipeline: one makes it raise, one makes it return a figure no database can store,
so the batch's commit fails and is retried document by document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from factledger.cli import main
from factledger.core.extract import RuleExtractor
from factledger.core.models import Article, Claim
from factledger.core.numbers import MAX_PLAUSIBLE_COUNT
from factledger.pipeline import open_store
from factledger.provenance.verify import verify
from tests.seeds import copy_seeds

EXTRACTOR = "tests.test_hostile_inputs:HostileExtractor"
MISSING_ARTICLE = "sha256:" + "0" * 64
SENTENCE = "Twelve people were injured in the blast on Friday, police said."


class HostileExtractor:
    """The rule extractor, except that it raises on one article and spoils the figures of another."""

    version = "hostile-1"

    def extract(self, text: str, articles: Sequence[Article]) -> list[Claim]:
        if "MAKES THE EXTRACTOR RAISE" in text:
            raise RuntimeError("the extractor broke on this article")
        claims = RuleExtractor().extract(text, articles)
        if (
            "UNSTORABLE SOURCE" in text
        ):  # figures of an article that is not there: every database refuses them
            claims = [replace(c, article_id=MISSING_ARTICLE) for c in claims]
        if "UNHASHABLE SOURCE" in text:  # a lone surrogate cannot even be hashed
            claims = [replace(c, source="Police \ud800") for c in claims]
        return claims


def record(url: str, text: str, **fields: str) -> str:
    return json.dumps({"url": f"https://wire.example/{url}", "outlet": "Wire", "text": text, **fields})


def hostile_lines() -> list[str]:
    return [
        record("month", f"{SENTENCE} It was the first of November.", published="2016-11"),
        record("written", f"{SENTENCE} The market was busy.", published="28 October 2016"),
        record("undated", f"{SENTENCE} The road was closed."),
        record("unreadable-date", f"{SENTENCE} Shops stayed shut.", published="the Tuesday after the storm"),
        '{"url": "https://wire.example/broken", "text": "cut off',
        '{"url": "https://wire.example/surrogate", "text": "Nine were killed \\ud800 in the raid."}',
        '{"url": "https://wire.example/nul", "text": "Nine were killed \\u0000 in the raid."}',
        "[" * 100_000,
        record("digits-16", f"At least 9999999999999999 people were killed. {SENTENCE}"),
        record("digits-20", f"Account 12345678901234567890 was frozen. {SENTENCE}"),
        record("digits-400", f"At least {'7' * 400} people were killed. {SENTENCE}"),
        record("digits-5000", f"At least {'8' * 5000} people were killed. {SENTENCE}"),
        record("raises", f"MAKES THE EXTRACTOR RAISE. {SENTENCE}"),
        record("unstorable", f"UNSTORABLE SOURCE. {SENTENCE}"),
        record("unhashable", f"UNHASHABLE SOURCE. {SENTENCE}"),
        record("plain", "At least 30 people were killed in the shelling of the market, rescuers said."),
    ]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hostile.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTLEDGER_EXTRACTOR", EXTRACTOR)
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(hostile_lines()) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["run", "--engine", "bare", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_hostile_corpus_finishes_with_the_bad_quarantined_and_the_rest_stored(
    corpus: Path, db_url: str, tmp_path: Path
) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    code, out = run("--db", db_url, str(seeds), str(corpus))
    assert code == 3, out
    store = open_store(db_url)
    docs = {d.location: d for d in store.documents()}
    reasons = {location: doc.reason for location, doc in docs.items() if doc.status != "ok"}
    assert reasons == {
        f"{corpus}#L5": "not a JSON record: Unterminated string starting at: line 1 column 48 (char 47)",
        f"{corpus}#L6": "text that cannot be stored in text (a lone surrogate at character 17)",
        f"{corpus}#L7": "text that cannot be stored in text (a NUL character)",
        f"{corpus}#L8": "not a JSON record: nested too deeply",
        "https://wire.example/digits-400": "a number of 400 digits (over FACTLEDGER_MAX_NUMBER_DIGITS=100)",
        "https://wire.example/digits-5000": "a number of 5,000 digits "
        "(over FACTLEDGER_MAX_NUMBER_DIGITS=100)",
        "https://wire.example/raises": "extraction failed: RuntimeError: the extractor broke on this article",
        "https://wire.example/unstorable": reasons["https://wire.example/unstorable"],
        "https://wire.example/unhashable": reasons["https://wire.example/unhashable"],
    }
    assert reasons["https://wire.example/unstorable"] == (
        "could not be stored: StoreError: batch refused, nothing saved: FOREIGN KEY constraint failed"
        if db_url.startswith("sqlite")
        else reasons["https://wire.example/unstorable"]
    )
    assert reasons["https://wire.example/unstorable"].startswith(
        "could not be stored: StoreError: batch refused"
    )
    assert reasons["https://wire.example/unhashable"].startswith("extraction failed: UnicodeEncodeError: ")
    for location, reason in reasons.items():
        assert f"quarantined {location}: {reason}" in out
    stored = {loc for loc, doc in docs.items() if doc.status == "ok"}
    wire = {f"https://wire.example/{name}" for name in ("month", "written", "undated", "unreadable-date")}
    wire |= {f"https://wire.example/{name}" for name in ("digits-16", "digits-20", "plain")}
    assert stored == wire | {str(p) for p in seeds.iterdir()}
    published = {a.document_id: a.published for a in store.articles()}
    by_location = {loc: published.get(doc.id) for loc, doc in docs.items()}
    assert [
        by_location[f"https://wire.example/{n}"] for n in ("month", "written", "undated", "unreadable-date")
    ] == [
        "2016-11",
        "2016-10-28",
        None,
        "the Tuesday after the storm",
    ]
    claims = store.claims()
    assert all(
        abs(v) <= MAX_PLAUSIBLE_COUNT for c in claims for v in (c.value_low, c.value_high) if v is not None
    )
    # Every stored document, the 16- and 20-digit ones too, kept its real figures.
    assert stored <= {docs_by_id(docs)[c.document_id] for c in claims}
    assert verify(store) == []


def docs_by_id(docs: dict[str, object]) -> dict[str, str]:
    return {doc.id: location for location, doc in docs.items()}  # type: ignore[attr-defined]


def test_a_hostile_corpus_run_again_adds_nothing(corpus: Path, db_url: str) -> None:
    run("--db", db_url, str(corpus))
    counts = open_store(db_url).counts()
    code, out = run("--db", db_url, str(corpus))
    assert code == 3, out  # the unreadable records are listed again; nothing is stored again
    assert open_store(db_url).counts() == counts
