"""Links between figures that are not rivals: totals and what they cover, a source's updates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from factledger.core.eventframes import ArticleFrame, frame_from_claims
from factledger.core.models import Claim, Conflict
from factledger.core.reconcile import find_conflicts, reconcile
from factledger.core.relations import RELATION_REASONS, Relation, find_related
from factledger.core.scopes import Scope, claim_scope
from tests.core.test_reconcile import RULES_DOC, SOHR, at_least, exact, make_claim


def total(value: int, **fields: Any) -> Claim:
    """At least `value` killed in Aleppo in October 2016, by the UN unless told otherwise."""
    values: dict[str, Any] = {
        "location": "Aleppo",
        "date": "2016-10",
        "scope": "cumulative",
        "source_chain": ("UN",),
    }
    values.update(fields)
    return at_least(value, **values)


# Totals and incidents: linked as related, never compared.


def test_find_related_links_an_incident_to_the_total_covering_it() -> None:
    attack = at_least(15, source_chain=(SOHR,))
    monthly = total(400)

    assert find_related([attack, monthly]) == [
        Relation("related", attack.id, monthly.id, "incident_in_total", "reconcile-8")
    ]
    assert find_conflicts([attack, monthly]) == []


def test_find_related_skips_an_incident_outside_the_window() -> None:
    attack = at_least(15, date="2016-11-02")

    assert find_related([attack, total(400)]) == []


def test_find_related_skips_an_incident_outside_the_place() -> None:
    attack = at_least(15, location="eastern Aleppo")

    assert find_related([attack, total(400, location="western Aleppo")]) == []
    assert find_related([at_least(15, location="Idlib"), total(400)]) == []


def test_find_related_skips_other_categories_and_subjects() -> None:
    injured = at_least(15, category="injured")
    children = at_least(15, subject="children")

    assert find_related([injured, children, total(400)]) == []


def test_find_related_counts_civilians_towards_a_total_of_people() -> None:
    civilians = exact(6, subject="civilians")
    monthly = total(400)

    assert [r.reason for r in find_related([civilians, monthly])] == ["incident_in_total"]


def test_find_related_links_totals_over_overlapping_windows() -> None:
    month = total(400, date="2016-09-26/2016-10-26")
    october = total(100, date="2016-10")

    assert find_related([october, month]) == [
        Relation("related", month.id, october.id, "overlapping_totals", "reconcile-8")
    ]


def test_find_related_leaves_totals_of_one_window_to_the_conflict_rules() -> None:
    un, sohr = total(400), total(100, source_chain=(SOHR,))

    assert find_related([un, sohr]) == []
    assert find_conflicts([un, sohr])[0].kind == "divergence"


def test_find_related_skips_sub_counts_and_unplaced_claims() -> None:
    monthly = total(400)
    sub_count = exact(4, subject="people", parent_id=monthly.id)
    unplaced = at_least(15, location=None)

    assert find_related([monthly, sub_count, unplaced]) == []


# Updates: a source's later figure replaces its earlier one; both are kept and linked.


def published(claims: list[Claim], dates: dict[str, str]) -> dict[str, ArticleFrame]:
    """Frames of the claims' articles with these publication dates."""
    return {a: frame_from_claims(a, [c for c in claims if c.article_id == a], d) for a, d in dates.items()}


def test_reconcile_links_a_later_report_to_the_earlier_one() -> None:
    earlier = exact(12, article_id="article-1", source_chain=(SOHR,))
    later = exact(15, article_id="article-2", source_chain=("CNN", SOHR))
    claims = [later, earlier]

    outcome = reconcile(
        claims, frames=published(claims, {"article-1": "2016-10-28", "article-2": "2016-10-29"})
    )

    assert outcome.relations == [Relation("update", later.id, earlier.id, "published_later", "reconcile-8")]
    assert outcome.conflicts == []


def test_reconcile_compares_only_the_latest_published_figure() -> None:
    earlier = exact(10, article_id="article-1", source_chain=(SOHR,))
    later = exact(12, article_id="article-2", source_chain=(SOHR,))
    lcc = exact(12, article_id="article-3", source_chain=("LCC",))
    claims = [earlier, later, lcc]
    dates = {"article-1": "2016-10-28", "article-2": "2016-10-30", "article-3": "2016-10-30"}

    assert reconcile(claims, frames=published(claims, dates)).conflicts == []
    # Without dates the two reports of one source stand side by side, and disagree.
    assert any("same_source_differs" in c.reasons for c in find_conflicts(claims))


def test_reconcile_takes_an_undated_report_as_earlier() -> None:
    undated = at_least(10, article_id="article-1", source_chain=(SOHR,))
    dated = at_least(12, article_id="article-2", source_chain=(SOHR,))
    claims = [undated, dated]

    outcome = reconcile(claims, frames=published(claims, {"article-2": "2016-10-30"}))

    assert outcome.relations == [Relation("update", dated.id, undated.id, "undated_earlier", "reconcile-8")]
    # Figures that cannot both hold, in reports of unknown order, stand side by side.
    assert (
        "same_source_differs"
        in find_conflicts([replace(undated, value_high=10, qualifier="exact"), dated])[0].reasons
    )


def test_reconcile_orders_same_day_reports_by_their_larger_figure() -> None:
    smaller = at_least(10, article_id="article-2", source_chain=(SOHR,))
    larger = at_least(12, article_id="article-1", source_chain=(SOHR,))
    claims = [smaller, larger]

    outcome = reconcile(
        claims, frames=published(claims, {"article-1": "2016-10-28", "article-2": "2016-10-28"})
    )

    assert outcome.relations == [Relation("update", larger.id, smaller.id, "larger_figure", "reconcile-8")]


def test_reconcile_orders_equal_reports_by_article() -> None:
    first = exact(12, article_id="article-1", source_chain=(SOHR,))
    second = at_least(12, article_id="article-2", source_chain=(SOHR,))

    outcome = reconcile([second, first])

    assert outcome.relations == [Relation("update", second.id, first.id, "article_order", "reconcile-8")]


def test_reconcile_links_each_earlier_report_to_the_latest_only() -> None:
    reports = [exact(n, article_id=f"article-{n}", source_chain=(SOHR,)) for n in (10, 12, 15)]
    dates = {"article-10": "2016-10-28", "article-12": "2016-10-29", "article-15": "2016-10-30"}

    links = {
        (r.from_claim, r.to_claim) for r in reconcile(reports, frames=published(reports, dates)).relations
    }

    ten, twelve, fifteen = (c.id for c in reports)
    assert links == {(fifteen, ten), (fifteen, twelve)}


def test_reconcile_links_a_revision_the_text_states() -> None:
    quote = "Officials lowered the toll from 359 to 253 on Thursday."
    old = exact(359, quote=quote, start=32, end=35, number_text="359")
    new = exact(253, quote=quote, start=39, end=42, number_text="253", source_chain=(SOHR,))
    rival = exact(300, article_id="article-2", source_chain=("LCC",), quote="300", number_text="300")

    outcome = reconcile([old, new])

    assert outcome.relations == [Relation("update", new.id, old.id, "stated_revision", "reconcile-8")]
    assert outcome.conflicts == []
    assert only_kind(find_conflicts([old, new, rival])) == "hard_conflict"
    assert old.id not in find_conflicts([old, new, rival])[0].claim_ids


def test_reconcile_never_links_figures_of_one_article_as_updates() -> None:
    first = at_least(15, source_chain=("CNN", SOHR))
    second = exact(9, source_chain=("CNN", SOHR))

    outcome = reconcile([first, second])

    assert outcome.relations == []
    assert [c.kind for c in outcome.conflicts] == ["self_contradiction"]


def test_reconcile_never_links_different_sources_or_sites() -> None:
    rt = exact(12, article_id="article-1")
    sohr = exact(12, article_id="article-2", source_chain=(SOHR,))
    east = exact(12, article_id="article-3", location="eastern Aleppo", source_chain=(SOHR,))

    assert reconcile([rt, sohr, east]).relations == []


def test_reconcile_returns_updates_and_related_links_together() -> None:
    earlier = at_least(12, article_id="article-1", source_chain=(SOHR,))
    later = at_least(15, article_id="article-2", source_chain=(SOHR,))
    monthly = total(400)

    kinds = sorted((r.kind, r.reason) for r in reconcile([earlier, later, monthly]).relations)

    assert kinds == [
        ("related", "incident_in_total"),
        ("related", "incident_in_total"),
        ("update", "larger_figure"),
    ]


def test_relation_id_hashes_its_content() -> None:
    relation = Relation("update", "sha256:b", "sha256:a", "published_later")

    assert relation.content() == {
        "kind": "update",
        "from_claim": "sha256:b",
        "to_claim": "sha256:a",
        "reason": "published_later",
        "rules_version": "reconcile-8",
    }
    assert relation.id.startswith("sha256:") and relation.id != replace(relation, reason="larger_figure").id


def test_rules_doc_explains_every_relation_reason() -> None:
    assert [reason for reason in RELATION_REASONS if f"`{reason}`" not in RULES_DOC] == []


# Scopes: the keys the store indexes.


def test_claim_scope_names_keys_and_days() -> None:
    incident = make_claim(
        value_low=6, qualifier="at_least", subject="six civilians", date="2016-10-27/2016-10-28"
    )

    assert claim_scope(incident) == Scope(
        event_key="killed|people|people|incident|aleppo|2016-10-28",
        base_key="killed|people|people|aleppo",
        scope="incident",
        first_day="2016-10-27",
        last_day="2016-10-28",
    )
    assert claim_scope(total(400)).base_key == "killed|people|people|aleppo"
    assert (claim_scope(total(400)).first_day, claim_scope(total(400)).last_day) == (
        "2016-10-01",
        "2016-10-31",
    )


def test_claim_scope_is_unknown_without_place_or_date() -> None:
    assert claim_scope(exact(9, location=None)).known is False
    assert claim_scope(exact(9, date=None)).known is False
    assert claim_scope(exact(9)).known is True


def only_kind(conflicts: list[Conflict]) -> str:
    assert len(conflicts) == 1, conflicts
    return str(conflicts[0].kind)


def test_find_related_follows_a_window_across_months() -> None:
    attack = at_least(15, date="2016-11-10")
    autumn = total(400, date="2016-10-15/2016-11-15")
    year = total(4000, date="2016")

    links = {(r.from_claim, r.to_claim, r.reason) for r in find_related([attack, autumn, year])}

    # The incident is linked to the narrowest total covering it only: links grow with claims.
    assert links == {
        (attack.id, autumn.id, "incident_in_total"),
        (year.id, autumn.id, "overlapping_totals"),
    }
