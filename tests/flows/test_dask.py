"""The sources flow on a local Dask cluster extracts the same claims as on the default runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from factledger.store import Store
from flows.factcheck_sources import factcheck_sources, with_dask

pytestmark = pytest.mark.flow
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def claims_of(flow: object, folder: Path, name: str) -> list[tuple[str, int, int, str, str]]:
    sources = folder / f"{name}.yaml"
    sources.write_text(f"paths: [{SEEDS}]\n")
    db = f"sqlite:///{folder / name}.db"
    state = flow(sources=str(sources), db=db, batch_size=1, return_state=True)  # type: ignore[operator]
    assert state.is_completed(), state.message
    return [(c.id, c.start, c.end, c.number_text, c.status) for c in Store.open(db).claims()]


def test_dask_runner_gives_the_same_claims(prefect_harness: None, tmp_path: Path) -> None:
    default = claims_of(factcheck_sources, tmp_path, "default")
    on_dask = claims_of(with_dask(workers=2), tmp_path, "dask")
    assert len(default) >= 10  # both seed reports yield figures
    assert on_dask == default
