"""Claim extraction on the seeds: the quality bars, full records, and invariants."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.eval_extraction import (
    extract_seeds,
    load_gold,
    one_line_article,
    read_quantemp,
    score_gold,
)
from factledger.core.extract import (
    EXTRACTOR_VERSION,
    Extractor,
    RuleExtractor,
    counted_noun,
    extract_claims,
    find_place,
)
from factledger.core.models import Article, Claim
from factledger.core.numbers import NUMBERS_VERSION
from factledger.core.segment import segment_document

ROOT = Path(__file__).resolve().parents[2]
GOLD = load_gold(ROOT / "tests/data/seeds_gold.jsonl")
SEEDS = sorted({r["article"] for r in GOLD if "article" in r})
QUANTEMP = ROOT / "tests/data/external/quantemp/test_claimdecomp_claims.csv"
SEED_000 = "000_530d1556fb073557.txt"
SEED_004 = "004_a116a0743e2e7e41.txt"


def claims_of(name: str) -> tuple[str, list[Claim]]:
    text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    return text, extract_claims(text, segment_document(name, text))


def claim_at(claims: list[Claim], start: int) -> Claim:
    return next(c for c in claims if c.start == start)


def test_extract_claims_meets_the_core_quality_bars_on_the_seeds() -> None:
    report = score_gold(GOLD, extract_seeds(ROOT / "seeds", SEEDS))
    core = report.core
    assert core.total == 16
    assert core.rate(core.found) >= 0.95, core.misses
    assert core.rate(core.category) >= 0.95, core.misses
    assert core.rate(core.source) >= 0.90, core.misses


def test_extract_claims_extracts_no_gold_non_claim() -> None:
    report = score_gold(GOLD, extract_seeds(ROOT / "seeds", SEEDS))
    assert report.false_non_claims == []


def test_extract_claims_finds_the_non_core_claims_too() -> None:
    other = score_gold(GOLD, extract_seeds(ROOT / "seeds", SEEDS)).other
    assert (other.total, other.found, other.category) == (6, 6, 6)


def test_extract_claims_builds_the_cnn_killed_claim_in_full() -> None:
    text, claims = claims_of(SEED_000)
    claim = claim_at(claims, 3258)
    article = segment_document(SEED_000, text)[1]
    quote = (
        "At least 15 people were killed and more than 100 others were wounded when hundreds of "
        "mortar rounds showered down on several residential neighborhoods in regime-held areas "
        "of western Aleppo, the UK-based monitoring group Syrian Observatory for Human Rights "
        "(SOHR) said in a statement."
    )
    assert claim == Claim(
        document_id=SEED_000,
        article_id=article.id,
        start=3258,
        end=3269,
        number_text="At least 15",
        quote_start=3258,
        quote_end=3258 + len(quote),
        quote=quote,
        value_low=15,
        value_high=None,
        qualifier="at_least",
        category="killed",
        subject="people",
        unit="people",
        location="western Aleppo",
        date="2016-10-28",
        date_text="on Friday",
        scope="incident",
        source="the UK-based monitoring group Syrian Observatory for Human Rights (SOHR)",
        source_type="monitor",
        source_chain=("CNN", "Syrian Observatory for Human Rights"),
        parent_id=None,
        extractor_version=EXTRACTOR_VERSION,
        place_settlement="Aleppo",
        place_region="Aleppo",
        place_country="Syria",
        place_id="geonames:170063",
        time_start="2016-10-28",
        time_end="2016-10-28",
    )


def test_extract_claims_links_sub_counts_to_their_parent() -> None:
    _, claims = claims_of(SEED_000)
    parent, women, children = claim_at(claims, 5359), claim_at(claims, 5390), claim_at(claims, 5403)
    assert (parent.parent_id, women.parent_id, children.parent_id) == (None, parent.id, parent.id)
    assert [(c.category, c.subject, c.scope) for c in (parent, women, children)] == [
        ("killed", "people", "cumulative"),
        ("killed", "women", "cumulative"),
        ("killed", "children", "cumulative"),
    ]


def test_extract_claims_reads_period_totals_as_cumulative_windows() -> None:
    _, claims = claims_of(SEED_000)
    un_400, mortars = claim_at(claims, 5128), claim_at(claims, 5359)
    assert (un_400.date, un_400.date_text, un_400.scope) == (
        "2016-09-26/2016-10-26",
        "in less than a month",
        "cumulative",
    )
    assert (mortars.date, mortars.date_text, mortars.source) == (
        "2016-10-01/2016-10-31",
        "throughout October",
        "Stephen O’Brien",
    )


def test_extract_claims_resolves_he_said_and_carries_it_to_the_next_sentence() -> None:
    _, claims = claims_of(SEED_000)
    assert [(c.source, c.source_chain) for c in (claim_at(claims, 503), claim_at(claims, 618))] == [
        ("RT’s Murad Gazdiev", ("RT",)),
        ("RT’s Murad Gazdiev", ("RT",)),
    ]


def test_extract_claims_reads_the_miznaz_conflict() -> None:
    _, claims = claims_of(SEED_004)
    summary = [
        (c.number_text, c.value_low, c.category, c.subject, c.location, c.source_chain[-1])
        for c in (claim_at(claims, 2404), claim_at(claims, 2488), claim_at(claims, 2522))
    ]
    assert summary == [
        ("nine", 9, "killed", "civilians", "the village of Miznaz", "Local Coordination Committees"),
        ("10", 10, "killed", "civilians", "the village of Miznaz", "Syrian Observatory for Human Rights"),
        ("seven", 7, "killed", "children", "the village of Miznaz", "Syrian Observatory for Human Rights"),
    ]


def test_extract_claims_counts_things_and_time_in_their_own_units() -> None:
    _, claims = claims_of(SEED_000)
    _, new_arab = claims_of(SEED_004)
    picked = [claim_at(claims, 3332), claim_at(claims, 1092), claim_at(new_arab, 2628)]
    assert [(c.category, c.subject, c.unit) for c in picked] == [
        ("attacks", "mortar rounds", "mortar rounds"),
        ("duration", "days", "days"),
        ("share", "share", "percent"),
    ]


def test_extract_claims_offsets_point_at_the_exact_characters() -> None:
    for name in SEEDS:
        text, claims = claims_of(name)
        assert claims
        for claim in claims:
            assert text[claim.start : claim.end] == claim.number_text
            assert text[claim.quote_start : claim.quote_end] == claim.quote
            assert claim.quote_start <= claim.start < claim.end <= claim.quote_end


def test_extract_claims_is_deterministic() -> None:
    first = [c.id for name in SEEDS for c in claims_of(name)[1]]
    second = [c.id for name in SEEDS for c in claims_of(name)[1]]
    assert first == second and len(set(first)) == len(first)


def test_extract_claims_falls_back_to_the_published_date() -> None:
    text = "Police said 12 people were arrested."
    article = Article("d", 0, len(text), None, "AP", None, "2020-05-01")
    [claim] = extract_claims(text, [article])
    assert (claim.category, claim.date, claim.date_text, claim.source_chain) == (
        "arrested",
        "2020-05-01",
        None,
        ("AP", "Police"),
    )


def test_extract_claims_ignores_skip_spans() -> None:
    text = "5 people died\nOfficials said 7 people died."
    article = Article("d", 0, len(text), None, None, None, None, skip_spans=((0, 13),))
    assert [c.number_text for c in extract_claims(text, [article])] == ["7"]


def test_rule_extractor_meets_the_extractor_protocol() -> None:
    extractor: Extractor = RuleExtractor()
    assert extractor.version == EXTRACTOR_VERSION
    assert EXTRACTOR_VERSION.startswith("rules-3+" + NUMBERS_VERSION)


def test_counted_noun_reads_the_noun_a_figure_counts() -> None:
    text = "15 people were 3 suicide car bombings 200 of mortar rounds 70 injured"
    assert [counted_noun(text, at, len(text)) for at in (2, 16, 41, 61)] == [
        "people",
        "suicide car bombings",
        "mortar rounds",
        None,
    ]


def test_find_place_reads_place_phrases() -> None:
    texts = [
        "airstrikes on the village of Miznaz killed nine",
        "the Bustan al-Qasr area of western Aleppo",
        "shelling in the west of the city",
        "said on Friday",
    ]
    assert [find_place(t, 0, len(t)) for t in texts] == [
        "the village of Miznaz",
        "the Bustan al-Qasr area of western Aleppo",
        None,
        None,
    ]


def test_extract_claims_survives_quantemp_claims_as_one_line_articles() -> None:
    claims = read_quantemp(QUANTEMP)
    yielding = sum(1 for text in claims if extract_claims(text, [one_line_article(text)]))
    assert len(claims) == 2495
    assert yielding >= 1300  # most fact-checked claims carry a count; money and years do not


WORDS = st.sampled_from(
    [
        "At least",
        "15",
        "people",
        "were",
        "killed",
        "said",
        "SOHR",
        "on Friday",
        ",",
        ".",
        "\n",
        "including",
        "seven",
        "children",
        "He",
        "according to",
        "the UN",
        "hundreds of",
        "By",
        "Oct 28, 2016",
        "Related news:",
        "throughout October",
        "“",
        "”",
        "percent",
        "dozens",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_extract_claims_keeps_offsets_exact_on_any_text(words: list[str]) -> None:
    text = " ".join(words)
    articles = segment_document("d", text)
    for article in articles:
        assert 0 <= article.start <= article.end <= len(text)
    for claim in extract_claims(text, articles):
        assert text[claim.start : claim.end] == claim.number_text
        assert text[claim.quote_start : claim.quote_end] == claim.quote


def one_article(text: str, published: str = "2016-11-02") -> list[Claim]:
    return extract_claims(text, [Article("d", 0, len(text), None, "CNN", None, published)])


def test_extract_claims_reads_ranges_written_with_or_and_between() -> None:
    claims = one_article(
        "Officials said 2,000 or 2,500 people fled the town. "
        "Between 20 and 35 civilians were killed in Idlib, activists said."
    )
    read = [(c.number_text, c.value_low, c.value_high, c.qualifier, c.category, c.subject) for c in claims]
    assert read == [
        ("2,000 or 2,500", 2000, 2500, "range", "displaced", "people"),
        ("Between 20 and 35", 20, 35, "range", "killed", "civilians"),
    ]


def test_extract_claims_reads_one_in_n_as_a_share_and_skips_numbered_names() -> None:
    claims = one_article(
        "One in five residents has fled, the UN said. Shelling hit the 3000 Housing complex on Friday."
    )
    assert [(c.number_text, c.value_low, c.value_high, c.category, c.unit) for c in claims] == [
        ("One in five", 20, 20, "share", "share"),
    ]


def test_extract_claims_links_among_them_sub_counts_and_keeps_the_parent_subject() -> None:
    claims = one_article("At least 30 people were killed, among them seven children, the Observatory said.")
    parent, child = claims
    assert [(c.number_text, c.subject, c.parent_id) for c in claims] == [
        ("At least 30", "people", None),
        ("seven", "children", parent.id),
    ]
    assert (child.category, child.source_chain) == ("killed", ("CNN", "Syrian Observatory for Human Rights"))


def test_extract_claims_reads_told_citing_and_according_to() -> None:
    claims = one_article(
        "A doctor told Reuters that 12 people died in Douma.\n"
        "Twelve soldiers died, Reuters reported, citing a military spokesman.\n"
        "Reuters, citing a spokesman for the Levant Front, said 40 fighters were killed.\n"
        "According to the health ministry, 25 people were injured.\n"
        "Hezbollah said 3 of its fighters died."
    )
    assert [(c.number_text, c.source, c.source_type, c.source_chain) for c in claims] == [
        ("12", "A doctor", "witness", ("CNN", "Reuters", "doctor")),
        ("Twelve", "a military spokesman", "government", ("CNN", "Reuters", "military spokesman")),
        (
            "40",
            "a spokesman for the Levant Front",
            "party_to_conflict",
            ("CNN", "Reuters", "spokesman for the Levant Front"),
        ),
        ("25", "the health ministry", "government", ("CNN", "health ministry")),
        ("3", "Hezbollah", "party_to_conflict", ("CNN", "Hezbollah")),
    ]
    assert claims[-1].subject == "fighters"


def test_extract_claims_types_sources_from_the_words_naming_them() -> None:
    claims = one_article(
        "Officials said 5 people were arrested.\nResidents said 6 people were trapped.\n"
        "State news agency SANA said 7 people were killed.\nThe White Helmets said 8 people were hurt.\n"
        "Rebels said 9 soldiers were killed.\nUNICEF said 10 children were displaced.\n9 people died."
    )
    assert [(c.number_text, c.source_type) for c in claims] == [
        ("5", "government"),
        ("6", "witness"),
        ("7", "state_media"),
        ("8", "monitor"),
        ("9", "party_to_conflict"),
        ("10", "un_agency"),
        ("9", "unattributed"),
    ]


def test_extract_claims_resolves_time_expressions_against_the_article_date() -> None:
    claims = one_article(
        "On Friday, 9 people were killed in Homs.\n"
        "Residents said 15 people have been trapped since Friday morning.\n"
        "Throughout October, rebel strikes killed 100 people.\n"
        "At least 400 people had been killed in less than a month, the UN said on Wednesday."
    )
    assert [(c.number_text, c.date, c.date_text, c.scope) for c in claims] == [
        ("9", "2016-10-28", "On Friday", "incident"),
        ("15", "2016-10-28/2016-11-02", "since Friday morning", "incident"),
        ("100", "2016-10-01/2016-10-31", "Throughout October", "cumulative"),
        ("At least 400", "2016-10-03/2016-11-02", "in less than a month", "cumulative"),
    ]


def placed(claim: Claim) -> tuple[str | None, ...]:
    return (claim.location, claim.place_settlement, claim.place_region, claim.place_country, claim.place_id)


def test_extract_claims_resolve_the_place_phrase_in_the_gazetteer() -> None:
    (claim,) = one_article("At least 12 people were killed in the Kibera area of Nairobi, police said.")
    assert placed(claim) == (
        "the Kibera area of Nairobi",
        "Nairobi",
        "Nairobi City",
        "Kenya",
        "geonames:184745",
    )


def test_extract_claims_take_the_dateline_as_the_place_when_the_text_names_none() -> None:
    (claim,) = one_article(
        "MOMBASA, Kenya (Reuters) — Nine people drowned when a ferry sank, officials said."
    )
    assert placed(claim) == ("MOMBASA, Kenya", "Mombasa", "Mombasa", "Kenya", "geonames:186301")


def test_extract_claims_read_namesakes_in_the_datelines_country() -> None:
    (claim,) = one_article("LAHORE (AP) — Floods killed 14 people in Punjab on Friday.")
    assert (claim.place_region, claim.place_country) == ("Punjab", "Pakistan")


def test_extract_claims_take_no_organisation_or_demonym_for_a_place() -> None:
    claims = one_article(
        "Seven people were hurt at the Kenya Red Cross, officials said. "
        "Three of Kenyan origin were among 20 arrested in Nairobi."
    )
    assert [c.location for c in claims] == ["Nairobi", "Nairobi", "Nairobi"]
    assert {c.place_country for c in claims} == {"Kenya"}


def test_extract_claims_resolve_the_as_of_time_to_a_window() -> None:
    claims = one_article(
        "By Monday night 40 people had died. In the last 24 hours, nine more died. "
        "Up to now, 31 bodies have been recovered."
    )
    # 2 November 2016 was a Wednesday.
    assert [(c.date_text, c.time_start, c.time_end) for c in claims] == [
        ("By Monday night", None, "2016-10-31"),
        ("In the last 24 hours", "2016-11-01", "2016-11-02"),
        ("Up to now", None, "2016-11-02"),
    ]


def test_extract_claims_keep_the_time_phrase_when_publication_is_unknown() -> None:
    text = "On Sunday, 15 people were injured in Mombasa."
    (claim,) = extract_claims(text, [Article("d", 0, len(text), None, "CNN", None, None)])
    assert (claim.date, claim.date_text, claim.time_start, claim.time_end) == (None, "On Sunday", None, None)


def test_claim_content_holds_the_resolved_fields_only_when_set() -> None:
    # A claim stored before places and time windows were resolved keeps the id it had.
    (claim,) = one_article("Nine people drowned in Zqarvelt.")
    assert (claim.place_id, claim.time_start, claim.time_end) == (None, None, None)
    assert not {"place_id", "place_settlement", "time_start", "time_end"} & set(claim.content())
    resolved = replace(claim, place_id="geonames:184745")
    assert resolved.content()["place_id"] == "geonames:184745" and resolved.id != claim.id
