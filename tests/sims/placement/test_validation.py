import pytest

from studyapp.sims.placement import InvalidInput, simulate
from tests.sims.placement.builders import (
    DISTINCT_INSTANCE,
    binpack,
    instance,
    member_of,
    scenario,
    spread,
    task_definition,
)


def problems(document):
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    found = {}
    for problem in raised.value.problems:
        found[problem.path] = "; ".join(filter(None, [found.get(problem.path), problem.message]))
    return found


def valid():
    return scenario([instance("i-1"), instance("i-2", zone="us-east-1b")], count=2)


def test_the_valid_baseline_runs():
    assert len(simulate(valid())["placements"]) == 2


@pytest.mark.parametrize("document", [None, [], "text", 3, True])
def test_a_document_that_is_not_an_object_is_one_problem_at_the_root(document):
    assert list(problems(document)) == [""]


def test_the_issue_example_path_and_message_for_a_bad_binpack_field():
    document = valid()
    document["placementStrategy"] = [spread("instanceId"), binpack("disk")]
    assert problems(document) == {"placementStrategy[1].field": "binpack takes cpu or memory"}


def test_every_problem_is_reported_at_once_with_its_path():
    document = valid()
    document["count"] = -1
    document["containerInstances"][1]["registeredResources"][0]["integerValue"] = "lots"
    document["placementStrategy"] = [{"type": "pack"}, spread("zone")]
    document["placementConstraints"] = [member_of("attribute:a ==")]
    document["taskDefinition"]["containerDefinitions"][0]["memory"] = 100
    found = problems(document)
    assert set(found) == {
        "count",
        "containerInstances[1].registeredResources[0].integerValue",
        "placementStrategy[0].type",
        "placementStrategy[1].field",
        "placementConstraints[0].expression",
        "taskDefinition.containerDefinitions[0].memory",
    }
    assert found["placementConstraints[0].expression"].startswith("column 15: ")


def test_required_parts_are_named_when_missing():
    found = problems({})
    assert "containerInstances" in found
    assert "taskDefinition" in found
    found = problems({"containerInstances": [{}], "taskDefinition": {"family": "x"}})
    assert "containerInstances[0].ec2InstanceId" in found
    assert "containerInstances[0].registeredResources" in found
    assert "taskDefinition.containerDefinitions" in found


def test_unknown_top_level_keys_are_errors_with_a_hint_but_title_and_teaches_are_not():
    document = valid()
    document["placementStrategies"] = []
    assert problems(document) == {
        "placementStrategies": "unknown key; did you mean placementStrategy?"
    }
    del document["placementStrategies"]
    document["title"] = {"anything": ["goes"]}
    document["teaches"] = 42
    assert simulate(document)["summary"]["placed"] == 2


def test_unknown_keys_inside_instances_and_task_definitions_are_ignored():
    document = valid()
    document["containerInstances"][0]["containerInstanceArn"] = "arn:aws:ecs:..."
    document["containerInstances"][0]["status"] = "ACTIVE"
    document["taskDefinition"]["requiresCompatibilities"] = ["EC2"]
    document["taskDefinition"]["containerDefinitions"][0]["image"] = "nginx"
    assert simulate(document)["summary"]["placed"] == 2


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(count=True), "count"),
        (lambda d: d.update(count=10_001), "count"),
        (lambda d: d.update(stopCount=10_001), "stopCount"),
        (lambda d: d.update(seed="7"), "seed"),
        (lambda d: d.update(seed=10**5000), "seed"),
        (lambda d: d["taskDefinition"].update(cpu="\u00b2"), "taskDefinition.cpu"),
        (lambda d: d["taskDefinition"].update(memory="1" * 5000), "taskDefinition.memory"),
        (lambda d: d.update(group=""), "group"),
        (lambda d: d.update(group="g" * 256), "group"),
        (lambda d: d.update(containerInstances=[]), "containerInstances"),
        (lambda d: d.update(containerInstances={"i-1": {}}), "containerInstances"),
        (lambda d: d.update(placementStrategy=[spread("host")] * 6), "placementStrategy"),
        (lambda d: d.update(placementStrategy=[{"type": "spread"}]), "placementStrategy[0].field"),
        (
            lambda d: d.update(placementStrategy=[spread("attribute:")]),
            "placementStrategy[0].field",
        ),
        (
            lambda d: d.update(
                placementConstraints=[{"type": "distinctInstance", "expression": "x"}]
            ),
            "placementConstraints[0].expression",
        ),
        (
            lambda d: d.update(placementConstraints=[{"type": "memberOf"}]),
            "placementConstraints[0].expression",
        ),
        (
            lambda d: d.update(placementConstraints=[member_of("ec2InstanceId == " + "i" * 2000)]),
            "placementConstraints[0].expression",
        ),
        (
            lambda d: d.update(placementConstraints=[{"type": "spread"}]),
            "placementConstraints[0].type",
        ),
        (
            lambda d: d["taskDefinition"].update(placementConstraints=[DISTINCT_INSTANCE]),
            "taskDefinition.placementConstraints[0].type",
        ),
        (lambda d: d["taskDefinition"].update(family="web app"), "taskDefinition.family"),
        (lambda d: d["taskDefinition"].update(networkMode="nat"), "taskDefinition.networkMode"),
        (lambda d: d["taskDefinition"].update(cpu="a lot"), "taskDefinition.cpu"),
        (lambda d: d["taskDefinition"].update(memory="1.3 GB"), "taskDefinition.memory"),
        (
            lambda d: d["taskDefinition"].update(containerDefinitions=[]),
            "taskDefinition.containerDefinitions",
        ),
        (
            lambda d: d["containerInstances"][0].update(agentConnected="yes"),
            "containerInstances[0].agentConnected",
        ),
        (
            lambda d: d["containerInstances"][0].update(agentVersion="v1"),
            "containerInstances[0].agentVersion",
        ),
        (
            lambda d: d["containerInstances"][0].update(registeredAt="yesterday"),
            "containerInstances[0].registeredAt",
        ),
        (
            lambda d: d["containerInstances"][0].update(registeredAt="0001-01-01T00:00:00+01:00"),
            "containerInstances[0].registeredAt",
        ),
        (lambda d: d["containerInstances"][0].update(maxEni=0), "containerInstances[0].maxEni"),
        (
            lambda d: d["containerInstances"][0]["attributes"].append(
                {"name": "ecs.instance-type"}
            ),
            "containerInstances[0].attributes[2].name",
        ),
        (
            lambda d: d["containerInstances"][0]["attributes"].append({"name": "x" * 129}),
            "containerInstances[0].attributes[2].name",
        ),
        (
            lambda d: d["containerInstances"][1].update(ec2InstanceId="i-1"),
            "containerInstances[1].ec2InstanceId",
        ),
        (
            lambda d: d["containerInstances"][0]["registeredResources"].pop(),
            "containerInstances[0].registeredResources",
        ),
        (
            lambda d: d["containerInstances"][0]["registeredResources"].append(
                {"name": "PORTS", "stringSetValue": ["22", "\u00b2"]}
            ),
            "containerInstances[0].registeredResources[2].stringSetValue[1]",
        ),
        (
            lambda d: d["containerInstances"][0].update(runningTasks=[{"cpu": 1}]),
            "containerInstances[0].runningTasks[0].group",
        ),
        (
            lambda d: d["containerInstances"][0].update(
                runningTasks=[{"group": "g", "hostPorts": ["80/sctp"]}]
            ),
            "containerInstances[0].runningTasks[0].hostPorts[0]",
        ),
        (
            lambda d: d["containerInstances"][0].update(
                runningTasks=[{"group": "g", "networkMode": "awsvpc", "hostPorts": [80]}]
            ),
            "containerInstances[0].runningTasks[0].hostPorts",
        ),
        (
            lambda d: d["containerInstances"][0].update(
                maxEni=1, attributes=[{"name": "ecs.awsvpc-trunk-id", "value": "eni-1"}]
            ),
            "containerInstances[0].maxEni",
        ),
        (
            lambda d: d["containerInstances"][0].update(
                runningTasks=[{"group": "g", "networkMode": "awsvpc"}] * 3
            ),
            "containerInstances[0].runningTasks",
        ),
    ],
)
def test_each_malformed_field_is_reported_at_its_path(change, path):
    document = valid()
    change(document)
    assert path in problems(document)


def test_limits_on_instances_strategies_and_constraints():
    many = scenario([instance(f"i-{n}") for n in range(5_001)])
    assert "has 5,001 items; the limit is 5,000" in problems(many)["containerInstances"]
    document = valid()
    document["taskDefinition"]["placementConstraints"] = [member_of("runningTasksCount >= 0")] * 6
    document["placementConstraints"] = [DISTINCT_INSTANCE] * 5
    assert "11 placement constraints in all" in problems(document)["placementConstraints"]
    document["placementConstraints"] = [DISTINCT_INSTANCE] * 4
    assert len(simulate(document)["summary"]["constraints"]) == 10


def test_running_tasks_are_limited_in_total():
    crowded = instance("i-1", runningTasks=[{"group": "g"}] * 10_001)
    assert "10,001 tasks in all" in problems(scenario([crowded]))["containerInstances"]


def test_running_tasks_must_fit_their_instance():
    document = scenario(
        [
            instance(
                "i-1",
                cpu=512,
                memory=1024,
                runningTasks=[
                    {"group": "a", "cpu": 400, "memory": 800, "hostPorts": [80]},
                    {"group": "b", "cpu": 400, "memory": 800, "hostPorts": [80, 22]},
                ],
            )
        ]
    )
    found = problems(document)
    assert "800 CPU units" in found["containerInstances[0].runningTasks"]
    assert "1600 MiB" in found["containerInstances[0].runningTasks"]
    assert "22/tcp, 80/tcp" in found["containerInstances[0].runningTasks[1].hostPorts"]


def test_container_memory_rules():
    bare = task_definition()
    del bare["containerDefinitions"][0]["memoryReservation"]
    found = problems(scenario([instance("i-1")], task=bare))
    assert "needs memory or memoryReservation" in found["taskDefinition.containerDefinitions[0]"]
    bare["memory"] = "512"
    assert (
        simulate(scenario([instance("i-1")], task=bare))["summary"]["requirements"]["memory"] == 512
    )
    equal = task_definition(memory=512)
    equal["containerDefinitions"][0]["memory"] = 512
    found = problems(scenario([instance("i-1")], task=equal))
    assert (
        "greater than memoryReservation" in found["taskDefinition.containerDefinitions[0].memory"]
    )
    oversubscribed = task_definition(memory=1024, cpu=512)
    oversubscribed.update(memory="512", cpu="256")
    found = problems(scenario([instance("i-1")], task=oversubscribed))
    assert "1024 MiB, more than the task's 512" in found["taskDefinition.memory"]
    assert "512 CPU units, more than the task's 256" in found["taskDefinition.cpu"]


def test_port_mapping_rules_per_network_mode():
    def port_problems(mode, mappings):
        definition = task_definition(network_mode=mode, port_mappings=mappings)
        return problems(scenario([instance("i-1", maxEni=3)], task=definition))

    assert "taskDefinition.containerDefinitions[0].portMappings[0].hostPort" in port_problems(
        "host", [{"containerPort": 80, "hostPort": 8080}]
    )
    assert "taskDefinition.containerDefinitions[0].portMappings[0].hostPort" in port_problems(
        "awsvpc", [{"containerPort": 80, "hostPort": 81}]
    )
    assert "taskDefinition.containerDefinitions[0].portMappings" in port_problems(
        "none", [{"containerPort": 80}]
    )
    assert "taskDefinition.containerDefinitions[0].portMappings[1]" in port_problems(
        "bridge", [{"containerPort": 80, "hostPort": 80}, {"containerPort": 81, "hostPort": 80}]
    )
    assert "taskDefinition.containerDefinitions[0].portMappings[0].protocol" in port_problems(
        "bridge", [{"containerPort": 80, "protocol": "sctp"}]
    )


def test_awsvpc_needs_a_known_eni_limit():
    definition = task_definition(network_mode="awsvpc")
    unknown_type = instance("i-1", instance_type="x9.huge")
    found = problems(scenario([unknown_type], task=definition))
    assert "x9.huge" in found["containerInstances[0].maxEni"]
    trunked = instance("i-1", instance_type="c5.large")
    trunked["attributes"].append({"name": "ecs.awsvpc-trunk-id", "value": "eni-1"})
    found = problems(scenario([trunked], task=definition))
    assert "trunking" in found["containerInstances[0].maxEni"]
    unknown_type["maxEni"] = 4
    assert simulate(scenario([unknown_type], task=definition))["summary"]["placed"] == 1
    assert simulate(scenario([instance("i-1", instance_type="x9.huge")]))["summary"]["placed"] == 1


def test_task_sizes_accept_ecs_unit_strings():
    definition = task_definition()
    definition.update(cpu="0.5 vCPU", memory="1 GB")
    summary = simulate(scenario([instance("i-1")], task=definition))["summary"]
    assert summary["requirements"]["cpu"] == 512
    assert summary["requirements"]["memory"] == 1024
