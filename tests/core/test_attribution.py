"""Attribution: who says so, carried across sentences, named canonically, typed, chained."""

from __future__ import annotations

from factledger.core.attribution import (
    Attribution,
    SpeakerMemory,
    build_source_chain,
    canonical_source,
    classify_source,
    find_attributions,
    pick_attribution,
)


def speakers(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    found = find_attributions(sentence, 0, len(sentence))
    return sorted((a.source, a.relays) for a in found)


def test_find_attributions_reads_a_trailing_said_in_a_statement() -> None:
    sentence = (
        "At least 15 people were killed in western Aleppo, the UK-based monitoring group "
        "Syrian Observatory for Human Rights (SOHR) said in a statement."
    )
    assert speakers(sentence) == [
        ("the UK-based monitoring group Syrian Observatory for Human Rights (SOHR)", ())
    ]


def test_find_attributions_reads_a_leading_subject_past_adverbs() -> None:
    sentence = "The activist-run Local Coordination Committees meanwhile reported that 9 died."
    assert speakers(sentence) == [("The activist-run Local Coordination Committees", ())]


def test_find_attributions_skips_a_relative_clause_after_the_subject() -> None:
    sentence = (
        "The Britain-based Syrian Observatory for Human Rights, which monitors the conflict "
        "through local contacts, reported that rebels attacked with two vehicles."
    )
    assert speakers(sentence) == [("The Britain-based Syrian Observatory for Human Rights", ())]


def test_find_attributions_reads_according_to() -> None:
    assert speakers("Three bombings hit the outskirts, according to the SOHR, which said so.") == [
        ("the SOHR", ())
    ]


def test_find_attributions_reads_a_speaker_after_a_quote() -> None:
    sentence = "“It is more than big,” said Ismail Abdullah, a rescue worker in Aleppo."
    assert speakers(sentence) == [("Ismail Abdullah", ())]


def test_find_attributions_keeps_a_relay_outlet() -> None:
    assert speakers("A resident told Reuters that 12 people died.") == [("A resident", ("Reuters",))]
    assert speakers("Factions joined the attack, Reuters reported, citing the Levant Front.") == [
        ("the Levant Front", ("Reuters",))
    ]


def test_find_attributions_flags_pronouns() -> None:
    found = find_attributions("He said 6 died.", 0, 15)
    assert [(a.source, a.is_pronoun) for a in found] == [("He", True)]


def test_find_attributions_finds_nothing_without_a_cue() -> None:
    assert speakers("Dozens were injured in the attacks.") == []


def test_speaker_memory_resolves_he_said_to_the_last_named_speaker() -> None:
    memory = SpeakerMemory()
    memory.attribute_sentence([Attribution("RT’s Murad Gazdiev", 10)], paragraph=1)
    resolved = memory.attribute_sentence([Attribution("He", 50, is_pronoun=True)], paragraph=2)
    assert resolved == [Attribution("RT’s Murad Gazdiev", 50)]


def test_speaker_memory_carries_a_speaker_only_within_its_paragraph() -> None:
    memory = SpeakerMemory()
    memory.attribute_sentence([Attribution("an RT crew", 10)], paragraph=1)
    assert memory.attribute_sentence([], paragraph=1) == [Attribution("an RT crew", 10)]
    assert memory.attribute_sentence([], paragraph=2) == []


def test_pick_attribution_takes_the_cue_nearest_the_figure() -> None:
    near, far = Attribution("State media", 100), Attribution("The UN", 10)
    assert pick_attribution([far, near], figure_start=90) == near
    assert pick_attribution([], figure_start=90) is None


def test_canonical_source_maps_observatory_names_to_one_key() -> None:
    names = [
        "SOHR",
        "the Observatory",
        "The Observatory",
        "Syrian Observatory for Human Rights",
        "The Britain-based Syrian Observatory for Human Rights",
        "the SOHR",
        "the UK-based monitoring group Syrian Observatory for Human Rights (SOHR)",
    ]
    assert {canonical_source(n) for n in names} == {"Syrian Observatory for Human Rights"}


def test_canonical_source_names_outlets_staff_and_strips_descriptors() -> None:
    assert [
        canonical_source(n)
        for n in (
            "an RT crew",
            "the correspondent for The New Arab Arabic edition",
            "RT’s Murad Gazdiev",
            "The activist-run Local Coordination Committees",
            "The UN",
            "State media",
            "Russia’s state news agency TASS",
        )
    ] == [
        "RT",
        "The New Arab",
        "RT",
        "Local Coordination Committees",
        "United Nations",
        "state media",
        "TASS",
    ]


def test_classify_source_types_speakers() -> None:
    assert [
        classify_source(n)
        for n in (
            "The Observatory",
            "State media",
            "The UN Under-Secretary-General for Humanitarian Affairs",
            "an RT crew",
            "a resident in a government-controlled part of the city",
            "a spokesman for the Nour al-Din al-Zinki rebel group",
            "The Syrian military",
            "Russia’s state news agency TASS",
            None,
        )
    ] == [
        "monitor",
        "state_media",
        "un_agency",
        "journalist",
        "witness",
        "party_to_conflict",
        "government",
        "state_media",
        "unattributed",
    ]


def test_build_source_chain_runs_from_publisher_to_original_source() -> None:
    sohr = Attribution("the UK-based monitoring group Syrian Observatory for Human Rights (SOHR)", 0)
    levant = Attribution("the Levant Front", 0, ("Reuters",))
    assert build_source_chain("CNN", sohr) == ("CNN", "Syrian Observatory for Human Rights")
    assert build_source_chain("RT", levant) == ("RT", "Reuters", "Levant Front")
    assert build_source_chain("RT", Attribution("an RT crew", 0)) == ("RT",)
    assert build_source_chain("CNN", None) == ("CNN",)
    assert build_source_chain(None, None) == ()
