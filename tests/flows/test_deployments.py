"""The files in deployments/ say what the README promises, and Prefect accepts them."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from prefect.events.schemas.automations import AutomationCore

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deployments"))

import serve  # noqa: E402


def test_prefect_yaml_schedules_the_sources_flow_on_a_process_pool() -> None:
    config = yaml.safe_load((ROOT / "deployments" / "prefect.yaml").read_text())
    scheduled = next(d for d in config["deployments"] if d["name"] == "scheduled")
    assert scheduled["entrypoint"] == "flows/factcheck_sources.py:factcheck_sources"
    assert scheduled["work_pool"]["name"] == "factledger"
    assert scheduled["schedules"] == [{"cron": "0 * * * *", "timezone": "UTC"}]
    assert scheduled["parameters"]["sources"] == "deployments/sources.yaml"
    assert (ROOT / scheduled["entrypoint"].split(":")[0]).is_file()


def test_example_automation_matches_flagged_high_conflicts() -> None:
    data = yaml.safe_load((ROOT / "deployments" / "automation-conflict-flagged.yaml").read_text())
    automation = AutomationCore.model_validate(data)
    assert automation.trigger.expect == {"factledger.conflict.flagged"}  # type: ignore[union-attr]
    assert automation.trigger.match.root == {  # type: ignore[union-attr]
        "prefect.resource.id": "factledger.conflict.*",
        "factledger.severity": "high",
    }


def test_serve_script_schedules_hourly_unless_told_otherwise() -> None:
    assert serve.schedule_of(serve.parse_args([])) == {"cron": "0 * * * *"}
    assert serve.schedule_of(serve.parse_args(["--interval", "30"])) == {"interval": 30.0}
    assert serve.schedule_of(serve.parse_args(["--cron", "*/5 * * * *"])) == {"cron": "*/5 * * * *"}


def test_serve_prints_run_commands_that_name_the_server() -> None:
    assert serve.run_commands(["factcheck/files"], "http://127.0.0.1:4200/api") == [
        "  PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/prefect deployment run 'factcheck/files'"
    ]
