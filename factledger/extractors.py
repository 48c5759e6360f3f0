"""Choose the claim extractor by configuration: the rules by default, a model, or any class.

`FACTLEDGER_EXTRACTOR` names it: `rules` (offline, the default), `llm` (an OpenAI-compatible
chat-completions endpoint, `FACTLEDGER_LLM_URL` and `FACTLEDGER_LLM_MODEL`), or
`package.module:Class` for any class with a `version` string and an `extract(text, articles)`
method; such a class is built with `from_settings(settings)` when it has one, else with no
arguments.
"""

from __future__ import annotations

import importlib
from functools import cache

from factledger.core.extract import Extractor, RuleExtractor
from factledger.errors import ConfigError
from factledger.settings import ExtractorSettings, load_extractor_settings
from factledger.sources.llm_extractor import LLMExtractor


def build_extractor(settings: ExtractorSettings) -> Extractor:
    """The extractor the settings name; a named class must meet the `Extractor` protocol."""
    if settings.name == "rules":
        return RuleExtractor()
    if settings.name == "llm":
        return LLMExtractor.from_settings(settings)
    extractor = _instantiate(load_class(settings.name), settings)
    if not isinstance(getattr(extractor, "version", None), str) or not callable(
        getattr(extractor, "extract", None)
    ):
        raise ConfigError(f"{settings.name} has no `version` string and `extract` method")
    return extractor


def load_class(spec: str) -> type:
    """`package.module:Class` imported; a clear configuration error when it is not there."""
    module_name, _, class_name = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise ConfigError(f"cannot load extractor {spec!r}: {error}") from error
    if not isinstance(found, type):
        raise ConfigError(f"extractor {spec!r} is not a class")
    return found


def _instantiate(cls: type, settings: ExtractorSettings) -> Extractor:
    factory = getattr(cls, "from_settings", None)
    try:
        extractor: Extractor = factory(settings) if callable(factory) else cls()
    except TypeError as error:
        raise ConfigError(f"cannot build extractor {cls.__name__}: {error}") from error
    return extractor


def configured_extractor() -> Extractor:
    """The extractor the environment names, built once per process for the same settings."""
    return _cached_extractor(load_extractor_settings())


@cache
def _cached_extractor(settings: ExtractorSettings) -> Extractor:
    return build_extractor(settings)
