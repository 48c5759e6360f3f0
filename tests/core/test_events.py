"""Event resolution: article frames, links across articles, copies, slots and explanations.

Every article and sentence here is written for the test (the towns are invented).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

from factledger.core.eventframes import NUM_PERM, SCHEME, SEED, ArticleFrame, frame_article, signature
from factledger.core.events import blocks, find_copies, linked, resolve_events
from factledger.core.models import Claim
from factledger.core.reconcile import PANEL_MAX, reconcile
from factledger.core.scopes import measure, replacement
from factledger.core.slots import claim_slot, dated_window, describe_events, own_day

REPORT = (
    "Flood kills 12 in Riverton\n"
    "RIVERTON - At least 12 people were killed when the Willow river burst its banks in Riverton "
    "on Monday, police said. Rescue teams searched collapsed homes through the night while the "
    "mayor, Ann Holt, asked residents of the lower town to leave. Forty people were injured, "
    "hospital officials said, and 300 families spent the night in the Riverton sports hall. "
    "Engineers from the regional water board said the flood defences had been checked in spring "
    "and that the river rose faster than any forecast had shown. Schools stay closed on Tuesday."
)
RIVAL = (
    "Riverton flood: aid group counts 30 dead\n"
    "The Red Lantern aid group said on Tuesday that 30 people died in the Riverton flood on Monday, "
    "far more than officials have said. Its volunteers reached the lower town before the police, "
    "the group's coordinator Tom Reyes said, and counted the dead house by house."
)


def figure(
    text: str, number: str, article: str, value: int, qualifier: str = "exact", nth: int = 0, **fields: Any
) -> Claim:
    """A claim on the nth occurrence of `number` in `text`, quoted with its sentence."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(number, start + 1)
    quote_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    quote_end = text.find(".", start) + 1 or len(text)
    values: dict[str, Any] = {
        "document_id": f"sha256:{article}",
        "article_id": article,
        "start": start,
        "end": start + len(number),
        "number_text": number,
        "quote_start": quote_start,
        "quote_end": quote_end,
        "quote": text[quote_start:quote_end],
        "value_low": value,
        "value_high": None if qualifier == "at_least" else value,
        "qualifier": qualifier,
        "category": "killed",
        "subject": "people",
        "location": "Riverton",
        "date": "2026-03-02",
        "date_text": "on Monday",
    }
    values.update(fields)
    return Claim(**values)


def report_claims(text: str, article: str, outlet: str) -> list[Claim]:
    """The figures of the flood report as an extractor hands them over."""
    return [
        figure(
            text, "At least 12", article, 12, "at_least", source="police", source_chain=(outlet, "police")
        ),
        figure(text, "12", article, 12, source=None, source_chain=(outlet,), date_text=None),
        figure(
            text,
            "Forty",
            article,
            40,
            category="injured",
            source="hospital officials",
            source_chain=(outlet, "hospital officials"),
            date_text=None,
        ),
    ]


def frame(
    text: str, article: str, published: str, claims: list[Claim], outlet: str = "Outlet"
) -> ArticleFrame:
    return frame_article(article, published, outlet, text.splitlines()[0], text, claims)


def edited_copy(rng: random.Random, text: str) -> str:
    """A wire copy as an outlet runs it: a word changed here and there, a line added."""
    swaps = [("searched", "combed"), ("asked", "urged"), ("spent", "passed"), ("checked", "inspected")]
    for old, new in rng.sample(swaps, 2):
        text = text.replace(old, new, 1)
    return text + f" ({rng.choice(['Reporting by staff', 'Wire report', 'Agency copy'])})"


# Frames.


def test_frame_article_reads_place_days_kind_and_terms() -> None:
    claims = report_claims(REPORT, "a1", "Daily Post")

    found = frame(REPORT, "a1", "2026-03-03", claims)

    # The gazetteer knows a Riverton: the place key names its country.
    assert (found.place, found.first_day, found.last_day, found.kind) == (
        "riverton, united states",
        "2026-03-02",
        "2026-03-03",
        "harm",
    )
    assert {"riverton", "flood", "willow", "ann holt"} <= found.terms
    assert len(found.signature) == 64


def test_signature_is_datasketchs_minhash_of_the_word_shingles() -> None:
    from datasketch import MinHash

    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", REPORT)]
    shingles = {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    reference.update_batch(sorted(shingles))

    assert signature(REPORT) == tuple(int(v) for v in reference.hashvalues)
    assert signature(REPORT) != signature(RIVAL)
    assert signature("Two words") == ()


def test_the_pipeline_imports_datasketch_only_when_it_frames_an_article() -> None:
    code = "import sys, factledger.pipeline; print('datasketch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_frame_article_ignores_days_long_before_publication() -> None:
    old = figure(REPORT, "12", "a1", 12, date="2025-01-10", date_text="in January last year")

    found = frame(REPORT, "a1", "2026-03-03", [old])

    assert found.first_day == "2026-03-02"  # "on Monday" in the lead, not the year-old day


# Events across articles.


def test_resolve_events_links_reports_of_one_event() -> None:
    first = frame(REPORT, "a1", "2026-03-03", report_claims(REPORT, "a1", "Daily Post"))
    rival = frame(RIVAL, "a2", "2026-03-04", [figure(RIVAL, "30", "a2", 30, date_text="on Monday")])

    assert linked(first, rival)
    assert resolve_events([rival, first]).event_of == {"a1": "a1", "a2": "a1"}


def test_resolve_events_keeps_other_places_and_weeks_apart() -> None:
    first = frame(REPORT, "a1", "2026-03-03", report_claims(REPORT, "a1", "Daily Post"))
    elsewhere = frame(RIVAL.replace("Riverton", "Lakeside"), "a2", "2026-03-04", [])
    elsewhere = ArticleFrame(**{**elsewhere.__dict__, "place": "lakeside"})
    later = ArticleFrame(
        **{**first.__dict__, "article_id": "a3", "first_day": "2026-04-20", "last_day": "2026-04-21"}
    )

    assert not linked(first, elsewhere) and not linked(first, later)
    # Blocks are filed under the country of a resolved place: where undated articles look only.
    assert blocks(first) & blocks(later) == {"country:US|any"}
    assert set(resolve_events([first, elsewhere, later]).event_of.values()) == {"a1", "a2", "a3"}


def test_resolve_events_keeps_a_gathering_apart_from_harm() -> None:
    harm = frame(REPORT, "a1", "2026-03-03", report_claims(REPORT, "a1", "Daily Post"))
    march = ArticleFrame(**{**harm.__dict__, "article_id": "a2", "kind": "gathering"})

    assert not linked(harm, march)


def test_resolve_events_needs_shared_terms() -> None:
    flood = frame(REPORT, "a1", "2026-03-03", report_claims(REPORT, "a1", "Daily Post"))
    other = (
        "Riverton council election\nVoters in Riverton chose Maria Lopez as mayor on Monday, ahead of "
        "Peter Grant and Susan Bell. Turnout at the Northside and Eastgate polling stations was high, "
        "the Electoral Office said."
    )
    unrelated = ArticleFrame(**{**frame(other, "a2", "2026-03-03", []).__dict__, "place": "riverton"})

    assert not linked(flood, unrelated)


def test_resolve_events_reads_no_terms_from_a_lead_s_related_headlines() -> None:
    links = (
        "\n- Ten Kitchen Gadgets Every Home Cook Should Own"
        "\n- Why Harbour Markets Fell Sharply On Friday"
        "\n- Inside The Quiet Revival Of Northern Ferry Routes"
        "\n- Meet The Baker Who Rebuilt Her Village Square"
        "\n- Seven Lessons From Twenty Years Of Mountain Rescue"
    )
    padded = RIVAL + links
    flood = frame(REPORT, "a1", "2026-03-03", report_claims(REPORT, "a1", "Daily Post"))
    rival = frame(padded, "a2", "2026-03-04", [figure(padded, "30", "a2", 30, date_text="on Monday")])

    assert not {t for t in rival.terms if "kitchen" in t or "ferry" in t}
    assert linked(flood, rival)


# Copies count once.


def test_find_copies_points_every_copy_at_the_first_appearance() -> None:
    rng = random.Random(3)
    frames = [frame(REPORT, "first", "2026-03-02", [])]
    frames += [frame(edited_copy(rng, REPORT), f"copy{n:02d}", "2026-03-03", []) for n in range(5)]
    frames.append(frame(RIVAL, "rival", "2026-03-03", []))

    assert find_copies(frames) == {f"copy{n:02d}": "first" for n in range(5)}


def test_reconcile_reads_thirty_edited_copies_as_one_report() -> None:
    rng = random.Random(7)
    texts = {"wire": REPORT, **{f"outlet{n:02d}": edited_copy(rng, REPORT) for n in range(29)}}
    claims: list[Claim] = []
    frames: dict[str, ArticleFrame] = {}
    for article, text in texts.items():
        found = report_claims(text, article, f"Outlet {article}")
        claims += found
        published = "2026-03-02" if article == "wire" else "2026-03-03"
        frames[article] = frame(text, article, published, found, f"Outlet {article}")

    outcome = reconcile(claims, frames=frames)

    assert outcome.conflicts == []
    links = Counter(claim for r in outcome.relations for claim in (r.from_claim, r.to_claim))
    copies = [r for r in outcome.relations if r.kind == "copy"]
    assert len(copies) == 29 * 3
    assert {r.to_claim for r in copies} == {c.id for c in claims if c.article_id == "wire"}
    assert max(links[c.id] for c in claims if c.article_id != "wire") <= 2
    assert len(outcome.relations) <= 2 * len(claims)


def test_reconcile_sets_a_rival_against_the_report_not_its_copies() -> None:
    rng = random.Random(11)
    texts = {"wire": REPORT, **{f"outlet{n:02d}": edited_copy(rng, REPORT) for n in range(9)}}
    claims: list[Claim] = []
    frames: dict[str, ArticleFrame] = {}
    for article, text in texts.items():
        found = report_claims(text, article, f"Outlet {article}")
        claims += found
        published = "2026-03-02" if article == "wire" else "2026-03-03"
        frames[article] = frame(text, article, published, found, f"Outlet {article}")
    aid = figure(RIVAL, "30", "rival", 30, source="Red Lantern", source_chain=("Paper", "Red Lantern"))
    frames["rival"] = frame(RIVAL, "rival", "2026-03-04", [aid])

    conflict = reconcile([*claims, aid], frames=frames).conflicts[0]

    # The wire's own "12" cannot hold beside the aid group's 30; the police's "at least 12" can.
    wire = {c.id for c in claims if c.article_id == "wire" and c.number_text == "12"}
    assert set(conflict.claim_ids) == wire | {aid.id}
    assert conflict.reconciled.independent_sources == 2
    assert conflict.explanation.endswith("The two cannot both hold.")


# Slots: measures and revisions the text states.


def sentence_claims(sentence: str, *numbers: str) -> list[Claim]:
    return [figure(sentence, n, "a1", int(n.replace(",", ""))) for n in numbers]


def test_measure_reads_forecasts_recent_hours_and_feared_tolls() -> None:
    forecast = sentence_claims("Police prepared for 90,000 marchers.", "90,000")[0]
    recent = sentence_claims("In the past 24 hours 14 more people died.", "14")[0]
    feared = sentence_claims("Up to 200 more are feared drowned.", "200")[0]
    count = sentence_claims("Officials said 60 people died.", "60")[0]

    assert [measure(c) for c in (forecast, recent, feared, count)] == [
        "forecast",
        "recent",
        "feared",
        "count",
    ]


def test_measure_reads_the_last_hours_only_in_the_figure_s_own_clause() -> None:
    both = "Since the storm began 640 people have died, while in the past 24 hours 31 died."
    total, day = sentence_claims(both, "640", "31")
    after = sentence_claims("The agency said 52 people died in the past 24 hours.", "52")[0]
    opening = sentence_claims("In the past 24 hours, 40 people died and 71 were hurt.", "40", "71")

    assert [measure(c) for c in (total, day, after, *opening)] == [
        "count",
        "recent",
        "recent",
        "recent",
        "recent",
    ]


def test_measure_lets_the_sentence_s_own_cue_decide_over_the_time_phrase_given() -> None:
    both = "Since the storm began 640 people have died, while in the past 24 hours 31 died."
    total, day = (replace(c, date_text="in the past 24 hours") for c in sentence_claims(both, "640", "31"))
    carried = replace(
        sentence_claims("The agency said 52 people died.", "52")[0], date_text="over the last 24 hours"
    )

    assert [measure(c) for c in (total, day, carried)] == ["count", "recent", "recent"]
    assert reconcile([total, day]).conflicts == []


def test_measure_reads_how_many_were_at_first_in_a_passing_state() -> None:
    text = "Some 230 people had initially been taken to hospital, and 70 remain there."
    first, still = (figure(text, n, "a1", int(n), category="hospitalized") for n in ("230", "70"))
    organisers = figure(
        "Organisers initially said 9,000 marched.", "9,000", "a1", 9000, category="participants"
    )

    assert [measure(c) for c in (first, still, organisers)] == ["initial", "count", "count"]
    assert reconcile([first, still]).conflicts == []


def test_a_day_phrase_naming_the_event_does_not_date_the_figure() -> None:
    named = "The toll of the Sunday bombings rose to 140."
    event, dated = (
        figure(text, "140", "a1", 140, date="2026-03-01", date_text="Sunday")
        for text in (named, "On Sunday the toll rose to 140.")
    )
    possessive = figure(
        "Rain fell. Sunday's blast has killed 31.", "31", "a1", 31, date="2026-03-01", date_text="Sunday"
    )

    assert (dated_window(event), dated_window(possessive)) == (None, None)
    assert own_day(dated) == "2026-03-01"


def test_replacement_reads_revisions_the_sentence_states() -> None:
    lowered = sentence_claims("The ministry cut the toll from 410 to 388 on Friday.", "410", "388")
    rose = sentence_claims("The number of injured rose to 620 from 575.", "620", "575")
    previous = sentence_claims("That is up from the previous toll of 95, now 101.", "95", "101")
    corrected = sentence_claims("Divers found 41 bodies, not 42 as first reported.", "41", "42")

    assert replacement(lowered[0], lowered) == (True, lowered[1])
    assert replacement(lowered[1], lowered) == (False, None)
    assert replacement(rose[1], rose) == (True, rose[0])
    assert replacement(previous[0], previous) == (True, previous[1])
    assert replacement(corrected[1], corrected) == (True, corrected[0])
    assert replacement(corrected[0], corrected) == (False, None)


def test_reconcile_never_compares_a_forecast_with_a_count() -> None:
    text = "Police had prepared for 90,000 people. Organisers said 40,000 people marched."
    forecast = figure(
        text, "90,000", "a1", 90000, category="participants", source="police", source_chain=("police",)
    )
    count = figure(text, "40,000", "a1", 40000, category="participants", source="organisers")

    assert reconcile([forecast, count]).conflicts == []


def test_reconcile_never_compares_the_last_day_with_the_running_toll() -> None:
    text = "The toll since the rains began is 980. In the last 24 hours 45 people died."
    total = figure(text, "980", "a1", 980, source="the authority", source_chain=("authority",))
    day = figure(text, "45", "a1", 45, source="the ministry", source_chain=("ministry",))

    assert reconcile([total, day]).conflicts == []


# The conflict: a plain-language explanation, and bounded work.


def test_reconcile_explains_a_hard_conflict_in_plain_words() -> None:
    text = "The health ministry said 40 people were killed. The civil defence said 55 died."
    ministry = figure(text, "40", "a1", 40, source="the health ministry", source_chain=("health ministry",))
    defence = figure(text, "55", "a1", 55, source="the civil defence", source_chain=("civil defence",))

    conflict = reconcile([ministry, defence]).conflicts[0]

    assert conflict.explanation == (
        "The health ministry says 40 people were killed in Riverton on 2 March 2026; "
        "the civil defence says 55. The two cannot both hold."
    )
    assert (conflict.kind, conflict.severity) == ("hard_conflict", "high")


def test_reconcile_compares_a_flood_of_sources_in_bounded_pairs() -> None:
    text = " ".join(f"Source{n} said {n} died." for n in range(1, 400))
    claims = [
        figure(
            text, f" {n} died", "a1", n, source=f"Source{n}", source_chain=(f"Source{n}",), number_text=str(n)
        )
        for n in range(1, 400)
    ]

    conflict = reconcile(claims).conflicts[0]

    assert "many_figures" in conflict.reasons
    assert len(conflict.claim_ids) <= PANEL_MAX


def test_reconcile_reads_an_exact_figure_above_an_open_floor_as_consistent() -> None:
    text = "Early reports said at least 20 died. The health office said 64 died."
    early = figure(text, "at least 20", "a1", 20, "at_least", source="radio", source_chain=("radio",))
    later = figure(text, "64", "a1", 64, source="the health office", source_chain=("health office",))

    assert reconcile([early, later]).conflicts == []


def test_reconcile_gives_a_figure_from_another_year_its_own_slot() -> None:
    text = "In 1987 a fire at the same market killed 210 people. This time 35 died, police said."
    old = figure(text, "210", "a1", 210, source=None, source_chain=("Paper",), date_text=None)
    now = figure(text, "35", "a1", 35, source="police", source_chain=("police",))

    assert reconcile([old, now]).conflicts == []


def test_reconcile_keeps_each_days_last_hours_figure_apart() -> None:
    monday = "In the past 24 hours 31 people died, the authority said."
    tuesday = "In the past 24 hours 12 people died, the authority said."
    first = figure(monday, "31", "a1", 31, source="the authority", source_chain=("authority",))
    second = figure(tuesday, "12", "a2", 12, source="the agency", source_chain=("agency",), date="2026-03-03")

    assert reconcile([first, second]).conflicts == []


def test_reconcile_compares_a_site_only_with_figures_for_that_site() -> None:
    text = "Nine were killed at the Riverton market mosque. In all 40 people died in Riverton."
    site = figure(text, "Nine", "a1", 9, location="the Riverton market mosque", source="police")
    total = figure(text, "40", "a1", 40, source="the mayor", source_chain=("mayor",))

    assert reconcile([site, total]).conflicts == []


def test_reconcile_never_sets_officers_against_all_people() -> None:
    text = "Two officers were in critical condition; 14 people were critical, doctors said."
    officers = figure(text, "Two", "a1", 2, subject="police officers", source="police", category="injured")
    people = figure(text, "14", "a1", 14, source="doctors", source_chain=("doctors",), category="injured")

    assert reconcile([officers, people]).conflicts == []


def test_frame_article_reads_a_publication_date_that_is_no_day_as_undated() -> None:
    for published in ("2026-03", "the Tuesday after the storm"):
        found = frame(REPORT, "a1", published, [])

        # Without figures the place is the first the title and lead name.
        assert found.published is None and found.place == "riverton, united states"


# Places through the gazetteer.

CITY_REPORT = (
    "Factory blaze kills 14 in Lyon\n"
    "At least 14 workers were killed when a fire swept through a chemical factory in Lyon on "
    "Tuesday, the fire brigade said. The plant's owner, Marc Duval, said the cause was not known."
)
COUNTRY_REPORT = (
    "France factory fire: union says 20 died\n"
    "A workers' union said 20 people died in the chemical factory fire on Tuesday in France, more "
    "than the fire brigade had said. Marc Duval, the plant's owner, declined to comment."
)


def test_frames_of_a_city_and_its_country_link_and_share_a_block() -> None:
    city_claims = [figure(CITY_REPORT, "At least 14", "a1", 14, "at_least", location="Lyon")]
    country_claims = [figure(COUNTRY_REPORT, "20", "a2", 20, location="France")]
    city = frame(CITY_REPORT, "a1", "2026-05-12", city_claims)
    country = frame(COUNTRY_REPORT, "a2", "2026-05-13", country_claims)

    assert (city.place, country.place) == ("lyon, france", "france")
    assert blocks(city) & blocks(country)
    assert linked(city, country)
    assert len(set(resolve_events([city, country]).event_of.values())) == 1


def test_slot_place_keeps_a_place_inside_the_event_s_and_parts_another_city() -> None:
    event = frame(CITY_REPORT, "a1", "2026-05-12", [])
    inside = figure(CITY_REPORT, "14", "a1", 14, location="France")
    elsewhere = figure(
        "Two years ago 9 died in Marseille.", "9", "a1", 9, location="Marseille", date_text=None
    )
    possessive = figure(
        "The company's largest plant lost 3 workers.", "3", "a1", 3, location="the company's", date_text=None
    )
    claims = [inside, elsewhere, possessive]
    infos = describe_events(claims, {"a1": event}, {"a1": "a1"})

    places = [claim_slot(c, infos["a1"]).place for c in claims]

    assert places == ["lyon, france", "marseille", "lyon, france"]


def test_slot_place_keeps_a_national_total_apart_from_the_city_s_toll() -> None:
    event = frame(CITY_REPORT, "a1", "2026-05-12", [])
    national = figure(
        "Across the country 40 factories were shut in France.",
        "40",
        "a1",
        40,
        location="France",
        date_text=None,
    )
    infos = describe_events([national], {"a1": event}, {"a1": "a1"})

    assert claim_slot(national, infos["a1"]).place == "france"


def test_slot_place_takes_no_hospital_as_a_part_of_a_count_of_patients() -> None:
    text = "Six remained in critical condition at the Lyon General Hospital."
    critical = figure(text, "Six", "a1", 6, category="critical_condition", location="Lyon General Hospital")
    killed = figure(text, "Six", "a1", 6, location="Lyon General Hospital")
    event = frame(CITY_REPORT, "a1", "2026-05-12", [])
    infos = describe_events([critical, killed], {"a1": event}, {"a1": "a1"})

    assert claim_slot(critical, infos["a1"]).place == "lyon, france"
    assert claim_slot(killed, infos["a1"]).place == "lyon general hospital"


def test_slot_place_reads_a_district_of_the_event_s_city_as_written() -> None:
    # The district's name opens with another city's ("Paris"): read whole and lower-cased,
    # the phrase would lose its "of" and resolve to that city instead of a part of Lyon.
    text = "Nine people died when a roof fell in the Paris Gardens district of Lyon on Tuesday."
    district = figure(text, "Nine", "a1", 9, location="the Paris Gardens district of Lyon")
    event = frame(CITY_REPORT, "a1", "2026-05-12", [])
    infos = describe_events([district], {"a1": event}, {"a1": "a1"})

    assert claim_slot(district, infos["a1"]).place == "lyon, france"


CITY_WITH_BACKGROUND = (
    "Fire kills 14 in Lyon\n"
    "At least 14 workers were killed when a fire swept through a chemical factory in Lyon on "
    "Tuesday, the fire brigade said. Since the war began, 2,100 workers have been killed in "
    "France, the union says, and about 12 percent of the factories in France handle such "
    "chemicals."
)


def test_frame_place_is_not_taken_from_background_figures() -> None:
    # A total since the war began and a share, both for the whole country, outnumber the
    # one figure in the city: background, they place nothing.
    claims = [
        figure(CITY_WITH_BACKGROUND, "At least 14", "a1", 14, "at_least", location="Lyon"),
        figure(CITY_WITH_BACKGROUND, "2,100", "a1", 2100, location="France", date_text="Since the war began"),
        figure(CITY_WITH_BACKGROUND, "12 percent", "a1", 12, category="share", location="France"),
    ]

    assert frame(CITY_WITH_BACKGROUND, "a1", "2026-05-12", claims).place == "lyon, france"
    # With no other figure, background still places the article.
    assert frame(CITY_WITH_BACKGROUND, "a1", "2026-05-12", claims[1:]).place == "france"


def test_frame_place_tie_goes_to_the_place_named_first_whatever_the_claims_order() -> None:
    text = "Storm kills 3\nThree died in Lyon on Tuesday, and three more died in Marseille."
    claims = [
        figure(text, "Three", "a1", 3, location="Lyon"),
        figure(text, "three", "a1", 3, location="Marseille"),
    ]

    places = {frame(text, "a1", "2026-05-12", order).place for order in (claims, claims[::-1])}

    assert places == {"lyon, france"}
