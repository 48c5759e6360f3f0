"""Human-readable run summaries: the same text in the terminal and in the Prefect UI.

What this run did and what the database holds after it are told apart: a second run over
the same files reads "0 new" for the run while the totals stay as they were.
"""

from __future__ import annotations

from factledger.pipeline import RunSummary

NEXT_COMMANDS = (
    ("conflicts", "the conflicting figures found"),
    ("review list", "what waits for reviewers: conflicts and quality digests"),
    ("claims --format jsonl", "every extracted figure, with offsets and sources"),
    ("verify", "re-derive every hash and link"),
)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 new conflict", "2 new conflicts": a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def run_lines(summary: RunSummary) -> list[tuple[str, str]]:
    """What this run read and wrote."""
    s = summary.stored
    read = f"{summary.documents_new} new, {len(summary.quarantined)} quarantined"
    conflicts = f"{counted(s.get('conflicts', 0), 'new conflict')}, {summary.conflicts_updated} updated"
    retired = s.get("conflicts_retired", 0)
    if retired:
        conflicts += f", {retired} retired (the figures now agree)"
    lines = [
        ("documents read", f"{summary.documents_seen} ({read})"),
        ("claims", f"{summary.claims_new} new, {s.get('quarantined', 0)} quarantined"),
        ("quality failures", f"{s.get('failures', 0)} new"),
        ("conflicts", conflicts),
        ("review queue", f"{counted(s.get('queue', 0), 'new item')}"),
        ("verify", "ok" if summary.problems == 0 else f"{summary.problems} problems"),
    ]
    if summary.data_docs_problem:
        lines.append(("data docs", f"not written ({summary.data_docs_problem})"))
    return lines


def total_lines(summary: RunSummary) -> list[tuple[str, str]]:
    """What the database holds after the run."""
    t = summary.totals
    return [
        ("articles", str(t.get("articles", 0))),
        ("claims", f"{t.get('claims', 0)} ({t.get('claims_quarantined', 0)} quarantined)"),
        ("quality failures", str(t.get("failures", 0))),
        ("conflicts", str(t.get("conflicts", 0))),
        ("review queue", f"{t.get('queue_waiting', 0)} waiting of {t.get('queue', 0)}"),
        ("database", summary.db_url),
    ]


def summary_lines(summary: RunSummary) -> list[str]:
    """The run's counts, then the database's totals, then any quarantined input."""
    lines = ["this run:"] + [f"  {f'{label}:':<19}{value}" for label, value in run_lines(summary)]
    lines += ["in the database:"] + [f"  {f'{label}:':<19}{value}" for label, value in total_lines(summary)]
    lines += [f"  quarantined {loc}: {reason}" for loc, reason in summary.quarantined]
    return lines


def summary_text(summary: RunSummary, program: str = "factledger", db_option: str | None = None) -> str:
    """The summary plus the commands to try next, spelled as the user started this run."""
    db = f" --db {db_option}" if db_option else ""
    width = max(len(cmd) for cmd, _ in NEXT_COMMANDS) + len(program) + len(db) + 2
    hints = [f"  {f'{program} {cmd}{db}':<{width}} # {why}" for cmd, why in NEXT_COMMANDS]
    return "\n".join(summary_lines(summary) + ["", "next:", *hints])


def summary_markdown(summary: RunSummary) -> str:
    """The summary as two markdown tables for the run's Prefect artifact."""
    run = "\n".join(f"| {label} | {value} |" for label, value in run_lines(summary))
    totals = "\n".join(f"| {label} | {value} |" for label, value in total_lines(summary)[:-1])
    return (
        "# factcheck run\n\n## This run\n\n| what | count |\n|---|---|\n"
        f"{run}\n\n## In the database\n\n| what | count |\n|---|---|\n{totals}\n"
    )
