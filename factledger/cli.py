"""`factledger ...`: parse arguments, call the library, print. Nothing else lives here.

Prefect is imported only inside `run`, so every other command starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from factledger import exports
from factledger.clitools import FORMATS, db_option, one_line_errors, short_id, table
from factledger.review.cli import register as register_review
from factledger.settings import CHECKOUT, load_settings

FLOW_ENTRYPOINT = "flows/factcheck.py:factcheck"
QUARANTINED_EXIT = 3  # the run finished, but some input was quarantined (listed in the summary)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factledger")
def main() -> None:
    """factledger: a provenance-tracking fact-check pipeline for figures in the news."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT ...]")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also read what a sources file lists (feeds, urls, paths, jsonl).",
)
@db_option
@click.option(
    "--engine",
    type=click.Choice(["prefect", "bare"]),
    default="prefect",
    show_default=True,
    help="Run as a Prefect flow, or the same stages without Prefect.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Documents per batch, each committed in one transaction.",
)
@one_line_errors
def run(
    inputs: tuple[str, ...], sources_file: str | None, db: str | None, engine: str, batch_size: int | None
) -> None:
    """Fact-check files, folders, JSON Lines files (one document per record) and http(s) URLs.

    With no INPUT and no --sources, reads seeds/. Exits 0 when every input was stored, 3 when
    the run finished but quarantined some (each is listed with its reason), 1 on an error.
    """
    from factledger.report import summary_text
    from factledger.sources.catalog import classify_inputs, load_sources

    settings = load_settings(db=db)
    targets = list(inputs) or ([] if sources_file else [str(CHECKOUT / "seeds")])
    classify_inputs(targets)  # fail fast, on one line, for a path that is missing or not a file
    if sources_file:
        load_sources(Path(sources_file))  # and for a sources file that cannot be used
    if engine == "bare":
        summary = _run_bare(targets, sources_file, settings, batch_size)
    else:
        summary = _run_flow(targets, sources_file, settings.db_url, batch_size)
    click.echo(summary_text(summary, _program_name(), db))
    if summary.quarantined:
        raise click.exceptions.Exit(QUARANTINED_EXIT)


def _run_bare(targets: list[str], sources_file: str | None, settings: Any, batch_size: int | None) -> Any:
    from factledger.pipeline import run_pipeline
    from factledger.sources.catalog import SourceList, load_sources

    listed = load_sources(Path(sources_file)) if sources_file else SourceList()
    size = batch_size or settings.batch_size
    return run_pipeline(
        targets, settings.db_url, settings.expectations_dir, size, home=settings.home, sources=listed
    )


def _run_flow(paths: list[str], sources_file: str | None, db_url: str, batch_size: int | None) -> Any:
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect.flows import load_flow_from_entrypoint

    from factledger.prefect_server import temporary_server

    sys.path.insert(0, str(CHECKOUT))  # flows/ and tasks/ run from the checkout
    flow: Any = load_flow_from_entrypoint(str(CHECKOUT / FLOW_ENTRYPOINT))
    with temporary_server():  # without PREFECT_API_URL: one that ends with this process, killed or not
        return flow(paths=paths, db=db_url, batch_size=batch_size, sources=sources_file)


@main.command()
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@one_line_errors
def claims(db: str | None, fmt: str) -> None:
    """Every stored claim: figure, interval, what is counted, where, when, who says so."""
    records = exports.claim_records(_store(db))
    if fmt == "table":
        click.echo(table([claim_row(r) for r in records], CLAIM_COLUMNS))
        return
    _emit(records, fmt, exports.CLAIM_FIELDS)


@main.command()
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@one_line_errors
def conflicts(db: str | None, fmt: str) -> None:
    """Conflicting figures found by reconciliation, highest priority first."""
    store = _store(db)
    records = exports.conflict_records(store)
    if fmt == "table":
        named = {i for r in records for i in r["claim_ids"]}
        named |= {link[end] for r in records for link in r["relations"] for end in ("from_claim", "to_claim")}
        by_id = {c.id: c for c in store.claims_named(named)}
        click.echo(table([conflict_row(r, by_id) for r in records], CONFLICT_COLUMNS))
        return
    _emit(records, fmt, exports.CONFLICT_FIELDS)


CLAIM_COLUMNS = (
    ("id", "id"),
    ("category", "category"),
    ("figure", "number_text"),
    ("interval", "interval"),
    ("subject", "subject"),
    ("place", "location"),
    ("date", "date"),
    ("source", "source"),
    ("status", "status"),
)
CONFLICT_COLUMNS = (
    ("id", "id"),
    ("kind", "kind"),
    ("severity", "severity"),
    ("queue", "queue_state"),
    ("figures", "figures"),
    ("reasons", "reasons"),
    ("links", "links"),
)


def claim_row(record: dict[str, Any]) -> dict[str, Any]:
    """A claim record as a table row: short id, interval in words."""
    interval = f"{_num(record['value_low'])} to {_num(record['value_high'])}"
    return record | {"id": short_id(record["id"]), "interval": interval, "source": record["source"] or "-"}


def conflict_row(record: dict[str, Any], claims_by_id: dict[str, Any]) -> dict[str, Any]:
    """A conflict record as a table row: its key (what review and trace take), figures and sources."""
    figures = [claims_by_id[i] for i in record["claim_ids"] if i in claims_by_id]
    return {
        "id": short_id(record["key"]),
        "kind": record["kind"],
        "severity": record["severity"],
        "queue_state": record["queue_state"] or "-",
        "figures": "; ".join(f"{c.number_text} ({c.source or 'unattributed'})" for c in figures),
        "reasons": ", ".join(record["reasons"]),
        "links": "; ".join(link_text(link, claims_by_id) for link in record["relations"]),
    }


def link_text(link: dict[str, Any], claims_by_id: dict[str, Any]) -> str:
    """An update or related link as "update: 9 -> 10"."""
    ends = [claims_by_id.get(link["from_claim"]), claims_by_id.get(link["to_claim"])]
    figures = " -> ".join(e.number_text if e is not None else "?" for e in ends)
    return f"{link['kind']}: {figures}"


@main.command()
@db_option
@one_line_errors
def verify(db: str | None) -> None:
    """Re-derive every content hash and parent link; name each record that does not match."""
    from factledger.provenance.verify import verify as verify_records

    problems = verify_records(_store(db))
    for p in problems:
        click.echo(f"{p.table} {p.row_id}: {p.message}")
    if problems:
        raise click.ClickException(f"{len(problems)} record(s) do not match their hashes or links")
    click.echo("verify: every record matches its hash and links")


@main.command()
@db_option
@click.option("--data-docs/--no-data-docs", default=True, show_default=True, help="Write offline Data Docs.")
@one_line_errors
def validate(db: str | None, data_docs: bool) -> None:
    """Run every expectation suite over the stored rows; quarantine claims that fail a critical one."""
    from factledger.pipeline import StepRun, revalidate_stored, write_data_docs
    from factledger.quality.stored import summary_lines

    settings, step = load_settings(db=db), StepRun(actor="cli")
    checked = revalidate_stored(_store(db), settings.expectations_dir, step)
    for line in summary_lines(checked):
        click.echo(line)
    if data_docs:
        click.echo(f"data docs: {write_data_docs(checked.report, settings.home, step)}")
    critical = {f.row_id for f in checked.report.failures if f.severity == "critical"}
    if critical:
        raise click.ClickException(f"{len(critical)} row(s) fail a critical expectation")


@main.command()
@click.argument("record_id", metavar="ID")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@one_line_errors
def trace(record_id: str, db: str | None, fmt: str) -> None:
    """The whole trail of a claim, conflict, queue item or decision, from its bytes to its decisions."""
    from factledger.provenance.trace import render_json, render_text
    from factledger.provenance.trace import trace as trace_of

    store = _store(db)
    found = trace_of(store, _whole_id(store, record_id))
    click.echo(render_json(found) if fmt == "json" else render_text(found), nl=fmt == "json")
    if not found.holds:
        raise click.ClickException(f"the trail does not hold: {len(found.broken)} problem(s)")


@main.group()
def export() -> None:
    """Write the stored records in exchange formats."""


@export.command("prov")
@db_option
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write (default: stdout).")
@one_line_errors
def export_prov(db: str | None, output: str) -> None:
    """W3C PROV-JSON: documents, articles, claims, conflicts, pipeline steps, decisions, agents."""
    from factledger.provenance.export import build_prov, to_prov_json

    text = to_prov_json(build_prov(_store(db)))
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(text + "\n")


def _program_name() -> str:
    """How the user started us (".venv/bin/factledger"), so suggested commands work as typed."""
    invoked = Path(sys.argv[0])
    if invoked.name != "factledger":
        return "factledger"
    try:
        return str(invoked.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return "factledger"


def _whole_id(store: Any, record_id: str) -> str:
    """The claim, conflict or queue id that a typed start names (decision numbers pass as typed)."""
    from factledger.store.lookup import resolve_id
    from factledger.store.tables import claims, conflict_versions, conflicts, queue_items

    if record_id.isdigit():
        return record_id
    columns = [claims.c.id, conflicts.c.id, conflicts.c.key, conflict_versions.c.id, queue_items.c.key]
    with store.engine.connect() as connection:
        return resolve_id(connection, columns, record_id) or record_id


def _store(db: str | None) -> Any:
    from factledger.pipeline import open_store

    return open_store(load_settings(db=db).db_url)


def _emit(records: list[dict[str, Any]], fmt: str, fields: tuple[str, ...]) -> None:
    text = exports.to_jsonl(records) if fmt == "jsonl" else exports.to_csv(records, fields)
    click.echo(text, nl=False)


def _num(value: float | int | None) -> str:
    return "open" if value is None else f"{value:g}"


register_review(main, export)

if __name__ == "__main__":
    main()
