"""People named by role: the speaker's type follows the title, never a list of names."""

from __future__ import annotations

from factledger.core.extract import extract_claims
from factledger.core.models import Article
from factledger.core.roles import RoleBook, is_titled_role, read_roles


def types_of(text: str) -> list[tuple[str, str | None, str]]:
    article = Article("d", 0, len(text), None, "CNN", None, "2016-10-28")
    return [(c.number_text, c.source, c.source_type) for c in extract_claims(text, [article])]


def test_read_roles_learns_a_title_before_a_name() -> None:
    text = "The talks followed a meeting with UN envoy Staffan de Mistura in Geneva."
    book = read_roles(text, [(0, len(text))])
    assert [book.kind_of(n) for n in ("Staffan de Mistura", "de Mistura", "Mr de Mistura")] == [
        "un_agency",
        "un_agency",
        "un_agency",
    ]


def test_read_roles_learns_appositions_either_way_round() -> None:
    text = (
        "Igor Konashenkov, a spokesman for the Russian defence ministry, spoke on Monday. "
        "The head of the Syrian Observatory, Rami Abdulrahman, said more."
    )
    book = read_roles(text, [(0, len(text))])
    assert [book.kind_of(n) for n in ("Konashenkov", "Igor Konashenkov", "Rami Abdulrahman")] == [
        "government",
        "government",
        "monitor",
    ]


def test_read_roles_ignores_roles_without_a_title_and_untyped_titles() -> None:
    text = "Ismail Abdullah, a rescue worker in Aleppo, wept. Leader Ahmed Saleh said so."
    book = read_roles(text, [(0, len(text))])
    assert (book.kind_of("Ismail Abdullah"), book.kind_of("Ahmed Saleh")) == (None, None)


def test_role_book_learns_the_person_quoted_after_a_titled_role() -> None:
    book = RoleBook()
    book.learn_succession("The UN Under-Secretary-General for Humanitarian Affairs", "Stephen O’Brien")
    book.learn_succession("an RT crew", "Murad Gazdiev")  # a crew is not a title
    assert (book.classify("Stephen O'Brien"), book.classify("O’Brien"), book.classify("Murad Gazdiev")) == (
        "un_agency",
        "un_agency",
        "witness",
    )


def test_is_titled_role_wants_a_title_and_no_name_after_it() -> None:
    phrases = ["the UN envoy", "a defence ministry spokesman", "UN envoy Staffan de Mistura", "an RT crew"]
    assert [is_titled_role(p) for p in phrases] == [True, True, False, False]


def test_extract_claims_gives_the_person_after_a_titled_role_its_type() -> None:
    text = (
        "The UN Under-Secretary-General for Humanitarian Affairs said on Wednesday that at least "
        "400 people had been killed. Stephen O’Brien also told the UN Security Council that "
        "rebel mortar strikes killed at least 100 people."
    )
    assert types_of(text) == [
        ("at least 400", "The UN Under-Secretary-General for Humanitarian Affairs", "un_agency"),
        ("at least 100", "Stephen O’Brien", "un_agency"),
    ]


def test_extract_claims_types_a_later_bare_surname_by_the_title_given_earlier() -> None:
    text = (
        "Talks resumed after a visit by UN envoy Staffan de Mistura.\n"
        "De Mistura said 40 people were killed in the city.\n"
        "Rami Saleh said 12 people were injured."
    )
    assert types_of(text) == [("40", "De Mistura", "un_agency"), ("12", "Rami Saleh", "witness")]


def test_extract_claims_does_not_carry_a_role_to_a_person_in_another_paragraph() -> None:
    text = (
        "A defence ministry spokesman said 30 fighters were killed.\nOmar Haddad said 12 people were injured."
    )
    assert types_of(text) == [
        ("30", "A defence ministry spokesman", "government"),
        ("12", "Omar Haddad", "witness"),
    ]


def test_read_roles_finds_introductions_deep_inside_a_long_paragraph() -> None:
    filler = "Aid convoys have not reached the area since the roads were cut off. " * 8
    text = filler + "Igor Konashenkov, a spokesman for the Russian defence ministry, said so. " + filler
    book = read_roles(text, [(0, len(text))])
    assert (book.kind_of("Konashenkov"), len(book.by_name)) == ("government", 2)
