"""The public surface is documented: every command and every setting appears in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from factledger.cli import main
from factledger.settings import SETTINGS_HELP

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "factledger") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found += command_paths(command, path)
    return found


def test_every_command_is_in_the_readme() -> None:
    missing = [path for path, _ in command_paths(main) if path not in README]
    assert missing == []


def test_every_command_has_help() -> None:
    for path, command in command_paths(main):
        args = path.split()[1:] + ["--help"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, path
        assert (command.help or "").strip(), f"{path} has no help text"


def test_every_setting_is_in_the_readme() -> None:
    assert [name for name in SETTINGS_HELP if name not in README] == []


def test_the_two_commands_are_in_the_readme() -> None:
    assert "make run" in README and "make test" in README


def test_the_readme_says_how_the_review_app_is_secured_and_served_behind_tls() -> None:
    section = README[README.index("### Security") :]
    section = section[: section.index("\n### ", 1)]
    for needed in (
        "FACTLEDGER_SECURE_COOKIE=1",
        "FACTLEDGER_SESSION_HOURS",
        "FACTLEDGER_MAX_DOCUMENT_BYTES",
        "Content-Security-Policy",
        "CSRF",
        "sandboxed",
        "reverse_proxy 127.0.0.1:8000",
        "X-Forwarded-Proto",
        "--forwarded-allow-ips",
    ):
        assert needed in section, needed


def test_every_picture_the_screenshot_tests_take_is_shown_in_the_readme() -> None:
    tests = Path(__file__).resolve().parent
    names = {
        name
        for path in tests.rglob("test_*.py")
        for name in re.findall(
            r'(?:screenshot_path|shoot)\([^"]*"([\w-]+\.png)"', path.read_text(encoding="utf-8")
        )
    }
    assert {"review-item.png", "review-queue.png", "data-docs.png"} <= names
    assert sorted(name for name in names if f"](docs/{name})" not in README) == []
