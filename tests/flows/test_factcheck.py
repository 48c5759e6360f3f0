"""The factcheck flow on the seeds, end to end, under a real (throwaway) Prefect server."""

from __future__ import annotations

from pathlib import Path

import pytest

from factledger.pipeline import open_store
from factledger.provenance.verify import verify
from tests.seeds import SEEDS, claim_for, copy_seeds, gold_records

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run the flow twice over the seeds plus bad input; keep the counts after each run."""
    from flows.factcheck import factcheck

    base = tmp_path_factory.mktemp("flow")
    corpus = copy_seeds(base / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (corpus / "latin1.txt").write_bytes(b"Caf\xe9: 3 killed")
    url = f"sqlite:///{base / 'fl.db'}"
    first = factcheck(paths=[str(corpus)], db=url)
    counts_after_first = open_store(url).counts()
    second = factcheck(paths=[str(corpus)], db=url)
    return {"url": url, "first": first, "second": second, "counts": counts_after_first}


def _store_view(url: str) -> tuple[list, dict[str, str]]:
    store = open_store(url)
    return store.claims(), {d.id: d.location for d in store.documents()}


def test_flow_flags_every_gold_conflict_marked_yes(seeded: dict[str, object]) -> None:
    store = open_store(str(seeded["url"]))
    claims, locations = _store_view(str(seeded["url"]))
    flagged = [set(c.claim_ids) for c in store.conflicts()]
    for gold in gold_records("conflict"):
        pair = {claim_for(g, claims, locations) for g in gold["claims"]}
        assert None not in pair, f"{gold['id']}: a claim was not extracted"
        together = any({c.id for c in pair if c} <= group for group in flagged)
        if gold["expected_flag"] == "yes":
            assert together, f"{gold['id']} not flagged: {gold['explanation']}"
        elif gold["expected_flag"] == "no":
            assert not together, f"{gold['id']} flagged but should not be: {gold['explanation']}"


def test_flow_routes_conflicts_to_the_queue(seeded: dict[str, object]) -> None:
    store = open_store(str(seeded["url"]))
    keys = {item.key for item in store.queue_items()}
    assert {c.key for c in store.conflicts()} <= keys
    assert store.conflicts(), "no conflicts found on the seeds"


def test_flow_does_not_count_the_two_year_old_boy(seeded: dict[str, object]) -> None:
    claims, locations = _store_view(str(seeded["url"]))
    text = (SEEDS / "000_530d1556fb073557.txt").read_text(encoding="utf-8")
    age = text.index("two-year-old")
    in_seed = [c for c in claims if Path(locations[c.document_id]).name == "000_530d1556fb073557.txt"]
    assert in_seed, "nothing extracted from seed 000"
    assert [c.number_text for c in in_seed if c.start < age + len("two-year-old") and c.end > age] == []


def test_flow_quarantines_bad_files_with_reasons(seeded: dict[str, object]) -> None:
    docs = {Path(d.location).name: d for d in open_store(str(seeded["url"])).documents()}
    assert docs["empty.txt"].reason == "empty file"
    assert docs["image.txt"].reason == "binary content (contains NUL bytes)"
    assert docs["latin1.txt"].reason == "not valid UTF-8 (byte 3)"
    assert docs["000_530d1556fb073557.txt"].status == "ok"


def test_flow_second_run_adds_nothing(seeded: dict[str, object]) -> None:
    counts = open_store(str(seeded["url"])).counts()
    first = dict(seeded["counts"])  # type: ignore[call-overload]
    for table in ("documents", "articles", "claims", "conflicts", "queue", "failures"):
        assert counts[table] == first[table], table
    assert seeded["second"].documents_new == 0  # type: ignore[attr-defined]
    assert seeded["second"].claims_new == 0  # type: ignore[attr-defined]


def test_flow_leaves_a_verifiable_database(seeded: dict[str, object]) -> None:
    assert verify(open_store(str(seeded["url"]))) == []


def test_flow_records_prefect_run_ids_in_provenance(seeded: dict[str, object]) -> None:
    runs = open_store(str(seeded["url"])).runs()
    assert runs and all(r.flow_run_id and r.task_run_id for r in runs)


def test_flow_reads_folders_records_and_pages_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    from flows.factcheck import factcheck
    from tests.sources.site import Site, serve_site
    from tests.test_run_inputs import RECORDS, write_corpus

    seeds = copy_seeds(tmp_path / "seeds")
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    with serve_site(Site()) as site:
        page = site.url("/news/aleppo-monitor")
        inputs = [str(seeds), str(corpus), page]
        first = factcheck(paths=inputs, db=url)
        counts = open_store(url).counts()
        second = factcheck(paths=inputs, db=url)
    expected = {str(p) for p in seeds.iterdir()} | {r["url"] for r in RECORDS} | {page}
    assert {d.location for d in open_store(url).documents()} == expected
    assert (first.documents_new, first.quarantined) == (len(expected), [])
    assert (second.documents_new, second.claims_new) == (0, 0)
    assert {**open_store(url).counts(), "fetches": 0} == {**counts, "fetches": 0}


def test_flow_quarantines_hostile_inputs_and_stores_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.factcheck import factcheck
    from tests.test_hostile_inputs import EXTRACTOR, hostile_lines

    monkeypatch.setenv("FACTLEDGER_EXTRACTOR", EXTRACTOR)
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(hostile_lines()) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    summary = factcheck(paths=[str(corpus)], db=url)
    quarantined = {location.rsplit("/", 1)[-1] for location, _ in summary.quarantined}
    assert quarantined == {
        "hostile.jsonl#L5",
        "hostile.jsonl#L6",
        "hostile.jsonl#L7",
        "hostile.jsonl#L8",
        "digits-400",
        "digits-5000",
        "raises",
        "unstorable",
        "unhashable",
    }
    store = open_store(url)
    stored = {d.location.rsplit("/", 1)[-1] for d in store.documents() if d.status == "ok"}
    assert stored == {"month", "written", "undated", "unreadable-date", "digits-16", "digits-20", "plain"}
    assert verify(store) == []
