"""Every preset in content/scenarios runs cleanly and shows the idea its `teaches` text claims."""

import json
from collections import Counter
from pathlib import Path

import pytest

from studyapp.sims.placement import simulate
from tests.sims.placement.builders import placed_on, reasons, zone_counts

SCENARIOS = Path(__file__).resolve().parents[3] / "content" / "scenarios"
REQUIRED = (
    "spread-az",
    "binpack-memory",
    "spread-az-binpack-memory",
    "distinct-instance",
    "memberof-instance-type",
    "bridge-port-conflict",
    "awsvpc-eni-exhaustion",
    "unplaceable-task",
)


def load(name):
    return json.loads((SCENARIOS / f"{name}.json").read_text())


def run(name):
    return simulate(load(name))


def instance_types(name):
    return {
        item["ec2InstanceId"]: next(
            entry["value"] for entry in item["attributes"] if entry["name"] == "ecs.instance-type"
        )
        for item in load(name)["containerInstances"]
    }


@pytest.mark.parametrize("name", sorted(path.stem for path in SCENARIOS.glob("*.json")))
def test_every_preset_runs_and_says_what_it_teaches(name):
    document = load(name)
    assert isinstance(document["title"], str)
    assert 0 < len(document["title"]) <= 60
    assert isinstance(document["teaches"], str)
    assert 1 <= document["teaches"].count(". ") + 1 <= 3
    result = simulate(document)
    assert result["summary"]["count"] == document["count"]
    json.dumps(result)


def test_the_required_presets_exist():
    assert set(REQUIRED) <= {path.stem for path in SCENARIOS.glob("*.json")}


def test_spread_az_balances_zones_not_instances():
    result = run("spread-az")
    assert not result["failures"]
    assert zone_counts(result) == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}
    instances_per_zone = Counter(item["availabilityZone"] for item in result["instances"])
    assert instances_per_zone["us-east-1a"] != instances_per_zone["us-east-1c"]


def test_binpack_memory_fills_the_fullest_instance_and_leaves_the_roomiest_empty():
    result = run("binpack-memory")
    placed = placed_on(result)
    assert not result["failures"]
    assert placed[0] == "i-small"
    assert placed == sorted(placed, key=["i-small", "i-medium", "i-large"].index)
    assert "i-large" not in placed


def test_spread_then_binpack_uses_the_tighter_instance_of_each_zone():
    result = run("spread-az-binpack-memory")
    assert zone_counts(result) == {"us-east-1a": 2, "us-east-1b": 2}
    assert set(placed_on(result)) == {"i-0a-small", "i-0b-small"}


def test_distinct_instance_counts_the_running_task_and_fails_the_last():
    document = load("distinct-instance")
    result = simulate(document)
    assert len(set(placed_on(result))) == len(placed_on(result)) == 3
    assert "i-0a1" not in placed_on(result)
    assert reasons(result) == ["DistinctInstance placement constraint unsatisfied."]


def test_member_of_never_uses_other_instance_types():
    result = run("memberof-instance-type")
    types = instance_types("memberof-instance-type")
    assert not result["failures"]
    assert {types[name] for name in placed_on(result)} <= {"t3.large", "t3.xlarge"}
    assert "us-east-1c" not in zone_counts(result)


def test_bridge_static_port_conflict_fails_one_task_with_resource_ports():
    result = run("bridge-port-conflict")
    assert "i-0a1" not in placed_on(result)
    assert reasons(result) == ["RESOURCE:PORTS"]


def test_awsvpc_eni_exhaustion_stops_at_two_tasks_per_c5_large():
    result = run("awsvpc-eni-exhaustion")
    assert Counter(placed_on(result)) == {"i-0a1": 2, "i-0b1": 2}
    assert reasons(result) == ["RESOURCE:ENI"]
    assert all(item["remaining"]["cpu"] > 0 for item in result["instances"])


def test_unplaceable_task_reports_resource_memory():
    result = run("unplaceable-task")
    assert placed_on(result) == []
    assert reasons(result) == ["RESOURCE:MEMORY"]
    assert "4096 MiB" in result["failures"][0]["detail"]


def test_service_default_placement_picks_the_emptiest_instance_and_stops_on_the_fullest():
    # update-service-parameters.html: fewest of the service's tasks in the zone, then on the
    # instance; stopping, the most in the zone, then on the instance.
    result = run("service-default-placement")
    assert result["summary"]["strategiesDefaulted"] is True
    assert placed_on(result) == ["i-0b2"]
    assert [stop["containerInstance"] for stop in result["stopped"]] == ["i-0a1"]
    assert result["stopped"][0]["task"] is None
