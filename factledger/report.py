"""Human-readable run summaries: the same text in the terminal and in the Prefect UI."""

from __future__ import annotations

from factledger.pipeline import RunSummary

NEXT_COMMANDS = (
    ("conflicts", "the conflicting figures found"),
    ("claims --format jsonl", "every extracted figure, with offsets and sources"),
    ("verify", "re-derive every hash and link"),
)


def summary_lines(summary: RunSummary) -> list[str]:
    """The run's counts, then where the data is and what to try next."""
    t = summary.totals
    read = f"{summary.documents_new} new, {len(summary.quarantined)} quarantined"
    claims = f"{summary.claims_new} new, {t.get('claims_quarantined', 0)} quarantined"
    lines = [
        f"documents read:    {summary.documents_seen} ({read})",
        f"articles:          {t.get('articles', 0)}",
        f"claims:            {t.get('claims', 0)} ({claims})",
        f"quality failures:  {t.get('failures', 0)}",
        f"conflicts:         {t.get('conflicts', 0)}",
        f"review queue:      {t.get('queue_waiting', 0)} waiting of {t.get('queue', 0)}",
        f"verify:            {'ok' if summary.problems == 0 else f'{summary.problems} problems'}",
        f"database:          {summary.db_url}",
    ]
    lines += [f"  quarantined {loc}: {reason}" for loc, reason in summary.quarantined]
    return lines


def summary_text(summary: RunSummary, program: str = "factledger", db_option: str | None = None) -> str:
    """The summary plus the commands to try next, spelled as the user started this run."""
    db = f" --db {db_option}" if db_option else ""
    width = max(len(cmd) for cmd, _ in NEXT_COMMANDS) + len(program) + len(db) + 2
    hints = [f"  {f'{program} {cmd}{db}':<{width}} # {why}" for cmd, why in NEXT_COMMANDS]
    return "\n".join(summary_lines(summary) + ["", "next:", *hints])


def summary_markdown(summary: RunSummary) -> str:
    rows = "\n".join(
        f"| {line.split(':', 1)[0]} | {line.split(':', 1)[1].strip()} |"
        for line in summary_lines(summary)[:8]
    )
    return f"# factcheck run\n\n| what | count |\n|---|---|\n{rows}\n"
