"""Hostile inputs: what an article controls must cost time in proportion to its size.

Each test gives a timeout far above what the input needs (bench/bench_hostile.py prints
the times and how they grow) and far below what a quadratic step would take.
"""

from __future__ import annotations

import pytest

from factledger.core.attribution import Attribution, find_attributions
from factledger.core.extract import extract_claims, find_place
from factledger.core.models import Claim
from factledger.core.reconcile import reconcile
from factledger.core.segment import segment_document
from factledger.core.spans import Nearest


def _claims_of(text: str) -> list:  # type: ignore[type-arg]
    return extract_claims(text, segment_document("doc", text))


@pytest.mark.timeout(20)
def test_a_sentence_listing_16000_figures_extracts_well_within_the_timeout() -> None:
    numbers = ", ".join(str(n) for n in range(1, 16_001))
    claims = _claims_of(f"Officials said {numbers} people were killed.\n")
    # 1000 to 2100 read as years, as anywhere else.
    assert len(claims) == 14_899
    assert claims[0].number_text == "1" and claims[-1].number_text == "16000"
    # Every claim of the sentence holds the same quote string, not a copy of its own.
    assert len({id(claim.quote) for claim in claims}) == 1


@pytest.mark.timeout(20)
def test_a_sentence_of_8000_attribution_cues_extracts_well_within_the_timeout() -> None:
    cue = "police said {i} died, the agency's figure of {i} claimed by officials, NBC News reported"
    text = ", ".join(cue.format(i=i) for i in range(1, 2_001)) + ".\n"
    claims = _claims_of(text)
    assert {c.source for c in claims} <= {"police", "the agency", "officials"}
    assert len(claims) > 1_000


@pytest.mark.timeout(20)
def test_a_run_of_a_million_digits_extracts_well_within_the_timeout() -> None:
    claims = _claims_of(f"Officials said {'1' * 1_000_000} people were killed.\n")
    assert claims == []  # more digits than any count has: an identifier, never converted


@pytest.mark.timeout(20)
def test_a_chain_of_16000_sub_counts_all_point_at_their_total() -> None:
    parts = ", ".join(f"{n} women" for n in range(1, 16_001))
    claims = _claims_of(f"The strike killed 99999 people, including {parts}.\n")
    total, subs = claims[0], claims[1:]
    assert len(subs) == 16_000
    assert total.parent_id is None
    assert {claim.parent_id for claim in subs} == {total.id}


@pytest.mark.timeout(20)
def test_a_long_hyphenated_name_is_read_in_linear_time() -> None:
    name = "-".join(["Aa"] * 5_000)
    claims = _claims_of(f"Five people were killed in the {name} town.\n")
    assert [claim.number_text for claim in claims] == ["Five"]
    text = "Shells hit the Bab-Nayrab area of eastern Aleppo."
    assert find_place(text, 0, len(text)) == "the Bab-Nayrab area of eastern Aleppo"


@pytest.mark.timeout(20)
def test_a_paragraph_of_20000_sentences_places_each_in_linear_time() -> None:
    text = "Two people died in Aleppo. " + "Three people died. " * 20_000 + "\n"
    claims = _claims_of(text)
    assert len(claims) == 20_001
    assert {claim.location for claim in claims} == {"Aleppo"}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("opening", ["", "The agency, citing no one, wrote: "])
def test_a_sentence_of_16000_speech_cues_attributes_each_figure_well_within_the_timeout(opening: str) -> None:
    cues = ", ".join(f"officials said {n}" for n in range(1, 16_001))
    claims = _claims_of(f"{opening}{cues} people were killed.\n")
    assert len(claims) == 14_899
    assert {claim.source for claim in claims} == {"officials"}


def test_a_speaker_named_far_into_a_long_sentence_is_still_found() -> None:
    text = "Rain fell on the town " + "and on the hills " * 100 + ", and the mayor said 12 homes flooded."
    cues = find_attributions(text, 0, len(text))
    assert [cue.source for cue in cues] == ["the mayor"]
    assert cues[0].anchor == text.index("said")


def test_no_clipped_phrase_passes_for_a_speaker_when_the_window_cuts_a_long_subject() -> None:
    # Appositives fill the window, which starts inside a subject far too long to be a speaker.
    subject = "Many " + "very " * 300 + "tired health officials"
    text = subject + ", which met" * 89 + ", said 12 homes flooded."
    assert find_attributions(text, 0, len(text)) == []
    short = "Tired health officials" + ", which met" * 3 + ", said 12 homes flooded."
    assert [cue.source for cue in find_attributions(short, 0, len(short))] == ["Tired health officials"]


@pytest.mark.timeout(60)
def test_12500_differing_figures_about_one_event_reconcile_into_one_bounded_conflict() -> None:
    claims = [
        Claim(
            document_id="sha256:one",
            article_id="sha256:one",
            start=n * 12,
            end=n * 12 + 5,
            number_text=str(n + 1),
            quote_start=n * 12,
            quote_end=n * 12 + 11,
            quote=f"{n + 1} died.",
            value_low=n + 1,
            value_high=n + 1,
            qualifier="exact",
            category="killed",
            subject="people",
            location="Townville",
            date="2020-05-01",
            source=f"Monitor {n}",
            source_chain=(f"Monitor {n}",),
        )
        for n in range(12_500)
    ]
    (conflict,) = reconcile(claims).conflicts
    assert "many_figures" in conflict.reasons
    assert len(conflict.claim_ids) < 100  # the extremes and a sample, not every pair


def test_nearest_takes_the_closest_position_and_the_earlier_on_a_tie() -> None:
    first, second = Attribution("The UN", 10), Attribution("State media", 100)
    twin = Attribution("A monitor", 10)
    cues = Nearest([second, first, twin], lambda a: a.anchor)
    assert cues.nearest(90) == second
    assert cues.nearest(55) == first  # 45 from both: the earlier position, listed first
    assert cues.nearest(0) == first
    assert cues.nearest(500) == second
    assert Nearest([], lambda a: a.anchor).nearest(5) is None
