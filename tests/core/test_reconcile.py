"""Reconciliation rules, each on a small hand-written set of claims, and the seeds' gold."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from factledger.core.models import Claim, Conflict, Reconciled
from factledger.core.reconcile import REASON_CODES, RULES_VERSION, Thresholds, find_conflicts
from tests.seeds import gold_claim

GOLD = Path(__file__).resolve().parents[1] / "data" / "seeds_gold.jsonl"
SOHR = "Syrian Observatory for Human Rights"


def make_claim(**fields: Any) -> Claim:
    """A claim about west Aleppo on 2016-10-28 unless the test says otherwise."""
    number_text = str(fields.pop("number_text", fields.get("value_low", "")))
    values: dict[str, Any] = {
        "document_id": "sha256:doc",
        "article_id": "article-1",
        "start": 0,
        "end": len(number_text),
        "number_text": number_text,
        "quote_start": 0,
        "quote_end": len(number_text),
        "quote": number_text,
        "value_low": None,
        "value_high": None,
        "qualifier": "exact",
        "category": "killed",
        "subject": "people",
        "location": "western Aleppo",
        "date": "2016-10-28",
        "source_chain": ("RT",),
    }
    values.update(fields)
    values.setdefault("source", values["source_chain"][-1] if values["source_chain"] else None)
    return Claim(**values)


def exact(value: int, **fields: Any) -> Claim:
    return make_claim(value_low=value, value_high=value, qualifier="exact", **fields)


def at_least(value: int, **fields: Any) -> Claim:
    return make_claim(value_low=value, qualifier="at_least", **fields)


def more_than(value: int, **fields: Any) -> Claim:
    return make_claim(value_low=value + 1, qualifier="more_than", **fields)


def in_sentence(value: int, text: str, quote: str, **fields: Any) -> Claim:
    """An exact figure written as `text` inside the sentence `quote`."""
    start = quote.index(text)
    return exact(
        value,
        number_text=text,
        quote=quote,
        start=start,
        end=start + len(text),
        quote_end=len(quote),
        **fields,
    )


def only(conflicts: list[Conflict]) -> Conflict:
    assert len(conflicts) == 1, conflicts
    return conflicts[0]


# Rule 1 and 7: a new reconciled record, with reasons, priority and the rules version.


def test_find_conflicts_reports_divergent_floors_in_full() -> None:
    rt = at_least(6, number_text="at least six")
    sohr = at_least(15, number_text="at least 15", article_id="article-2", source_chain=("CNN", SOHR))

    conflict = only(find_conflicts([rt, sohr]))

    assert conflict == Conflict(
        kind="divergence",
        severity="medium",
        claim_ids=tuple(sorted((rt.id, sohr.id))),
        reasons=("divergent_floors", "relayed_source", "source:RT", f"source:{SOHR}"),
        reconciled=Reconciled(low=6, high=None, headline=6, independent_sources=2),
        event_key="article-1|killed|people|people|count|aleppo, syria|",
        priority=2.436824,
        rules_version="reconcile-8",
        explanation=(
            "RT says at least six people were killed in Aleppo on 28 October 2016; "
            f"{SOHR} says at least 15. The estimates are far apart."
        ),
        disputes=(tuple(sorted((rt.id, sohr.id))),),  # type: ignore[arg-type]
        support=tuple((i, ()) for i in sorted((rt.id, sohr.id))),
    )
    assert RULES_VERSION == "reconcile-8"


def test_find_conflicts_leaves_source_figures_untouched() -> None:
    claims = [exact(9, source_chain=("LCC",)), exact(10, source_chain=(SOHR,))]
    before = [c.content() for c in claims]

    conflict = only(find_conflicts(claims))

    assert [c.content() for c in claims] == before
    assert conflict.reconciled == Reconciled(low=9, high=10, headline=9, independent_sources=2)


# Rule 2: categories and subjects.


def test_find_conflicts_keeps_killed_and_injured_apart() -> None:
    claims = [exact(6), exact(100, category="injured", source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


def test_find_conflicts_compares_civilians_with_people_noting_scope() -> None:
    civilians = at_least(6, subject="civilians")
    people = at_least(15, source_chain=(SOHR,))

    conflict = only(find_conflicts([civilians, people]))

    assert (conflict.kind, conflict.severity) == ("divergence", "low")
    assert conflict.reasons == ("divergent_floors", "subject_scope_differs", "source:RT", f"source:{SOHR}")


def test_find_conflicts_flags_more_civilians_than_people_as_hard() -> None:
    civilians = exact(12, subject="civilians")
    people = exact(5, source_chain=(SOHR,))

    conflict = only(find_conflicts([civilians, people]))

    assert (conflict.kind, conflict.severity) == ("hard_conflict", "high")
    assert conflict.reasons == ("disjoint_intervals", "subject_scope_differs", "source:RT", f"source:{SOHR}")


def test_find_conflicts_never_compares_fighters_with_civilians() -> None:
    claims = [exact(40, subject="rebel fighters"), exact(3, subject="civilians", source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


def test_find_conflicts_never_compares_children_with_people() -> None:
    claims = [exact(7, subject="children"), exact(40, source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


# Rule 3: same event and scope first.


def test_find_conflicts_compares_neighbourhood_with_its_city() -> None:
    district = exact(9, location="Bustan al-Qasr area of western Aleppo")
    city = exact(10, location="Aleppo", source_chain=(SOHR,))

    assert only(find_conflicts([district, city])).claim_ids == tuple(sorted((district.id, city.id)))


def test_find_conflicts_keeps_east_and_west_apart() -> None:
    claims = [exact(9, location="eastern Aleppo"), exact(30, location="western Aleppo", source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


def test_find_conflicts_gives_another_place_its_own_slot() -> None:
    village = exact(9, location="the village of Miznaz", quote="9 killed in the village of Miznaz")
    city = exact(30, location="Aleppo", source_chain=(SOHR,))
    also_village = exact(
        10, location="the village of Miznaz", quote="10 died in the village of Miznaz", source_chain=("LCC",)
    )

    conflict = only(find_conflicts([village, city, also_village]))

    assert conflict.claim_ids == tuple(sorted((village.id, also_village.id)))
    assert conflict.event_key.endswith("|miznaz|")


def test_find_conflicts_gives_a_day_before_the_event_its_own_slot() -> None:
    # One article names the day of the event and the day before it: another incident.
    event_day = [exact(50, date_text="on Friday", source_chain=(f"Source {n}",)) for n in "AB"]
    day_before = exact(4, date="2016-10-27", date_text="on Thursday", source_chain=("LCC",))

    assert find_conflicts([*event_day, day_before]) == []


def test_find_conflicts_compares_undated_figures_within_their_article() -> None:
    # An article with no date is an event of its own: its figures still meet each other.
    claims = [exact(9, date=None), exact(30, date=None, source_chain=(SOHR,))]
    elsewhere = exact(30, date=None, article_id="article-2", source_chain=("LCC",))

    assert only(find_conflicts([*claims, elsewhere])).claim_ids == tuple(sorted(c.id for c in claims))


def test_find_conflicts_dates_short_window_by_its_last_day() -> None:
    overnight = exact(9, date="2016-10-27/2016-10-28")
    day = exact(30, source_chain=(SOHR,))

    assert only(find_conflicts([overnight, day])).kind == "hard_conflict"


def test_find_conflicts_never_compares_total_with_incident() -> None:
    total = at_least(400, scope="cumulative", date="2016-10-01/2016-10-31", source_chain=("UN",))
    incident = exact(9, date="2016-10-28", source_chain=(SOHR,))

    assert find_conflicts([total, incident]) == []


def test_find_conflicts_compares_totals_over_same_window_only() -> None:
    october = "2016-10-01/2016-10-31"
    un = exact(400, scope="cumulative", date=october, location="eastern Aleppo", source_chain=("UN",))
    same = exact(250, scope="cumulative", date=october, location="eastern Aleppo", source_chain=(SOHR,))
    other_window = replace(same, date="2016-09-26/2016-10-26")

    assert only(find_conflicts([un, same])).claim_ids == tuple(sorted((un.id, same.id)))
    assert find_conflicts([un, other_window]) == []


# Rule 4: hard conflicts, divergence, consistency.


def test_find_conflicts_flags_nine_against_ten_as_hard() -> None:
    lcc = exact(9, number_text="nine", location="the village of Miznaz", source_chain=("LCC",))
    sohr = exact(10, location="the village of Miznaz", source_chain=("The New Arab", "The Observatory"))

    conflict = only(find_conflicts([lcc, sohr]))

    assert (conflict.kind, conflict.severity) == ("hard_conflict", "high")
    assert conflict.reasons == (
        "disjoint_intervals",
        "relayed_source",
        "source:Local Coordination Committees",
        f"source:{SOHR}",
    )


def test_find_conflicts_allows_rounding_under_a_hedge() -> None:
    hedged = at_least(93000, number_text="at least 93,000", category="displaced")
    precise = exact(92901, category="displaced", source_chain=(SOHR,))

    assert find_conflicts([hedged, precise]) == []


def test_find_conflicts_notes_rounding_in_a_flagged_group() -> None:
    hedged = at_least(93000, number_text="at least 93,000", category="displaced")
    precise = exact(92901, category="displaced", source_chain=(SOHR,))
    far_off = exact(50000, category="displaced", source_chain=("LCC",))

    conflicts = find_conflicts([hedged, precise, far_off])

    # The hedged and the precise figure agree (thanks to rounding): each disputes the
    # far-off one in a conflict of its own, never each other.
    assert sorted(c.claim_ids for c in conflicts) == sorted(
        tuple(sorted((far_off.id, other.id))) for other in (hedged, precise)
    )
    assert all(c.reasons[:2] == ("disjoint_intervals", "rounding") for c in conflicts)


def test_find_conflicts_flags_unrounded_hedge_below_a_figure() -> None:
    hedged = at_least(93001, category="displaced")
    precise = exact(92901, category="displaced", source_chain=(SOHR,))

    assert only(find_conflicts([hedged, precise])).kind == "hard_conflict"


def test_find_conflicts_treats_digits_and_words_alike() -> None:
    claims = [exact(9, number_text="nine"), exact(9, number_text="9", source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


def test_find_conflicts_flags_over_seventy_against_more_than_hundred() -> None:
    rt = make_claim(value_low=70, qualifier="more_than", category="injured")
    sohr = make_claim(value_low=100, qualifier="more_than", category="injured", source_chain=("CNN", SOHR))

    conflict = only(find_conflicts([rt, sohr]))

    assert (conflict.kind, conflict.severity) == ("divergence", "medium")
    assert conflict.reconciled == Reconciled(low=70, high=None, headline=70, independent_sources=2)


def test_find_conflicts_names_both_sides_of_a_crowd_estimate() -> None:
    organisers = make_claim(
        value_low=1_800_000,
        value_high=1_999_999,
        qualifier="almost",
        number_text="close to two million",
        category="participants",
        location="Paris",
        date="2016-06-14",
        source_chain=("Le Monde", "CGT"),
    )
    police = replace(
        organisers, value_low=338_000, value_high=338_000, qualifier="exact", source_chain=("Police",)
    )

    conflict = only(find_conflicts([organisers, police]))

    assert (conflict.kind, conflict.severity) == ("divergence", "medium")
    assert conflict.reasons == (
        "disjoint_intervals",
        "hedged_estimate",
        "relayed_source",
        "source:CGT",
        "source:Police",
    )


def test_find_conflicts_accepts_figure_inside_vague_range() -> None:
    vague = make_claim(value_low=200_000, value_high=999_999, qualifier="vague", category="trapped")
    un = exact(275_000, category="trapped", source_chain=("UN",))

    assert find_conflicts([vague, un]) == []


def test_find_conflicts_accepts_dozens_beside_over_seventy() -> None:
    dozens = make_claim(value_low=24, value_high=99, qualifier="vague", category="injured")
    over = make_claim(value_low=70, qualifier="more_than", category="injured", source_chain=(SOHR,))

    assert find_conflicts([dozens, over]) == []


def test_find_conflicts_ignores_small_gaps_between_floors() -> None:
    claims = [at_least(4), at_least(5, source_chain=(SOHR,))]

    assert find_conflicts(claims) == []


def test_find_conflicts_follows_the_divergence_ratio() -> None:
    claims = [at_least(6), at_least(15, source_chain=(SOHR,))]

    assert find_conflicts(claims, Thresholds(divergence_ratio=3.0)) == []


# Rules 5 and 6: relays count once; a source's later figure updates its earlier one.


def test_find_conflicts_counts_relays_once() -> None:
    rt = at_least(6)
    via_cnn = at_least(15, article_id="article-2", source_chain=("CNN", SOHR))
    via_new_arab = at_least(15, article_id="article-3", source_chain=("The New Arab", "the SOHR"))

    conflict = only(find_conflicts([rt, via_cnn, via_new_arab]))

    assert conflict.reconciled.independent_sources == 2


def test_find_conflicts_reads_a_later_larger_toll_of_one_source_as_an_update() -> None:
    earlier = exact(12, article_id="article-2", source_chain=("CNN", SOHR), date_text="on Friday")
    later = exact(15, article_id="article-3", source_chain=("The New Arab", SOHR), **SATURDAY)

    assert find_conflicts([earlier, later]) == []


SATURDAY: dict[str, Any] = {"date": "2016-10-29", "date_text": "on Saturday"}


def test_find_conflicts_flags_one_source_reported_two_ways_at_once() -> None:
    via_cnn = exact(12, article_id="article-2", source_chain=("CNN", SOHR))
    via_new_arab = exact(15, article_id="article-3", source_chain=("The New Arab", SOHR))

    conflict = only(find_conflicts([via_cnn, via_new_arab]))

    assert conflict.kind == "hard_conflict"
    assert "same_source_differs" in conflict.reasons


def test_find_conflicts_flags_a_toll_that_falls() -> None:
    earlier = exact(170, article_id="article-1", source_chain=(SOHR,), date_text="on Friday")
    later = exact(157, article_id="article-2", source_chain=(SOHR,), **SATURDAY)

    conflict = only(find_conflicts([earlier, later]))

    assert {"same_source_differs", "toll_fell"} <= set(conflict.reasons)


def test_find_conflicts_flags_a_source_contradicting_itself() -> None:
    first = at_least(15, source_chain=("CNN", SOHR))
    second = exact(9, source_chain=("CNN", SOHR))

    conflict = only(find_conflicts([first, second]))

    assert (conflict.kind, conflict.severity) == ("self_contradiction", "high")
    assert conflict.reasons == ("disjoint_intervals", "relayed_source", "same_source", f"source:{SOHR}")


def test_find_conflicts_compares_only_a_source_latest_figure() -> None:
    earlier = exact(10, article_id="article-1", source_chain=(SOHR,), date_text="on Friday")
    later = exact(12, article_id="article-2", source_chain=(SOHR,), **SATURDAY)
    lcc = exact(12, article_id="article-3", source_chain=("LCC",), **SATURDAY)

    assert find_conflicts([earlier, later, lcc]) == []


def test_find_conflicts_notes_an_update_in_a_flagged_group() -> None:
    earlier = exact(10, article_id="article-1", source_chain=(SOHR,), date_text="on Friday")
    later = exact(12, article_id="article-2", source_chain=(SOHR,), **SATURDAY)
    lcc = exact(30, article_id="article-3", source_chain=("LCC",), **SATURDAY)

    conflict = only(find_conflicts([earlier, later, lcc]))

    assert conflict.claim_ids == tuple(sorted((later.id, lcc.id)))
    assert conflict.reasons == (
        "disjoint_intervals",
        "source_updated",
        "source:Local Coordination Committees",
        f"source:{SOHR}",
    )


def test_find_conflicts_lists_a_source_repeating_its_figure_once_as_a_rival() -> None:
    first = exact(12, article_id="article-1", source_chain=(SOHR,))
    repeat = exact(12, article_id="article-2", source_chain=("CNN", SOHR))
    lcc = exact(30, article_id="article-3", source_chain=("LCC",))

    conflict = only(find_conflicts([lcc, repeat, first]))

    assert conflict.reconciled.independent_sources == 2
    # The repeat supports its source's figure; it is no rival, so not in claim_ids.
    # The latest report stands (article order breaks the tie); its repeat supports it.
    assert conflict.claim_ids == tuple(sorted((repeat.id, lcc.id)))
    assert dict(conflict.support) == {repeat.id: (first.id,), lcc.id: ()}
    assert conflict == only(find_conflicts([first, repeat, lcc]))


def test_find_conflicts_never_sets_agreeing_sources_in_one_conflict() -> None:
    # Two sources agree on a floor far above a third's figure: two disputes, each with
    # exactly the two figures in dispute, never the two that agree.
    low = exact(300, category="participants", source_chain=("Police",))
    high = more_than(1000, category="participants", article_id="article-2", source_chain=("Organisers",))
    higher = more_than(1300, category="participants", article_id="article-3", source_chain=("Union",))

    conflicts = find_conflicts([low, high, higher])

    assert sorted(c.claim_ids for c in conflicts) == sorted(
        tuple(sorted((low.id, other.id))) for other in (high, higher)
    )
    # The first dispute keeps the slot's key; the later one is keyed by its sources.
    assert sorted(c.event_key.split("|")[-1] for c in conflicts) == ["", "Police vs Union"]


def test_find_conflicts_puts_figures_that_all_disagree_in_one_conflict() -> None:
    claims = [
        exact(100, category="participants", source_chain=("Police",)),
        exact(300, category="participants", article_id="article-2", source_chain=("Monitor",)),
        exact(800, category="participants", article_id="article-3", source_chain=("Organisers",)),
    ]

    conflict = only(find_conflicts(claims))

    assert conflict.claim_ids == tuple(sorted(c.id for c in claims))
    assert len(conflict.disputes) == 3
    assert conflict.event_key.endswith("|participants|people|people|count|aleppo, syria|")


def test_find_conflicts_never_sets_the_parts_of_a_breakdown_against_each_other() -> None:
    quote = "Of the dead, 12 were killed in Northtown, five in Southville and two at the Central Depot."
    parts = [in_sentence(n, t, quote, location="Northtown") for n, t in ((12, "12"), (5, "five"), (2, "two"))]

    assert find_conflicts(parts) == []
    # The same figures in one sentence without a place each are one account's rivals.
    plain = "Officials said 12 were killed; a later statement said five."
    rivals = [in_sentence(n, t, plain) for n, t in ((12, "12"), (5, "five"))]
    assert only(find_conflicts(rivals)).kind == "self_contradiction"


def test_find_conflicts_gives_each_place_of_a_listed_breakdown_its_own_slot() -> None:
    listed = "Of the dead, Kenya counted 12, Ghana lost 7 and Peru 3."
    parts = [
        in_sentence(n, t, listed, source_chain=("Ministry",), location="Lakeside")
        for n, t in ((12, "12"), (7, "7"), (3, "3"))
    ]
    toll = exact(60, article_id="article-2", source_chain=("Police",), location="Lakeside")
    rival = exact(85, article_id="article-3", source_chain=("Red Cross",), location="Lakeside")

    conflict = only(find_conflicts([*parts, toll, rival]))

    assert conflict.claim_ids == tuple(sorted((toll.id, rival.id)))
    # Names that are no place the gazetteer knows make no breakdown: one account's rivals.
    plain = "Officials counted 12, Reporters lost 7."
    rivals = [in_sentence(n, t, plain) for n, t in ((12, "12"), (7, "7"))]
    assert only(find_conflicts(rivals)).kind == "self_contradiction"


def test_find_conflicts_reads_a_mark_the_count_has_crossed_as_a_floor() -> None:
    crossed = in_sentence(
        500, "500", "The toll has crossed 500, the ministry said.", source_chain=("Ministry",)
    )
    above = exact(530, article_id="article-2", source_chain=("Red Cross",))
    below = exact(380, article_id="article-3", source_chain=("Police",))

    assert find_conflicts([crossed, above]) == []
    assert only(find_conflicts([crossed, below])).claim_ids == tuple(sorted((crossed.id, below.id)))


def test_find_conflicts_sets_apart_a_year_named_in_an_undated_event() -> None:
    old_fire = in_sentence(
        210, "210", "In 1998 a fire at the depot killed 210 people.", date=None, source_chain=()
    )
    toll = at_least(240, article_id="article-1", date=None, source_chain=("Police",))
    rival = exact(150, article_id="article-1", date=None, source_chain=("Red Cross",))

    conflict = only(find_conflicts([old_fire, toll, rival]))

    assert old_fire.id not in conflict.claim_ids


def test_find_conflicts_compares_no_share_of_the_victims_nor_a_change_or_gap_between_counts() -> None:
    share = in_sentence(
        12, "12", "Officials said 12 of the victims were foreign visitors.", source_chain=("Officials",)
    )
    gap = in_sentence(
        60,
        "almost 60",
        "The toll was revised to 150, almost 60 fewer than first reported.",
        article_id="article-2",
        source_chain=("Ministry",),
    )
    change = in_sentence(
        12,
        "12",
        "Officials lowered the toll from the depot fire by 12 to 150.",
        article_id="article-4",
        source_chain=("Fire service",),
    )
    toll = exact(150, article_id="article-3", source_chain=("Police",))

    assert find_conflicts([share, gap, change, toll]) == []
    assert find_conflicts([exact(12, source_chain=("Officials",)), toll])  # a toll of 12 is a rival


def test_find_conflicts_never_sets_a_share_of_those_against_the_figure_before_it() -> None:
    text = "About 80,000 people fled to shelters. No more than 20,000 of those remain there."
    fled, remain = (
        in_sentence(v, t, text, category="displaced", source_chain=("Agency",))
        for v, t in ((80000, "80,000"), (20000, "20,000"))
    )
    remain = replace(remain, quote_start=text.index("No"), quote=text[text.index("No") :])
    fled = replace(fled, quote_end=text.index("No") - 1, quote=text[: text.index("No") - 1])
    rival = exact(50000, article_id="article-2", category="displaced", source_chain=("Aid group",))

    assert find_conflicts([fled, remain]) == []
    found = find_conflicts([fled, remain, rival])
    assert any(remain.id in c.claim_ids for c in found)  # still a rival of another source's count
    assert not any({fled.id, remain.id} <= set(c.claim_ids) for c in found)


def test_find_conflicts_reads_an_unclassed_crowd_at_a_gathering_as_its_turnout() -> None:
    organisers = exact(40000, category="participants", source_chain=("Organisers",))
    police = exact(12000, category="other", article_id="article-2", source_chain=("Police",))

    assert only(find_conflicts([organisers, police])).claim_ids == tuple(sorted((organisers.id, police.id)))
    # At a disaster, an unclassed count of people is no rival of the dead.
    dead = exact(40, source_chain=("Ministry",))
    assert find_conflicts([dead, replace(police, value_low=12, value_high=12)]) == []


def test_find_conflicts_sets_aside_a_figure_of_another_order_of_magnitude() -> None:
    crowd = [
        exact(300000, category="participants", source_chain=("Police",)),
        more_than(1000000, category="participants", article_id="article-2", source_chain=("Organisers",)),
        exact(2, category="participants", article_id="article-3", source_chain=("Witness",)),
    ]

    conflict = only(find_conflicts(crowd))

    assert crowd[2].id not in conflict.claim_ids


# Sub-counts, repeats, stable keys, ordering.


def test_find_conflicts_never_sets_a_sub_count_against_its_parent() -> None:
    parent = at_least(15, subject="people")
    sub_count = exact(4, subject="civilians", parent_id=parent.id)

    assert find_conflicts([parent, sub_count]) == []


def test_find_conflicts_counts_repeated_claims_once() -> None:
    rt, sohr = at_least(6), at_least(15, source_chain=(SOHR,))

    assert find_conflicts([rt, sohr, rt, sohr]) == find_conflicts([rt, sohr])


def test_find_conflicts_keeps_the_key_when_a_claim_arrives() -> None:
    rt, sohr = at_least(6), at_least(15, source_chain=(SOHR,))
    lcc = at_least(20, source_chain=("LCC",))

    first = only(find_conflicts([rt, sohr]))
    second = find_conflicts([rt, sohr, lcc])

    # The new source opens a dispute of its own; the first one is unchanged.
    assert first in second
    assert len(second) == 2


def test_find_conflicts_keeps_the_key_when_a_source_updates_its_figure() -> None:
    rt = at_least(6)
    sohr = at_least(
        15, article_id="article-2", source_chain=(SOHR,), date="2016-10-28", date_text="on Friday"
    )
    later = at_least(
        18, article_id="article-3", source_chain=(SOHR,), date="2016-10-29", date_text="on Saturday"
    )

    first, second = only(find_conflicts([rt, sohr])), only(find_conflicts([rt, sohr, later]))

    assert second.key == first.key
    assert second.claim_ids == tuple(sorted((rt.id, later.id)))


def test_find_conflicts_puts_hard_conflicts_first() -> None:
    divergence = [at_least(6, category="injured"), at_least(15, category="injured", source_chain=(SOHR,))]
    hard = [exact(9), exact(10, source_chain=(SOHR,))]

    conflicts = find_conflicts([*divergence, *hard])

    assert [(c.kind, c.priority) for c in conflicts] == [
        ("hard_conflict", 3.186824),
        ("divergence", 2.436824),
    ]


# The seeds: every gold conflict marked "yes" is flagged, none marked "no" is.

# Per gold claim: article, ISO date (000 published Fri 2016-10-28, 004 Thu 2016-11-03;
# "in less than a month" said on Wed 2016-10-26), scope, relay chain, parent claim.
UN_CHAIN = ("CNN", "UN OCHA")
SEED_CONTEXT: dict[str, tuple[str, str, str, tuple[str, ...], str | None]] = {
    "seeds:s000:rt_killed": ("s000-rt", "2016-10-28", "incident", ("RT",), None),
    "seeds:s000:rt_injured": ("s000-rt", "2016-10-28", "incident", ("RT",), None),
    "seeds:s000:rt_civ_killed": ("s000-rt", "2016-10-28", "incident", ("RT",), None),
    "seeds:s000:rt_dozens_inj": ("s000-rt", "2016-10-28", "incident", ("RT",), None),
    "seeds:s000:rt_pause": ("s000-rt", "2016-10-28", "incident", ("RT",), None),
    "seeds:s000:cnn_killed": ("s000-cnn", "2016-10-28", "incident", ("CNN", SOHR), None),
    "seeds:s000:cnn_wounded": ("s000-cnn", "2016-10-28", "incident", ("CNN", SOHR), None),
    "seeds:s000:cnn_mortars": ("s000-cnn", "2016-10-28", "incident", ("CNN", SOHR), None),
    "seeds:s000:cnn_carbombs": ("s000-cnn", "2016-10-28", "incident", ("CNN", SOHR), None),
    "seeds:s000:cnn_trapped": ("s000-cnn", "2016-10-28", "incident", ("CNN",), None),
    "seeds:s000:un_400": ("s000-cnn", "2016-09-26/2016-10-26", "cumulative", UN_CHAIN, None),
    "seeds:s000:un_mortar_100": ("s000-cnn", "2016-10-01/2016-10-31", "cumulative", UN_CHAIN, None),
    "seeds:s000:un_women": (
        "s000-cnn",
        "2016-10-01/2016-10-31",
        "cumulative",
        UN_CHAIN,
        "seeds:s000:un_mortar_100",
    ),
    "seeds:s000:un_children": (
        "s000-cnn",
        "2016-10-01/2016-10-31",
        "cumulative",
        UN_CHAIN,
        "seeds:s000:un_mortar_100",
    ),
    "seeds:s004:state_4": ("s004", "2016-11-03", "incident", ("The New Arab", "SANA"), None),
    "seeds:s004:sohr_vbied": ("s004", "2016-11-03", "incident", ("The New Arab", SOHR), None),
    "seeds:s004:lcc_9": ("s004", "2016-11-03", "incident", ("The New Arab", "LCC"), None),
    "seeds:s004:sohr_10": ("s004", "2016-11-03", "incident", ("The New Arab", SOHR), None),
    "seeds:s004:sohr_7ch": ("s004", "2016-11-03", "incident", ("The New Arab", SOHR), "seeds:s004:sohr_10"),
    "seeds:s004:share_90": (
        "s004",
        "2016-11-03",
        "incident",
        ("The New Arab", "independent estimates"),
        None,
    ),
    "seeds:s004:five_years": ("s004", "2016-11-03", "incident", ("The New Arab",), None),
    "seeds:s004:un_275k": ("s004", "2016-11-03", "incident", ("The New Arab", "United Nations"), None),
}


def read_gold(kind: str) -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as lines:
        return [r for r in map(json.loads, lines) if r["record"] == kind]


def build_seed_claims() -> dict[str, Claim]:
    """The gold claims as the extractor would hand them over, keyed by gold id."""
    claims: dict[str, Claim] = {}
    for record in read_gold("claim"):  # parents come before their sub-counts in the file
        article, when, scope, chain, parent = SEED_CONTEXT[record["id"]]
        claims[record["id"]] = gold_claim(
            record,
            f"seed:{record['article']}",
            article,
            date=when,
            scope=scope,
            source_chain=chain,
            parent_id=claims[parent].id if parent else None,
        )
    return claims


def test_find_conflicts_meets_seed_gold() -> None:
    claims = build_seed_claims()
    conflicts = find_conflicts(list(claims.values()))
    flagged = [set(c.claim_ids) for c in conflicts]

    for gold in read_gold("conflict"):
        pair = {claims[i].id for i in gold["claims"]}
        together = any(pair <= ids for ids in flagged)
        if gold["expected_flag"] == "yes":
            assert together, gold["id"]
        if gold["expected_flag"] == "no":
            assert not together, gold["id"]


def test_find_conflicts_flags_seeds_as_written_out() -> None:
    claims = build_seed_claims()
    gold_id = {claim.id: gid.split(":")[-1] for gid, claim in claims.items()}

    conflicts = find_conflicts(list(claims.values()))

    assert [(c.kind, c.severity, sorted(gold_id[i] for i in c.claim_ids), c.reasons) for c in conflicts] == [
        (
            "hard_conflict",
            "high",
            ["lcc_9", "sohr_10"],
            (
                "disjoint_intervals",
                "relayed_source",
                "source:Local Coordination Committees",
                f"source:{SOHR}",
            ),
        ),
        (
            "divergence",
            "medium",
            ["cnn_killed", "rt_killed"],
            ("divergent_floors", "relayed_source", "source:RT", f"source:{SOHR}"),
        ),
        (
            "divergence",
            "medium",
            ["cnn_wounded", "rt_injured"],
            ("divergent_floors", "relayed_source", "source:RT", f"source:{SOHR}"),
        ),
        (
            "divergence",
            "low",
            ["cnn_killed", "rt_civ_killed"],
            ("divergent_floors", "relayed_source", "subject_scope_differs", "source:RT", f"source:{SOHR}"),
        ),
    ]
    assert [c.reconciled for c in conflicts] == [
        Reconciled(low=9, high=10, headline=9, independent_sources=2),
        Reconciled(low=6, high=None, headline=6, independent_sources=2),
        Reconciled(low=70, high=None, headline=70, independent_sources=2),
        Reconciled(low=6, high=None, headline=6, independent_sources=2),
    ]


@settings(max_examples=50, deadline=None)
@given(st.permutations(list(build_seed_claims().values())))
def test_find_conflicts_ignores_input_order(claims: list[Claim]) -> None:
    assert find_conflicts(claims) == find_conflicts(list(build_seed_claims().values()))


def test_find_conflicts_settles_equal_updates_by_article() -> None:
    first = exact(12, article_id="article-1", source_chain=(SOHR,), **SATURDAY)
    second = exact(11, article_id="article-2", source_chain=(SOHR,), **SATURDAY)
    lcc = exact(30, article_id="article-3", source_chain=("LCC",))

    assert only(find_conflicts([first, second, lcc])) == only(find_conflicts([lcc, second, first]))


RULES_DOC = (Path(__file__).resolve().parents[2] / "RECONCILIATION.md").read_text(encoding="utf-8")


def test_rules_doc_names_the_version_every_threshold_and_reason() -> None:
    names = [RULES_VERSION, *(f"`{field}`" for field in Thresholds.__dataclass_fields__)]
    names += [f"`{code}`" for code in REASON_CODES]

    assert [name for name in names if name not in RULES_DOC] == []


def test_rules_doc_gives_every_threshold_default() -> None:
    defaults = {name: str(getattr(Thresholds(), name)) for name in Thresholds.__dataclass_fields__}

    assert all(f"| `{name}` | {value} |" in RULES_DOC for name, value in defaults.items())


def test_find_conflicts_reads_fewer_civilians_from_one_source_as_one_account() -> None:
    people = at_least(15, source_chain=(SOHR,))
    civilians = exact(6, subject="civilians", source_chain=(SOHR,))

    assert find_conflicts([people, civilians]) == []


def test_find_conflicts_reads_more_than_at_its_round_figure() -> None:
    more_than = make_claim(value_low=101, qualifier="more_than", number_text="more than 100")
    precise = exact(95, source_chain=(SOHR,))

    assert find_conflicts([more_than, precise]) == []


def test_find_conflicts_keeps_the_conflict_when_an_agreeing_figure_arrives() -> None:
    rt, sohr = at_least(6), at_least(15, article_id="article-2", source_chain=(SOHR,))
    agreeing = make_claim(
        value_low=24, value_high=99, qualifier="vague", article_id="article-3", source_chain=("LCC",)
    )

    before, after = only(find_conflicts([rt, sohr])), only(find_conflicts([rt, sohr, agreeing]))

    assert after == before
    assert after.id == before.id


def test_find_conflicts_takes_a_source_s_loose_word_as_no_rival_of_its_count() -> None:
    quote = "The blasts killed scores of people. The toll now stands at 260."
    loose = make_claim(value_low=40, value_high=99, qualifier="vague", number_text="scores", quote=quote)
    count = in_sentence(260, "260", quote)

    assert find_conflicts([loose, count]) == []


def test_find_conflicts_stands_the_body_s_figure_for_its_headline() -> None:
    headline = exact(11, source=None, source_chain=(), quote="11 arrested", start=0)
    body = exact(
        11, source=None, source_chain=(), quote="Police arrested 11 people.", start=500, quote_start=484
    )
    rival = exact(8, article_id="article-2", source_chain=("Ministry",))

    conflict = only(find_conflicts([headline, body, rival]))

    assert conflict.claim_ids == tuple(sorted((body.id, rival.id)))
    assert dict(conflict.support)[body.id] == (headline.id,)
