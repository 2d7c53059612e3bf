"""`manage.py simulate NAME FILE`: the engines' JSON on standard output, exit 1 on bad input."""

import io
import json
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from studyapp.sims import registry

CAPACITY_EXAMPLE = {
    "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ],
    "desiredCount": 10,
}
PRESET = settings.BASE_DIR / "content" / "scenarios" / "bridge-port-conflict.json"


def simulate(*args):
    out = io.StringIO()
    call_command("simulate", *args, stdout=out)
    return json.loads(out.getvalue())


def simulate_failing(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("simulate", *args, stdout=out)
    assert exited.value.code == 1
    return json.loads(out.getvalue())


@pytest.fixture
def stdin(monkeypatch):
    def feed(raw):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))

    return feed


def test_prints_the_result_of_a_file(tmp_path):
    path = tmp_path / "capacity.json"
    path.write_text(json.dumps(CAPACITY_EXAMPLE))
    result = simulate("capacity", str(path))
    assert result["tasks"] == {"FARGATE": 4, "FARGATE_SPOT": 6}
    assert result == registry.run("capacity", CAPACITY_EXAMPLE)


def test_runs_a_preset_placement_scenario():
    result = simulate("placement", str(PRESET))
    assert [failure["reason"] for failure in result["failures"]] == ["RESOURCE:PORTS"]


def test_reads_standard_input_for_a_dash(stdin):
    stdin(
        json.dumps({"desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 125}}).encode()
    )
    result = simulate("rolling", "-")
    assert result["stuck"] is True


def test_runs_a_blue_green_preset():
    path = (
        settings.BASE_DIR / "content" / "scenarios" / "bluegreen" / "codedeploy-linear-alarm.json"
    )
    result = simulate("bluegreen", str(path))
    assert result["outcome"] == "ROLLED_BACK"


def test_bad_input_prints_the_errors_and_exits_1(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**CAPACITY_EXAMPLE, "desiredCount": "ten"}))
    assert [error["path"] for error in simulate_failing("capacity", str(path))["errors"]] == [
        "desiredCount"
    ]


def test_unparseable_standard_input_exits_1(stdin):
    stdin(b"{not json")
    errors = simulate_failing("fargate", "-")["errors"]
    assert errors[0]["path"] == ""
    assert errors[0]["message"].startswith("not valid JSON")


def test_fargate_findings_are_a_result_not_an_error(stdin):
    stdin(json.dumps({"cpu": "256", "memory": "4096", "containerDefinitions": []}).encode())
    result = simulate("fargate", "-")
    assert result["valid"] is False
    assert {"path": "memory", "severity": "error"}.items() <= next(
        finding for finding in result["findings"] if finding["path"] == "memory"
    ).items()


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("simulate", "capacity", str(tmp_path / "absent.json"))


def test_an_unknown_simulator_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("simulate", "warp-drive", str(PRESET))
