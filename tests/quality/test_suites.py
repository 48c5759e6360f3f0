"""Suite files: read strictly, never silently shortened, documented in full."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from factledger.core.models import CATEGORIES, QUALIFIERS, SOURCE_TYPES, Article
from factledger.core.provenance import content_id
from factledger.core.reconcile import KIND_ORDER, SEVERITY_ORDER
from factledger.quality import SuiteError, validate_batch
from factledger.quality.suites import build_gx_suite, read_suite

SUITES = ("documents", "articles", "claims", "conflicts")


@pytest.fixture()
def tmp_suites(tmp_path: Path, suites_dir: Path) -> Path:
    """A writable copy of the project's suites."""
    for name in SUITES:
        shutil.copy(suites_dir / f"{name}.json", tmp_path / f"{name}.json")
    return tmp_path


def edit_suite(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_validate_batch_raises_on_an_unknown_expectation_type(tmp_suites: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["expectations"][2]["type"] = "expect_column_values_to_be_plausible"

    edit_suite(tmp_suites / "claims.json", rename)
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "claims.json: unknown expectation type 'expect_column_values_to_be_plausible'"
        " (claims.quote.at_offsets)"
    )


def test_validate_batch_raises_on_malformed_json_naming_the_file(tmp_suites: Path) -> None:
    (tmp_suites / "articles.json").write_text('{"name": "articles", "expectations": [', "utf-8")
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert (caught.value.path.name, str(caught.value)) == (
        "articles.json",
        "articles.json: not a readable JSON file (Expecting value: line 1 column 39 (char 38))",
    )


def test_validate_batch_raises_on_a_missing_suite(tmp_suites: Path) -> None:
    (tmp_suites / "claims.json").unlink()
    with pytest.raises(SuiteError, match=r"^claims\.json: suite file not found$"):
        validate_batch([], [], {}, tmp_suites)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["expectations"][0]["meta"].pop("severity"), "has severity None"),
        (lambda d: d["expectations"][0]["meta"].update(severity="fatal"), "has severity 'fatal'"),
        (lambda d: d["expectations"][0]["meta"].pop("why"), "has no meta 'why'"),
        (lambda d: d["expectations"][0]["meta"].update(title=" "), "has a 'title' that is not a phrase"),
        (lambda d: d["expectations"][0]["meta"].update(id=" "), "has no meta 'id'"),
        (lambda d: d["expectations"][0].pop("kwargs"), "needs 'type', 'kwargs' and 'meta'"),
        (lambda d: d["expectations"].clear(), "suite has no 'expectations' list"),
        (lambda d: d.pop("name"), "suite has no 'name'"),
        (
            lambda d: d["expectations"][1]["meta"].update(id="claims.claim_id.present"),
            "expectation id claims.claim_id.present is used twice",
        ),
    ],
)
def test_read_suite_rejects_a_malformed_expectation(tmp_suites: Path, change: Any, message: str) -> None:
    edit_suite(tmp_suites / "claims.json", change)
    with pytest.raises(SuiteError, match=re.escape(message)):
        read_suite(tmp_suites / "claims.json")


def test_every_shipped_expectation_names_its_failing_row_in_words(suites_dir: Path) -> None:
    # Reviewers read the title, never the id; a title that repeats the id tells them nothing.
    for name in SUITES:
        for spec in read_suite(suites_dir / f"{name}.json").expectations:
            assert spec.meta.get("title") == spec.title
            assert spec.title.strip() and "." not in spec.title and "_" not in spec.title


def test_an_expectation_without_a_title_is_named_by_the_last_part_of_its_id(tmp_suites: Path) -> None:
    edit_suite(tmp_suites / "claims.json", lambda d: d["expectations"][0]["meta"].pop("title"))
    spec = read_suite(tmp_suites / "claims.json").expectations[0]
    assert (spec.id, spec.title) == ("claims.claim_id.present", "present")


def test_build_gx_suite_rejects_an_expectation_that_names_no_rows(tmp_suites: Path) -> None:
    def add_table_rule(data: dict[str, Any]) -> None:
        data["expectations"].append(
            {
                "type": "expect_table_row_count_to_be_between",
                "kwargs": {"min_value": 1},
                "meta": {"id": "claims.not_empty", "severity": "info", "why": "a batch has rows"},
            }
        )

    edit_suite(tmp_suites / "claims.json", add_table_rule)
    with pytest.raises(SuiteError) as caught:
        build_gx_suite(read_suite(tmp_suites / "claims.json"))
    assert str(caught.value) == (
        "claims.json: expectation claims.not_empty (expect_table_row_count_to_be_between)"
        " does not judge single rows"
    )


def test_build_gx_suite_rejects_invalid_arguments(tmp_suites: Path) -> None:
    edit_suite(tmp_suites / "claims.json", lambda d: d["expectations"][0]["kwargs"].pop("column"))
    with pytest.raises(SuiteError, match=r"claims\.claim_id\.present .*column field required"):
        build_gx_suite(read_suite(tmp_suites / "claims.json"))


def test_validate_batch_raises_when_a_suite_names_a_missing_column(tmp_suites: Path) -> None:
    edit_suite(tmp_suites / "articles.json", lambda d: d["expectations"][5]["kwargs"].update(column="lead"))
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "articles.json: expectation articles.text.mixed_script_word"
        " (expect_column_values_to_have_no_mixed_script_words) reads missing columns lead"
    )


def test_validate_batch_raises_when_a_column_list_names_a_missing_column(tmp_suites: Path) -> None:
    edit_suite(
        tmp_suites / "claims.json", lambda d: d["expectations"][2]["kwargs"]["column_list"].append("x")
    )
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "claims.json: expectation claims.quote.at_offsets"
        " (expect_multicolumn_values_to_be_text_at_offsets) reads missing columns x"
    )


def test_validate_batch_raises_when_a_row_condition_names_a_missing_column(tmp_suites: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["expectations"][11]["kwargs"]["row_condition"]["column"]["name"] = "kind"

    edit_suite(tmp_suites / "claims.json", rename)
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "claims.json: expectation claims.share.value_low.percent"
        " (expect_column_values_to_be_between) reads missing columns kind"
    )


def test_validate_batch_raises_when_gx_cannot_run_an_expectation(
    tmp_suites: Path, seed_articles: dict[str, Article], seed_texts: dict[str, str]
) -> None:
    edit_suite(tmp_suites / "articles.json", lambda d: d["expectations"][8]["kwargs"].update(regex="(["))
    with pytest.raises(SuiteError) as caught:
        validate_batch(list(seed_articles.values()), [], seed_texts, tmp_suites)
    assert str(caught.value) == (
        "articles.json: expectation articles.published.iso_date"
        " (expect_column_values_to_match_regex) could not run:"
        " unterminated character set at position 1"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["expectations"][5].update(type="expect_column_values_to_have_no_mixed_script_word"),
            "articles.json: unknown expectation type 'expect_column_values_to_have_no_mixed_script_word'"
            " (articles.text.mixed_script_word)",
        ),
        (
            lambda d: d["expectations"][6]["kwargs"].update(pattern=["Contact Us"]),
            "articles.json: expectation articles.body.boilerplate_residue"
            " (expect_column_values_to_have_no_boilerplate_lines): 1 validation error for"
            " ExpectColumnValuesToHaveNoBoilerplateLines pattern extra fields not permitted"
            " (type=value_error.extra)",
        ),
        (
            lambda d: d["expectations"][5]["kwargs"].update(scripts=["Latin", "Elvish"]),
            "articles.json: expectation articles.text.mixed_script_word"
            " (expect_column_values_to_have_no_mixed_script_words): 1 validation error for"
            " ExpectColumnValuesToHaveNoMixedScriptWords scripts unknown script 'Elvish'"
            " (unknown property value at position 17) (type=value_error)",
        ),
        (
            lambda d: d["expectations"][6]["kwargs"].update(patterns=["Contact Us", "Read (more"]),
            "articles.json: expectation articles.body.boilerplate_residue"
            " (expect_column_values_to_have_no_boilerplate_lines): 1 validation error for"
            " ExpectColumnValuesToHaveNoBoilerplateLines patterns pattern 'Read (more' is not a regular"
            " expression (missing ) at position 10) (type=value_error)",
        ),
        (
            lambda d: d["expectations"][5]["kwargs"].pop("scripts"),
            "articles.json: expectation articles.text.mixed_script_word"
            " (expect_column_values_to_have_no_mixed_script_words): 1 validation error for"
            " ExpectColumnValuesToHaveNoMixedScriptWords scripts field required (type=value_error.missing)",
        ),
    ],
)
def test_build_gx_suite_is_strict_about_custom_expectations(
    tmp_suites: Path, change: Any, message: str
) -> None:
    edit_suite(tmp_suites / "articles.json", change)
    with pytest.raises(SuiteError) as caught:
        build_gx_suite(read_suite(tmp_suites / "articles.json"))
    assert str(caught.value) == message


def test_validate_batch_raises_when_a_suite_file_holds_another_table(tmp_suites: Path) -> None:
    shutil.copy(tmp_suites / "claims.json", tmp_suites / "articles.json")
    with pytest.raises(SuiteError, match=r"^articles\.json: suite 'claims' is not the suite for"):
        validate_batch([], [], {}, tmp_suites)


def test_read_suite_hashes_the_canonical_json_of_the_file(suites_dir: Path) -> None:
    path = suites_dir / "claims.json"
    assert read_suite(path).hash == content_id(json.loads(path.read_text(encoding="utf-8")))


def test_read_suite_hash_ignores_layout_but_not_content(tmp_suites: Path) -> None:
    path = tmp_suites / "claims.json"
    before = read_suite(path).hash
    edit_suite(path, lambda d: None)  # rewritten on one line, same content
    same = read_suite(path).hash
    edit_suite(path, lambda d: d["expectations"][0]["meta"].update(severity="warning"))
    assert (same == before, read_suite(path).hash == before) == (True, False)


def test_project_suites_build_in_full(suites_dir: Path) -> None:
    built = {name: build_gx_suite(read_suite(suites_dir / f"{name}.json")) for name in SUITES}
    assert {name: len(suite.expectations) for name, suite in built.items()} == {
        "documents": 7,
        "articles": 9,
        "claims": 15,
        "conflicts": 14,
    }


def test_conflicts_suite_value_sets_match_the_reconciler(suites_dir: Path) -> None:
    spec = read_suite(suites_dir / "conflicts.json")
    sets = {e.id: tuple(e.kwargs["value_set"]) for e in spec.expectations if "value_set" in e.kwargs}
    assert sets == {"conflicts.kind.known": KIND_ORDER, "conflicts.severity.known": SEVERITY_ORDER}


def test_claims_suite_value_sets_match_the_models(suites_dir: Path) -> None:
    spec = read_suite(suites_dir / "claims.json")
    sets = {e.id: tuple(e.kwargs["value_set"]) for e in spec.expectations if "value_set" in e.kwargs}
    assert sets == {
        "claims.qualifier.known": QUALIFIERS,
        "claims.category.known": CATEGORIES,
        "claims.source_type.known": SOURCE_TYPES,
        "claims.scope.known": ("incident", "cumulative"),
    }


def test_readme_lists_every_expectation_with_its_type_and_severity(suites_dir: Path) -> None:
    readme = (suites_dir / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w.]+)` \| `(\w+)` \| (\w+) \|", readme, flags=re.M))
    specs = [read_suite(suites_dir / f"{n}.json") for n in SUITES]
    expected = {(e.id, e.type, e.severity) for spec in specs for e in spec.expectations}
    assert listed == expected
