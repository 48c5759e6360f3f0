"""Who gives each figure: sentences written for these tests."""

from __future__ import annotations

from factledger.core.extract import extract_claims
from factledger.core.models import Article


def sources(text: str) -> dict[str, str | None]:
    article = Article("doc", 0, len(text), None, None, None, "2021-05-04")
    return {c.number_text: c.source for c in extract_claims(text, [article])}


def test_source_each_clause_keeps_its_own_speaker() -> None:
    text = "The union put the turnout at 60,000, while city officials gave a lower estimate of 25,000."
    assert sources(text) == {"60,000": "The union", "25,000": "city officials"}


def test_source_subordinating_word_is_not_part_of_the_speaker() -> None:
    text = "Marchers filled the square. While the ministry put attendance at 12,000, others disagreed."
    assert sources(text)["12,000"] == "the ministry"


def test_source_thousands_separator_is_not_a_clause_comma() -> None:
    text = "Volunteers said the crowd was 45,000 strong and organisers put the number at 52,000."
    assert sources(text)["52,000"] == "organisers"


def test_source_a_quote_split_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        "Fire chief Dana Ortiz said crews worked through the night.\n"
        "“We found 14 people alive in the basement,” she said.\n"
        "“Six of them are in a serious condition.”"
    )
    assert sources(text) == {"14": "Fire chief Dana Ortiz", "Six": "Fire chief Dana Ortiz"}


def test_source_as_per_names_the_source() -> None:
    assert sources("As per the agency, 17 homes were swept away.")["17"] == "the agency"


def test_source_dated_modifier_is_dropped_from_the_speaker() -> None:
    text = "Figures from 3 May from the coast showed that 210 boats were lost."
    assert sources(text)["210"] == "Figures"


def test_source_narrative_sentence_names_nobody() -> None:
    assert sources("In 2009, about 400 people were killed in a similar flood.")["about 400"] is None


def test_source_a_passive_reporting_verb_leaves_the_speaking_to_its_agent() -> None:
    text = "Four people held after the fire were not believed to be involved, officials said."
    assert sources(text)["Four"] == "officials"


def test_source_a_name_and_its_role_in_commas_speak_together() -> None:
    text = "“We treated 23 patients overnight,” Ana Lima, head of the regional hospital, said."
    assert sources(text)["23"] == "Ana Lima, head of the regional hospital"


def test_source_which_says_points_at_the_nearest_noun_phrase() -> None:
    text = (
        "The estimate clashes with figures provided by the Regional Water Board, "
        "which says 4,200 homes flooded."
    )
    assert sources(text)["4,200"] == "the Regional Water Board"


def test_source_a_comma_before_a_state_abbreviation_does_not_cut_the_speaker() -> None:
    text = "Organisers of the vigil in Kingston, N.Y. said 3,000 people came."
    assert sources(text)["3,000"] == "Organisers of the vigil in Kingston, N.Y."


def test_source_an_outlet_closing_the_sentence_relays_the_speaker_before_it() -> None:
    text = "Port officials counted 61 survivors, CBC News reported on Monday."
    assert sources(text)["61"] == "Port officials"
    article = Article("doc", 0, len(text), None, None, None, "2021-05-04")
    assert extract_claims(text, [article])[0].source_chain == ("CBC News", "Port officials")


def test_source_an_outlet_alone_is_the_source() -> None:
    assert sources("Floods killed 17 people in the valley, CBC News reported.")["17"] == "CBC News"


def test_source_the_subject_of_a_toll_revision_gives_the_figure() -> None:
    assert sources("Regulators raise the death toll from the mine blast to 31")["31"] == "Regulators"
    assert sources("The union gave a lower estimate of 900.")["900"] == "The union"


def test_source_a_possessor_of_a_figure_gives_that_figure_only() -> None:
    text = "Volunteers counted 310 dead, far above the provincial government's official figure of 140."
    assert sources(text) == {"310": "Volunteers", "140": "the provincial government"}


def test_source_a_passive_agent_gives_the_figure_of_its_phrase() -> None:
    text = "Relief groups report 5,000 displaced, a fraction of the 20,000 claimed by the opposition."
    assert sources(text) == {"5,000": "Relief groups", "20,000": "the opposition"}


def test_source_a_figure_denied_belongs_to_who_denies_it() -> None:
    text = "The agency said the toll was 40 and not 46 as reported by a local paper."
    assert sources(text) == {"40": "The agency", "46": "The agency"}


def test_source_a_document_names_its_issuer_for_the_sentences_after_it() -> None:
    text = "The toll was cut after a new report by the health department. The new figure is 212."
    assert sources(text)["212"] == "the health department"


def test_source_first_person_in_a_quote_gives_way_to_the_quotes_speaker() -> None:
    assert sources("“We rescued 45 people,” said the fire chief.")["45"] == "the fire chief"


def test_source_an_infinitive_reports_nothing() -> None:
    assert sources("Rescuers had little to say about the 14 still missing.")["14"] is None


def test_source_a_participle_takes_the_subject_of_its_clause() -> None:
    text = "The mayor's office issued a correction on Friday, lowering the tally from 88 to 72."
    assert sources(text) == {"88": "The mayor's office", "72": "The mayor's office"}
    assert sources("Flood toll climbs with Bolivia declaring 57 dead")["57"] == "Bolivia"


def test_source_data_reported_in_one_paragraph_carry_into_the_next() -> None:
    text = (
        "Floods sweep the north\n"
        "Figures from the civil defence agency showed that 230 people have died.\n"
        "In the last day, 14 people died and 9 were hurt.\n"
        "Hundreds gathered at a vigil on Sunday."
    )
    found = sources(text)
    assert found["14"] == found["9"] == "Figures from the civil defence agency"
    assert found["Hundreds"] is None  # one paragraph only


def test_source_a_speaker_without_figures_stays_in_its_paragraph() -> None:
    text = (
        "Fire at a depot\nThe fire chief said crews worked all night.\n"
        "Hundreds gathered at a vigil on Sunday."
    )
    assert sources(text)["Hundreds"] is None


def test_source_a_paragraph_adding_to_what_was_said_keeps_the_speaker() -> None:
    text = (
        "Fire at a depot\n“We found two more victims,” the mayor said.\n"
        "In addition, 40 people were treated in hospital."
    )
    assert sources(text)["40"] == "the mayor"


def test_source_background_of_another_time_names_nobody() -> None:
    text = "Officials said 9 died in the storm. In 2004, about 300 people were killed in a similar storm."
    assert sources(text) == {"9": "Officials", "about 300": None}


def test_source_a_speaker_inside_a_quote_does_not_carry_on() -> None:
    text = (
        "The doctor met the survivors. “Everyone told me there were 80 on board.” "
        "Up to now, 20 have been found."
    )
    found = sources(text)
    assert found["80"] == "Everyone" and found["20"] is None


def test_source_a_second_reporting_clause_after_and_has_its_own_speaker() -> None:
    text = "Organisers estimated twenty thousand marchers and police said about 8,000 attended."
    assert sources(text)["about 8,000"] == "police"


def test_source_a_past_participle_before_by_leaves_the_figure_to_its_agent() -> None:
    text = "In photos released by the coast guard, dozens of people stood on deck."
    assert sources(text)["dozens"] == "the coast guard"
    assert sources("The mayor said by Sunday 12 people had died.")["12"] == "The mayor"


def test_source_a_clause_after_the_verb_is_no_inverted_speaker() -> None:
    text = "The shipping agency, the Port Authority (PA), estimated the ferry was carrying 300 people."
    assert sources(text)["300"] == "the Port Authority (PA)"


def test_source_a_datelines_dash_starts_the_clause() -> None:
    text = "LIMA, Peru (AP) - A count by the Associated Press of hospital reports now shows 41 dead."
    assert sources(text)["41"] == "A count by the Associated Press of hospital reports"


def test_source_a_pronoun_takes_the_speaker_named_before_it_in_its_sentence() -> None:
    text = (
        "The fire chief said crews were ready.\n"
        "The state news agency published a list of the 61 victims it said were identified."
    )
    assert sources(text)["61"] == "The state news agency"


def test_source_an_aside_in_parentheses_has_its_own_subject() -> None:
    text = "The blast killed at least 12 people (a local radio station says 19 died) on Monday."
    assert sources(text)["19"] == "a local radio station"


def test_source_according_to_what_an_outlet_reports_names_the_outlet() -> None:
    assert sources("According to what the BBC reports, 30 were rescued.")["30"] == "the BBC"


def test_source_an_aside_in_dashes_speaks_for_its_sentence_only() -> None:
    text = (
        "The ship sank at dawn – according to what Radio Nord reports – with 40 on board. "
        "Up to now, 12 have been found."
    )
    found = sources(text)
    assert found["40"] == "Radio Nord" and found["12"] is None


def test_source_a_participle_clause_in_commas_is_skipped_to_the_verb() -> None:
    text = (
        "The study, commissioned by the city to plan new shelters, estimates that 2,300 people sleep outside."
    )
    assert sources(text)["2,300"] == "The study"


def test_source_a_speaker_pointing_back_gives_the_figures_before_it() -> None:
    text = (
        "The toll from the landslide rose to 64.\nThe regional governor announced the new figure on Monday."
    )
    assert sources(text)["64"] == "The regional governor"
    text = "Police detained 14 people overnight. This was reported by the state broadcaster."
    assert sources(text)["14"] == "the state broadcaster"


def test_source_a_figure_an_unnamed_party_gave_keeps_no_speaker_when_credited_back() -> None:
    text = (
        "The toll was revised down to 212, fewer than the toll of 240 announced earlier.\n"
        "The ministry said the lowering of the toll followed a recount."
    )
    assert sources(text) == {"212": "The ministry", "240": None}


def test_source_a_contrastive_clause_keeps_its_speaker_to_itself() -> None:
    text = "The number of survivors remains 31, while the coast guard said 12 bodies were found."
    assert sources(text) == {"31": None, "12": "the coast guard"}


def test_source_a_closing_attribution_speaks_for_every_clause() -> None:
    text = "About 40 people are still inside, but the exact number is unclear, rescuers told reporters."
    assert sources(text)["About 40"] == "rescuers"
