"""
The bundled pack's scenarios (content/packs/ecs-core.md): each runs in its simulator, and its
result is what the question's key says. The checks read the engines' computed figures, never
their wording, so a change of message text cannot break them and a change of behaviour does.
"""

import copy
from pathlib import Path

import pytest
from django.conf import settings

from studyapp.questions import scenarios
from studyapp.questions.packs import parse_pack
from studyapp.sims import registry
from studyapp.sims.scenario_links import scenario_document

PACK_PATH = Path(settings.CONTENT_DIR) / "packs" / "ecs-core.md"
SIMULATOR_TOPICS = (
    "task-placement",
    "networking-modes",
    "fargate",
    "capacity-providers",
    "deployments",
    "launch-types",
    "dva-c02-quick-reference",
)
# Questions on those topics that no scenario reproduces, and why.
NOT_REPRODUCIBLE = {
    "gpu-workload-launch-type": "which launch type offers GPUs: no simulator models GPUs",
    "least-ops-launch-type": "operational effort, not a computed result",
    "fargate-billing-basis": (
        "what is billed (the requested size, not what the containers use): the simulator prices "
        "the size it is given and has no notion of utilisation"
    ),
    "fargate-unsupported-requirements": "several separate workloads, one of them a DAEMON service",
    "ec2-launch-type-responsibilities": "who manages what, not a computed result",
    "launch-type-fastest-task-start": "start-up latency, which no simulator models",
    "per-task-security-groups": "security groups, which no simulator models",
    "target-group-type-for-awsvpc": "load balancer target types, which no simulator models",
    "fargate-public-subnet-image-pull": "routes and public IPs, which no simulator models",
    "network-mode-none-isolated-job": "network isolation, which no simulator models",
    "alarm-based-rollback": "CloudWatch alarms, which the rolling simulator does not model",
    "codedeploy-blue-green-prerequisites": "CodeDeploy prerequisites, not a computed result",
    "force-new-deployment-same-tag": "image tag resolution, which no simulator models",
    "fargate-valid-task-sizes": "five sizes at once; one scenario holds one task definition",
    "fargate-spot-graceful-shutdown": "SIGTERM and stopTimeout, which no simulator models",
    "fargate-spot-discount-and-trade-off": "the discount is the simulator's input, not a result",
    "fargate-agent-as-sidecar": "DAEMON services, which no simulator models",
    "capacity-provider-strategy-rules": "the key is strategies the simulator refuses to run",
    "capacity-provider-target-capacity-headroom": "managed scaling, which no simulator models",
    "capacity-provider-managed-termination-protection": "scale-in protection, not modelled",
    "launch-type-bypasses-managed-scaling": "managed scaling, which no simulator models",
    "run-task-uses-cluster-default-strategy": "cluster defaults, which no simulator models",
    "placement-not-available-on-fargate": "the placement simulator places on EC2 instances only",
    "placement-constraints-binding-strategies-best-effort": "five general statements at once",
    "match-ecs-feature-to-requirement": "a matching of features, not a computed result",
    "fargate-spot-target-group-deregistration": "load balancer deregistration, not modelled",
    "notify-on-fargate-spot-interruption": "EventBridge events, which no simulator models",
    "ecs-design-review-statements": "several design statements, not a computed result",
}


def bundled_questions():
    pack, errors = parse_pack(
        PACK_PATH.read_bytes(), str(PACK_PATH), check_scenario=scenarios.check
    )
    assert errors == []
    return pack.questions


QUESTIONS = {question.qid: question for question in bundled_questions()}
WITH_SCENARIOS = sorted(qid for qid, question in QUESTIONS.items() if question.scenario)


def result_of(qid, edit=None):
    """The engine's result for a question's scenario, after `edit` changes a copy of it."""
    scenario = QUESTIONS[qid].scenario
    document = copy.deepcopy(scenario_document(scenario))
    if edit is not None:
        edit(document)
    return registry.run(scenario.simulator, document)


def instance_attributes(document):
    return {
        item["ec2InstanceId"]: {pair["name"]: pair["value"] for pair in item["attributes"]}
        for item in document["containerInstances"]
    }


def failed_for(result, resource):
    """Whether every failure is for lack of `resource` (the code ECS's reason starts with)."""
    reasons = [failure["reason"] for failure in result["failures"]]
    return bool(reasons) and all(reason.startswith(f"RESOURCE:{resource}") for reason in reasons)


def tasks_now(result):
    return {item["containerInstance"]: item["tasks"]["now"] for item in result["instances"]}


def test_every_question_on_a_simulators_topic_has_a_scenario_or_a_reason():
    on_topics = {qid for qid, question in QUESTIONS.items() if question.topic in SIMULATOR_TOPICS}
    assert on_topics - set(WITH_SCENARIOS) == set(NOT_REPRODUCIBLE)
    assert len(WITH_SCENARIOS) == 20


@pytest.mark.parametrize("qid", WITH_SCENARIOS)
def test_every_scenario_runs_and_opens_from_a_link(qid, client):
    scenario = QUESTIONS[qid].scenario
    assert scenarios.check(scenario) == []
    try_it = scenarios.link(scenario)
    response = client.get(try_it.url)
    assert response.status_code == 200
    assert response.context["result"] == result_of(qid)


@pytest.mark.parametrize("qid", WITH_SCENARIOS)
def test_every_scenario_has_a_check_of_its_key(qid):
    assert qid in KEY_CHECKS


# Placement (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html)


def spread_then_binpack():
    """Tasks balanced across the zones, then packed: one instance used in each zone."""
    result = result_of("placement-spread-az-then-binpack")
    assert [zone["placed"] for zone in result["availabilityZones"]] == [2, 2]
    used = [name for name, count in tasks_now(result).items() if count]
    assert len(used) == len(result["availabilityZones"]) < len(result["instances"])


def memberof_custom_attribute():
    """memberOf on the custom attribute keeps every task on a stack=prod instance."""
    qid = "placement-custom-attribute-memberof"
    result = result_of(qid)
    attributes = instance_attributes(scenario_document(QUESTIONS[qid].scenario))
    assert result["summary"]["failed"] == 0
    assert {attributes[p["containerInstance"]].get("stack") for p in result["placements"]} == {
        "prod"
    }
    assert any(values.get("stack") != "prod" for values in attributes.values())


def memory_reservation():
    """With the 1,024 MiB soft limit every task fits; with the hard limit only one per instance
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html)."""
    qid = "placement-memory-reservation-soft-limit"
    soft = result_of(qid)
    assert soft["summary"]["failed"] == 0
    assert max(tasks_now(soft).values()) > 1

    def hard_limit_only(document):
        del document["taskDefinition"]["containerDefinitions"][0]["memoryReservation"]

    hard = result_of(qid, hard_limit_only)
    assert set(tasks_now(hard).values()) == {1}
    assert failed_for(hard, "MEMORY")


def distinct_instance():
    """distinctInstance in the request: no instance holds two of the group's tasks."""
    result = result_of("placement-distinctinstance-not-in-task-definition")
    group = result["summary"]["group"]
    assert result["summary"]["placed"] > 0
    assert all(item["groups"].get(group, 0) <= 1 for item in result["instances"])


def query_language():
    """The key's expression admits only non-t2 instances in us-east-1a and us-east-1b
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html)."""
    qid = "placement-cluster-query-language-expression"
    result = result_of(qid)
    attributes = instance_attributes(scenario_document(QUESTIONS[qid].scenario))
    assert result["summary"]["failed"] == 0
    for placement in result["placements"]:
        chosen = attributes[placement["containerInstance"]]
        assert chosen["ecs.availability-zone"] in ("us-east-1a", "us-east-1b")
        assert not chosen["ecs.instance-type"].startswith("t2.")


def host_mode_ports():
    """host mode: one task on port 80 per instance, so the fourth is refused for its port
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-host.html)."""
    result = result_of("host-mode-port-conflict")
    assert set(tasks_now(result).values()) == {1}
    assert len(result["failures"]) == 1
    assert failed_for(result, "PORTS")


def dynamic_host_ports():
    """hostPort 0 lets all six tasks share the two instances; a static 8080 allows one each
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-bridge.html)."""
    qid = "dynamic-host-ports-alb"
    dynamic = result_of(qid)
    assert dynamic["summary"]["failed"] == 0
    assert min(tasks_now(dynamic).values()) > 1

    def static_port(document):
        mapping = document["taskDefinition"]["containerDefinitions"][0]["portMappings"][0]
        mapping["hostPort"] = 8080

    static = result_of(qid, static_port)
    assert set(tasks_now(static).values()) == {1}
    assert failed_for(static, "PORTS")


def eni_trunking():
    """Trunked c5.large instances run more than the two awsvpc tasks an untrunked one can
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html)."""
    qid = "awsvpc-eni-trunking"
    trunked = result_of(qid)
    assert trunked["summary"]["failed"] == 0
    assert max(tasks_now(trunked).values()) > 2

    def untrunked(document):
        for item in document["containerInstances"]:
            del item["maxEni"]
            item["attributes"] = [
                pair for pair in item["attributes"] if pair["name"] != "ecs.awsvpc-trunk-id"
            ]

    plain = result_of(qid, untrunked)
    assert set(tasks_now(plain).values()) == {2}
    assert failed_for(plain, "ENI")


# Fargate (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html)


def error_paths(result):
    return {finding["path"] for finding in result["findings"] if finding["severity"] == "error"}


def fargate_needs_awsvpc():
    result = result_of("fargate-requires-awsvpc")
    assert error_paths(result) == {"networkMode"}


def ec2_definition_to_fargate():
    """The three changes of the key, and none of the distractors, are what Fargate needs."""
    result = result_of("ec2-task-definition-to-fargate")
    assert error_paths(result) == {"networkMode", "cpu", "memory"}
    assert {finding["path"] for finding in result["findings"]} == {
        "networkMode",
        "cpu",
        "memory",
        "requiresCompatibilities",
    }
    assert result["recommendedSize"] == {"cpu": 256, "memory": 512}


def invalid_cpu():
    """512 CPU units cannot have 8 GB; the cheapest size that holds 8 GB is 1 vCPU
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)."""
    result = result_of("fargate-task-size-invalid-cpu")
    assert not result["valid"]
    assert result["recommendedSize"] == {"cpu": 1024, "memory": 8192}


def ephemeral_storage():
    """120 GiB of ephemeral storage is a valid Fargate task, priced at that size."""
    result = result_of("fargate-ephemeral-storage-scratch-space")
    assert result["valid"]
    assert result["cost"]["size"]["ephemeralStorageGiB"] == 120


def graviton():
    """On demand, ARM64 costs less than x86 for the same size (content/pricing/fargate.json)."""
    result = result_of("fargate-graviton-cost-reduction")
    assert result["valid"]
    on_demand = {
        option["cpuArchitecture"]: option["perTaskMonth"]
        for option in result["cost"]["options"]
        if option["capacity"] == "ON_DEMAND"
    }
    assert on_demand["ARM64"] < on_demand["X86_64"]


def right_size():
    """The smallest valid size over the observed peak is 0.5 vCPU with 2 GB, and it saves."""
    result = result_of("right-size-fargate-service")
    assert result["recommendedSize"] == {"cpu": 512, "memory": 2048}
    assert result["cost"]["saving"]["recommendedSize"] == {"cpu": 512, "memory": 2048}
    assert result["cost"]["saving"]["perServiceMonth"] > 0


# Capacity providers (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html)


def base_and_weight():
    result = result_of("capacity-provider-base-and-weight")
    assert result["tasks"] == {"FARGATE": 4, "FARGATE_SPOT": 6}


def on_demand_floor():
    """At least 2 tasks on FARGATE however little Spot there is, and 6 of 10 on Spot."""
    result = result_of("fargate-spot-with-on-demand-floor")
    assert result["tasks"]["FARGATE_SPOT"] == 6
    assert [step["capacityProvider"] for step in result["steps"][:2]] == ["FARGATE", "FARGATE"]


# Rolling updates (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html#sd-deploymentconfiguration)


def never_below(result, healthy):
    return all(step["healthy"] >= healthy for step in result["steps"])


def full_capacity():
    result = result_of("rolling-update-full-capacity")
    assert (result["minimumHealthy"], result["maximumRunning"]) == (6, 12)
    assert result["outcome"] == "COMPLETED"
    assert never_below(result, 6)


def stuck():
    result = result_of("rolling-update-stuck")
    assert (result["minimumHealthy"], result["maximumRunning"]) == (3, 3)
    assert result["stuck"]
    assert (result["mayStopFirst"], result["mayStartFirst"]) == (0, 0)


def circuit_breaker():
    """With the breaker and rollback the failing deployment returns to the old revision; without
    them it keeps launching tasks."""
    qid = "circuit-breaker-rollback"
    assert result_of(qid)["outcome"] == "ROLLED_BACK"

    def breaker_off(document):
        document["deploymentConfiguration"]["deploymentCircuitBreaker"]["enable"] = False

    assert result_of(qid, breaker_off)["outcome"] == "IN_PROGRESS"


def no_spare_capacity():
    """Never more than 4 tasks (no spare room), never fewer than 2 healthy, and it completes."""
    result = result_of("deploy-without-spare-capacity")
    assert (result["minimumHealthy"], result["maximumRunning"]) == (2, 4)
    assert result["outcome"] == "COMPLETED"
    assert all(step["total"] <= 4 for step in result["steps"])
    assert never_below(result, 2)


KEY_CHECKS = {
    "placement-spread-az-then-binpack": spread_then_binpack,
    "placement-custom-attribute-memberof": memberof_custom_attribute,
    "placement-memory-reservation-soft-limit": memory_reservation,
    "placement-distinctinstance-not-in-task-definition": distinct_instance,
    "placement-cluster-query-language-expression": query_language,
    "host-mode-port-conflict": host_mode_ports,
    "dynamic-host-ports-alb": dynamic_host_ports,
    "awsvpc-eni-trunking": eni_trunking,
    "fargate-requires-awsvpc": fargate_needs_awsvpc,
    "ec2-task-definition-to-fargate": ec2_definition_to_fargate,
    "fargate-task-size-invalid-cpu": invalid_cpu,
    "fargate-ephemeral-storage-scratch-space": ephemeral_storage,
    "fargate-graviton-cost-reduction": graviton,
    "right-size-fargate-service": right_size,
    "capacity-provider-base-and-weight": base_and_weight,
    "fargate-spot-with-on-demand-floor": on_demand_floor,
    "rolling-update-full-capacity": full_capacity,
    "rolling-update-stuck": stuck,
    "circuit-breaker-rollback": circuit_breaker,
    "deploy-without-spare-capacity": no_spare_capacity,
}


@pytest.mark.parametrize("qid", sorted(KEY_CHECKS))
def test_the_scenarios_result_is_what_the_key_says(qid):
    KEY_CHECKS[qid]()
