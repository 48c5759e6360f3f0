"""The layers stay clean: the core is pure, the review app needs no Prefect."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_FORBIDDEN = {"prefect", "httpx", "sqlalchemy", "great_expectations", "alembic", "os", "time", "pandas"}
CLOCK_CALLS = {"now", "utcnow", "today"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def clock_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]


def test_core_imports_nothing_impure() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & CORE_FORBIDDEN)
        for path in (ROOT / "factledger" / "core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_reads_no_clock() -> None:
    calls = {str(p.relative_to(ROOT)): clock_calls(p) for p in (ROOT / "factledger" / "core").rglob("*.py")}
    assert {k: v for k, v in calls.items() if v} == {}


def test_core_pulls_in_nothing_impure_when_imported() -> None:
    # Transitive imports count too: load every core module in a fresh interpreter.
    modules = [
        f"factledger.core.{p.stem}"
        for p in (ROOT / "factledger" / "core").glob("*.py")
        if p.stem != "__init__"
    ]
    forbidden = sorted(CORE_FORBIDDEN - {"os", "time"})
    imports = "".join(f"import {m}\n" for m in modules)
    loaded = "{m.split('.')[0] for m in sys.modules}"
    code = f"import sys\n{imports}print(sorted({loaded} & set({forbidden!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_review_does_not_import_prefect() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "factledger" / "review").rglob("*.py")
        if "prefect" in imported_modules(p)
    ]
    assert offenders == []


def factledger_modules(path: Path) -> set[str]:
    """The factledger modules a file imports by absolute name, such as `factledger.sources.http`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("factledger.")
    }


def test_store_imports_only_core_and_itself() -> None:
    # Storage sits under every other layer: sources, quality and review may use it, not the reverse.
    allowed = ("factledger.store", "factledger.core", "factledger.errors", "factledger.settings")
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in factledger_modules(p) if not m.startswith(allowed))
        for p in (ROOT / "factledger" / "store").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_boundary_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import sqlalchemy\nfrom prefect import flow\nimport datetime\nx = datetime.datetime.now()\n"
    )
    assert imported_modules(bad) & CORE_FORBIDDEN == {"sqlalchemy", "prefect"}
    assert clock_calls(bad) == ["now"]
