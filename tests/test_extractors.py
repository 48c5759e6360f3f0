"""Choosing the extractor by configuration: rules, llm, or any module:Class."""

from __future__ import annotations

import pytest

from factledger.core.extract import EXTRACTOR_VERSION, RuleExtractor
from factledger.errors import ConfigError
from factledger.extractors import build_extractor, configured_extractor
from factledger.settings import SETTINGS_HELP, ExtractorSettings, load_extractor_settings
from factledger.sources.llm_extractor import PROMPT_HASH, LLMExtractor

LLM_ENV = {
    "FACTLEDGER_EXTRACTOR": "llm",
    "FACTLEDGER_LLM_URL": "http://127.0.0.1:9/v1/chat/completions",
    "FACTLEDGER_LLM_MODEL": "tiny-1",
}


def test_load_extractor_settings_defaults_to_the_rules() -> None:
    assert load_extractor_settings({}) == ExtractorSettings("rules", None, None)


def test_load_extractor_settings_reads_the_llm_endpoint() -> None:
    assert load_extractor_settings(LLM_ENV) == ExtractorSettings(
        "llm", "http://127.0.0.1:9/v1/chat/completions", "tiny-1"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FACTLEDGER_EXTRACTOR": "llm"}, "needs FACTLEDGER_LLM_URL"),
        ({"FACTLEDGER_EXTRACTOR": "spacy please"}, "rules, llm or module:Class"),
    ],
)
def test_load_extractor_settings_refuses_an_unusable_choice(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_extractor_settings(env)


def test_build_extractor_builds_each_kind() -> None:
    rules = build_extractor(ExtractorSettings("rules"))
    llm = build_extractor(load_extractor_settings(LLM_ENV))
    by_name = build_extractor(ExtractorSettings("factledger.core.extract:RuleExtractor"))
    llm_by_name = build_extractor(
        ExtractorSettings("factledger.sources.llm_extractor:LLMExtractor", "http://127.0.0.1:9/v1", "m")
    )
    assert (type(rules), rules.version) == (RuleExtractor, EXTRACTOR_VERSION)
    assert (type(llm), llm.version) == (LLMExtractor, f"llm-1+tiny-1+prompt-{PROMPT_HASH}")
    assert (type(by_name), type(llm_by_name), llm_by_name.version) == (
        RuleExtractor,
        LLMExtractor,
        f"llm-1+m+prompt-{PROMPT_HASH}",
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("factledger.nowhere:Thing", "cannot load extractor"),
        ("factledger.core.extract:Nothing", "cannot load extractor"),
        ("factledger.core.extract:EXTRACTOR_VERSION", "is not a class"),
        ("collections:OrderedDict", "no `version` string"),
        ("factledger.core.models:Figure", "cannot build extractor Figure"),
    ],
)
def test_build_extractor_refuses_what_is_not_an_extractor(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_extractor(ExtractorSettings(spec))


def test_configured_extractor_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTLEDGER_EXTRACTOR", raising=False)
    assert type(configured_extractor()) is RuleExtractor
    for name, value in LLM_ENV.items():
        monkeypatch.setenv(name, value)
    first, second = configured_extractor(), configured_extractor()
    assert type(first) is LLMExtractor and first is second


def test_extractor_settings_are_documented() -> None:
    assert [n for n in LLM_ENV if n not in SETTINGS_HELP] == []
