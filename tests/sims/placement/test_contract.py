"""The shape of simulate()'s result, which the command, the API and the page rely on."""

import json

from studyapp.sims.placement import simulate
from tests.sims.placement.builders import BY_ZONE, binpack, instance, member_of, scenario

ISSUE_EXAMPLE = {
    "containerInstances": [
        {
            "ec2InstanceId": "i-0a1",
            "agentConnected": True,
            "agentVersion": "1.80.0",
            "registeredAt": "2026-01-10T08:00:00Z",
            "attributes": [
                {"name": "ecs.availability-zone", "value": "us-east-1a"},
                {"name": "ecs.instance-type", "value": "t3.large"},
            ],
            "registeredResources": [
                {"name": "CPU", "integerValue": 2048},
                {"name": "MEMORY", "integerValue": 7680},
            ],
            "runningTasks": [
                {"group": "service:web", "cpu": 256, "memory": 512, "hostPorts": [80]}
            ],
        }
    ],
    "taskDefinition": {
        "family": "web",
        "networkMode": "bridge",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [
            {
                "name": "app",
                "memory": 512,
                "memoryReservation": 256,
                "portMappings": [{"containerPort": 8080, "hostPort": 0}],
            }
        ],
        "placementConstraints": [],
    },
    "count": 6,
    "group": "service:web",
    "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"},
    ],
    "placementConstraints": [
        {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
    ],
    "seed": 7,
}


def test_the_issue_example_places_every_task_with_the_documented_shape():
    result = simulate(ISSUE_EXAMPLE)
    assert json.loads(json.dumps(result)) == result
    assert set(result) == {
        "placements",
        "failures",
        "stopped",
        "instances",
        "availabilityZones",
        "tasks",
        "summary",
    }
    assert result["placements"][0] == {
        "task": 1,
        "containerInstance": "i-0a1",
        "availabilityZone": "us-east-1a",
    }
    task_memory, task_cpu = 512, 256
    tasks_that_fit = min((7680 - 512) // task_memory, (2048 - 256) // task_cpu)
    assert len(result["placements"]) == min(6, tasks_that_fit)
    report = result["instances"][0]
    assert report["remaining"]["memory"] == 7680 - 512 - task_memory * len(result["placements"])
    assert report["groups"] == {"service:web": 1 + len(result["placements"])}
    assert result["summary"]["requirements"] == {
        "networkMode": "bridge",
        "cpu": 256,
        "memory": 512,
        "hostPorts": [],
        "eni": False,
    }


def test_failures_tasks_and_zones_have_their_documented_keys():
    instances = [instance("i-a", memory=1024), instance("i-b", zone=None, memory=600)]
    result = simulate(
        scenario(
            instances,
            count=4,
            group="service:web",
            strategies=[BY_ZONE, binpack("memory")],
            constraints=[member_of("attribute:ecs.instance-type == t3.large")],
            stopCount=1,
        )
    )
    assert [set(failure) for failure in result["failures"]] == [
        {"task", "reason", "detail", "serviceEvent"}
    ] * len(result["failures"])
    assert [entry["task"] for entry in result["tasks"]] == [1, 2, 3, 4]
    for entry in result["tasks"]:
        assert set(entry) == {"task", "containerInstance", "reason", "steps"}
        for step in entry["steps"]:
            assert {"step", "candidates", "instances", "explanation"} <= set(step)
            assert step["step"] in {"resources", "constraints", "strategy", "pick"}
    zones = [zone["availabilityZone"] for zone in result["availabilityZones"]]
    assert zones == ["us-east-1a", None]
    assert set(result["stopped"][0]) == {
        "stop",
        "containerInstance",
        "availabilityZone",
        "task",
        "runningTask",
        "steps",
    }
    placed_per_zone = {
        zone["availabilityZone"]: zone["placed"] for zone in result["availabilityZones"]
    }
    assert sum(placed_per_zone.values()) == len(result["placements"])


def test_the_same_document_gives_the_same_result():
    document = scenario(
        [instance(f"i-{n}", zone=f"us-east-1{'ab'[n % 2]}") for n in range(6)],
        count=9,
        strategies=[{"type": "random"}],
        seed=99,
        stopCount=3,
    )
    assert simulate(document) == simulate(document)
