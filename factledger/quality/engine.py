"""The one place that runs Great Expectations: a per-process context behind a lock.

GX is imported lazily (it takes seconds) and only here. A GX context is not thread-safe:
concurrent runs on a shared context validated each other's frames, so every run holds
the lock from batch to results.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuite
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult
    from great_expectations.datasource.fluent.pandas_datasource import PandasDatasource

# GX reads this at import; an operator's explicit setting wins.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

_DATASOURCE = "factledger"
_LOCK = threading.Lock()
_state: _GxState | None = None


@dataclass(frozen=True)
class Outcome:
    """What GX said about one expectation, reduced to what the report needs."""

    expectation_id: str
    success: bool
    unexpected: tuple[dict[str, Any], ...]  # one entry per rejected row: index columns + values
    error: str | None


@dataclass
class _GxState:
    source: PandasDatasource
    batches: dict[str, BatchDefinition[Any]]


def import_gx() -> ModuleType:
    """Import GX on first use, so importing factledger.quality stays fast.

    Our own expectation types are registered with it at the same time, so every suite,
    from any caller, can name them.
    """
    import great_expectations

    import factledger.quality.custom  # noqa: F401  (defining the classes registers them)

    return great_expectations


def gx_version() -> str:
    """The GX version that ran, for the provenance of every result."""
    return str(import_gx().__version__)


def run_suite(
    frame: pd.DataFrame, table: str, suite: ExpectationSuite, index_columns: list[str]
) -> tuple[list[Outcome], ExpectationSuiteValidationResult]:
    """Validate one frame against one suite; failures name rows by `index_columns`.

    Returns the reduced outcomes and GX's own result, which Data Docs render.
    """
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns}
    with _LOCK:
        batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format=result_format)
    outcomes = [
        _to_outcome(r.expectation_config, r.success, r.result, r.exception_info) for r in result.results
    ]
    return outcomes, result


def _batch_definition(table: str) -> BatchDefinition[Any]:
    # Called with _LOCK held: the context and its assets are built once per process.
    global _state
    if _state is None:
        _state = _GxState(source=_new_source(), batches={})
    if table not in _state.batches:
        asset = _state.source.add_dataframe_asset(table)
        _state.batches[table] = asset.add_batch_definition_whole_dataframe(table)
    return _state.batches[table]


def _new_source() -> PandasDatasource:
    import_gx()
    from great_expectations.data_context.data_context.context_factory import get_context
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In memory only: no Data Docs site, no usage statistics, no progress bars in task logs.
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = get_context(project_config=config, mode="ephemeral")
    return context.data_sources.add_pandas(_DATASOURCE)


def _to_outcome(config: Any, success: bool | None, result: dict[str, Any], info: Any) -> Outcome:
    meta = getattr(config, "meta", None) or {}
    return Outcome(
        expectation_id=str(meta.get("id", "")),
        success=bool(success),
        unexpected=tuple(result.get("unexpected_index_list") or ()),
        error=_find_error(info),
    )


def _find_error(info: Any) -> str | None:
    # GX reports an exception either flat or keyed by the metric that raised it.
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = (_find_error(v) for v in info.values() if isinstance(v, dict))
    return next((e for e in nested if e), None)
