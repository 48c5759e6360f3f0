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
from factledger.quality import SuiteError, validate_batch
from factledger.quality.suites import build_gx_suite, read_suite


@pytest.fixture()
def tmp_suites(tmp_path: Path, suites_dir: Path) -> Path:
    """A writable copy of the project's suites."""
    for name in ("articles.json", "claims.json"):
        shutil.copy(suites_dir / name, tmp_path / name)
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
    edit_suite(tmp_suites / "articles.json", lambda d: d["expectations"][5]["kwargs"].update(column="body"))
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "articles.json: expectation articles.text.mixed_script_word"
        " (expect_column_values_to_not_match_regex) reads missing columns body"
    )


def test_validate_batch_raises_when_a_row_condition_names_a_missing_column(tmp_suites: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["expectations"][13]["kwargs"]["row_condition"]["column"]["name"] = "kind"

    edit_suite(tmp_suites / "claims.json", rename)
    with pytest.raises(SuiteError) as caught:
        validate_batch([], [], {}, tmp_suites)
    assert str(caught.value) == (
        "claims.json: expectation claims.casualty.source_named"
        " (expect_column_values_to_not_be_null) reads missing columns kind"
    )


def test_validate_batch_raises_when_gx_cannot_run_an_expectation(
    tmp_suites: Path, seed_articles: dict[str, Article], seed_texts: dict[str, str]
) -> None:
    edit_suite(tmp_suites / "articles.json", lambda d: d["expectations"][5]["kwargs"].update(regex="(["))
    with pytest.raises(SuiteError) as caught:
        validate_batch(list(seed_articles.values()), [], seed_texts, tmp_suites)
    assert str(caught.value) == (
        "articles.json: expectation articles.text.mixed_script_word"
        " (expect_column_values_to_not_match_regex) could not run:"
        " unterminated character set at position 1"
    )


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
    built = {name: build_gx_suite(read_suite(suites_dir / f"{name}.json")) for name in ("articles", "claims")}
    assert {name: len(suite.expectations) for name, suite in built.items()} == {
        "articles": 8,
        "claims": 15,
    }


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
    specs = [read_suite(suites_dir / f"{n}.json") for n in ("articles", "claims")]
    expected = {(e.id, e.type, e.severity) for spec in specs for e in spec.expectations}
    assert listed == expected
