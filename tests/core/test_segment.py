"""The segmenter: reports inside a page, their metadata, and boilerplate kept out."""

from __future__ import annotations

from pathlib import Path

from factledger.core.segment import SEGMENTER_VERSION, classify_lines, infer_outlet, segment_document

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = "000_530d1556fb073557.txt"
SEED_004 = "004_a116a0743e2e7e41.txt"


def read_seed(name: str) -> str:
    return (ROOT / "seeds" / name).read_text(encoding="utf-8")


def describe(text: str, name: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(a.title, a.outlet, a.byline, a.published) for a in segment_document(name, text)]


def test_segment_document_splits_seed_000_into_three_reports() -> None:
    assert describe(read_seed(SEED_000), SEED_000) == [
        (None, "RT", None, "2016-10-28"),
        (
            "Syrian rebels in Aleppo unleash car bombs, mortar attacks in new offensive",
            "CNN",
            "Ivan Watson and Mohammad Eyad Kourdi",
            "2016-10-28",
        ),
        (
            "Putin rejects Russian military request to resume airstrikes in east Aleppo",
            None,
            None,
            "2016-10-28",
        ),
    ]


def test_segment_document_report_spans_start_and_end_at_the_right_lines() -> None:
    text = read_seed(SEED_000)
    spans = [text[a.start : a.end] for a in segment_document(SEED_000, text)]
    assert spans[0].startswith("In Multipolarity, Oct 28, 2016")
    assert spans[0].endswith("we are fully ready to put it into practice.”")
    assert spans[1].startswith("Syrian rebels in Aleppo unleash car bombs")
    assert spans[1].endswith("including 17 women and 22 children.")
    assert spans[2].startswith("Related news:\nPutin rejects")
    assert spans[2].endswith("the spokesman added…")


def test_segment_document_keeps_site_boilerplate_outside_every_report() -> None:
    text = read_seed(SEED_000)
    articles = segment_document(SEED_000, text)
    for phrase in (
        "EDITOR’S NOTE",
        "Recent Posts",
        "Contact Us",
        "We're not around right now",
        "Start typing and press Enter to search",
        "Translate »",
    ):
        at = text.index(phrase)
        assert not any(a.start <= at < a.end for a in articles), phrase


def test_segment_document_skips_headers_and_bylines_inside_reports() -> None:
    text = read_seed(SEED_000)
    skipped = [[text[s:e] for s, e in a.skip_spans] for a in segment_document(SEED_000, text)]
    assert skipped[1] == [
        "Syrian rebels in Aleppo unleash car bombs, mortar attacks in new offensive",
        "By Ivan Watson and Mohammad Eyad Kourdi, CNN, Oct 28, 2016",
    ]
    assert skipped[2] == [
        "Related news:",
        "Putin rejects Russian military request to resume airstrikes in east Aleppo,, Oct 28, 2016",
    ]


def test_segment_document_reads_the_new_arab_report() -> None:
    text = read_seed(SEED_004)
    articles = segment_document(SEED_004, text)
    assert describe(text, SEED_004) == [
        ("Fresh rebel push in Aleppo to preempt 'Russian onslaught'", "The New Arab", None, "2016-11-03")
    ]
    article = articles[0]
    assert [text[s:e] for s, e in article.skip_spans] == [
        "Fresh rebel push in Aleppo to preempt 'Russian onslaught'",
        "Fresh rebel push in Aleppo to preempt 'Russian onslaught'",
        "5 min read",
        "03 November, 2016",
        "Rebels say Russia's humanitarian pause is a ruse [Anadolu]",
    ]
    assert text[article.end - 30 : article.end] == "in contravention to international law."[-30:]
    assert text.index("With input from agencies") > article.end
    assert text.index("Read more:") > article.end


def test_segment_document_stamps_version_and_document() -> None:
    articles = segment_document("sha256:abc", read_seed(SEED_004))
    assert [(a.document_id, a.segmenter_version) for a in articles] == [("sha256:abc", SEGMENTER_VERSION)]


def test_segment_document_takes_a_single_line_as_one_report() -> None:
    text = "The CBO concluded ObamaCare will cost more than 800,000 jobs."
    articles = segment_document("d", text)
    assert [(a.start, a.end, a.title, a.skip_spans) for a in articles] == [(0, len(text), None, ())]


def test_segment_document_starts_a_report_at_each_byline() -> None:
    text = (
        "First story headline\n\nBy Jane Roe, Reuters, March 3, 2020\n\n"
        "Ten people were killed in a blast, police said.\n\n"
        "Second story headline\n\nBy John Doe, AFP, 4 March 2020\n\n"
        "Rescuers found 3 survivors under the rubble.\n"
    )
    assert describe(text, "d") == [
        ("First story headline", "Reuters", "Jane Roe", "2020-03-03"),
        ("Second story headline", "AFP", "John Doe", "2020-03-04"),
    ]


def test_segment_document_returns_nothing_for_boilerplate_only() -> None:
    assert segment_document("d", "Recent Posts\nContact Us\n\nTranslate »\n") == []


def test_classify_lines_tags_each_kind() -> None:
    text = "Related news:\n5 min read\n03 November, 2016\nBy A B, CNN, Oct 28, 2016\n\nA body line."
    assert [line.kind for line in classify_lines(text)] == [
        "related",
        "boilerplate",
        "dateline",
        "byline",
        "blank",
        "body",
    ]


def test_infer_outlet_prefers_the_outlet_the_report_speaks_as() -> None:
    text = "X told Reuters. Y told The New Arab. The correspondent for The New Arab said so."
    assert infer_outlet(text) == "The New Arab"
    assert infer_outlet("Nobody is named here.") is None
