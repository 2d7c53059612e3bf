import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.placement import InvalidInput, simulate
from studyapp.sims.placement.eni_limits import ENI_LIMITS
from tests.sims.placement.builders import (
    binpack,
    instance,
    instance_report,
    placed_on,
    reasons,
    scenario,
    task_definition,
)


def requirements(definition):
    return simulate(scenario([instance("i-1", cpu=8192, memory=16384)], task=definition))[
        "summary"
    ]["requirements"]


def two_containers(**task_level):
    return {
        "family": "web",
        "containerDefinitions": [
            {"name": "app", "cpu": 256, "memory": 512, "memoryReservation": 256},
            {"name": "sidecar", "cpu": 128, "memory": 128},
        ],
        **task_level,
    }


def test_cpu_and_memory_sum_the_containers_using_reservations_where_set():
    needs = requirements(two_containers())
    assert needs["cpu"] == 256 + 128
    assert needs["memory"] == 256 + 128


def test_task_level_cpu_and_memory_take_precedence():
    needs = requirements(two_containers(cpu="1024", memory="2048"))
    assert (needs["cpu"], needs["memory"]) == (1024, 2048)


def test_cpu_and_memory_shortages_leave_the_instance_out():
    instances = [
        instance("i-small-cpu", cpu=200, memory=4096),
        instance("i-small-memory", cpu=2048, memory=400),
        instance("i-roomy", cpu=2048, memory=4096),
    ]
    result = simulate(scenario(instances, count=1))
    assert placed_on(result) == ["i-roomy"]
    assert "1 short of CPU, 1 short of memory" in result["tasks"][0]["steps"][0]["explanation"]


def test_resources_are_used_up_task_by_task_and_reported():
    result = simulate(scenario([instance("i-1", cpu=1024, memory=1536)], count=4))
    assert placed_on(result) == ["i-1", "i-1", "i-1"]
    assert reasons(result) == ["RESOURCE:MEMORY"]
    report = instance_report(result, "i-1")
    primary_eni = 1
    assert report["remaining"] == {
        "cpu": 1024 - 3 * 256,
        "memory": 1536 - 3 * 512,
        "eni": ENI_LIMITS["t3.large"] - primary_eni,
    }
    assert report["tasks"] == {"before": 0, "placed": 3, "stopped": 0, "now": 3}


@pytest.mark.parametrize("port", [22, 2375, 2376, 51678, 51679, 51680])
def test_default_reserved_ports_block_static_host_ports(port):
    definition = task_definition(port_mappings=[{"containerPort": 80, "hostPort": port}])
    result = simulate(scenario([instance("i-1")], task=definition))
    assert reasons(result) == ["RESOURCE:PORTS"]


def test_a_ports_resource_replaces_the_default_reserved_list():
    custom = instance("i-1")
    custom["registeredResources"].append({"name": "PORTS", "stringSetValue": ["8080"]})
    for host_port, expected in ((22, []), (8080, ["RESOURCE:PORTS"])):
        definition = task_definition(port_mappings=[{"containerPort": 80, "hostPort": host_port}])
        assert reasons(simulate(scenario([custom], task=definition))) == expected


def test_a_static_host_port_fits_once_per_instance():
    definition = task_definition(port_mappings=[{"containerPort": 8080, "hostPort": 80}])
    result = simulate(scenario([instance("i-1"), instance("i-2")], count=3, task=definition))
    assert sorted(placed_on(result)) == ["i-1", "i-2"]
    assert reasons(result) == ["RESOURCE:PORTS"]
    assert instance_report(result, "i-1")["hostPortsInUse"] == ["80/tcp"]


@pytest.mark.parametrize("mapping", [{"containerPort": 80, "hostPort": 0}, {"containerPort": 80}])
def test_dynamic_host_ports_never_conflict(mapping):
    definition = task_definition(port_mappings=[mapping])
    result = simulate(scenario([instance("i-1")], count=5, task=definition))
    assert placed_on(result) == ["i-1"] * 5


def test_host_mode_takes_the_container_port_on_the_instance():
    definition = task_definition(network_mode="host", port_mappings=[{"containerPort": 8080}])
    busy = instance("i-busy", runningTasks=[{"group": "other", "hostPorts": [8080]}])
    result = simulate(scenario([busy, instance("i-free")], count=2, task=definition))
    assert placed_on(result) == ["i-free"]
    assert reasons(result) == ["RESOURCE:PORTS"]


def test_udp_and_tcp_ports_of_the_same_number_do_not_conflict():
    running_dns = instance("i-1", runningTasks=[{"group": "dns", "hostPorts": ["53/udp"]}])
    tcp = task_definition(port_mappings=[{"containerPort": 53, "hostPort": 53}])
    udp = task_definition(port_mappings=[{"containerPort": 53, "hostPort": 53, "protocol": "udp"}])
    assert placed_on(simulate(scenario([running_dns], task=tcp))) == ["i-1"]
    assert reasons(simulate(scenario([running_dns], task=udp))) == ["RESOURCE:PORTS"]


def test_awsvpc_tasks_take_an_eni_each_and_the_primary_eni_counts():
    definition = task_definition(network_mode="awsvpc", port_mappings=[{"containerPort": 80}])
    c5_large = instance("i-1", instance_type="c5.large", cpu=8192, memory=16384)
    result = simulate(scenario([c5_large], count=ENI_LIMITS["c5.large"], task=definition))
    assert ENI_LIMITS["c5.large"] == 3
    assert placed_on(result) == ["i-1", "i-1"]
    assert reasons(result) == ["RESOURCE:ENI"]
    assert instance_report(result, "i-1")["remaining"]["eni"] == 0


def test_max_eni_overrides_the_table_and_running_awsvpc_tasks_hold_enis():
    definition = task_definition(network_mode="awsvpc")
    overridden = instance("i-1", instance_type="c5.large", maxEni=5)
    assert len(placed_on(simulate(scenario([overridden], count=9, task=definition)))) == 4
    holding = instance(
        "i-1", instance_type="m5.xlarge", runningTasks=[{"group": "x", "networkMode": "awsvpc"}]
    )
    expected = ENI_LIMITS["m5.xlarge"] - 1 - 1
    assert len(placed_on(simulate(scenario([holding], count=9, task=definition)))) == expected


def test_an_eni_trunk_takes_one_more_eni():
    definition = task_definition(network_mode="awsvpc")
    trunked = instance("i-1", instance_type="c5.large", maxEni=12, cpu=8192, memory=16384)
    trunked["attributes"].append({"name": "ecs.awsvpc-trunk-id", "value": "eni-0abc"})
    result = simulate(scenario([trunked], count=11, task=definition))
    assert len(placed_on(result)) == 10
    assert reasons(result) == ["RESOURCE:ENI"]


def test_awsvpc_tasks_never_conflict_on_ports():
    definition = task_definition(
        network_mode="awsvpc", port_mappings=[{"containerPort": 22, "hostPort": 22}]
    )
    result = simulate(
        scenario([instance("i-1", instance_type="m5.4xlarge")], count=3, task=definition)
    )
    assert placed_on(result) == ["i-1"] * 3


def test_disconnected_agents_receive_no_tasks():
    offline = instance("i-offline", agentConnected=False, cpu=8192, memory=16384)
    result = simulate(
        scenario([offline, instance("i-online")], count=2, strategies=[binpack("memory")])
    )
    assert placed_on(result) == ["i-online", "i-online"]
    assert "1 agent disconnected" in result["tasks"][0]["steps"][0]["explanation"]


def test_the_eni_table_follows_the_documented_task_limits_plus_the_primary_eni():
    documented_task_limits = {"c5.large": 2, "m5.xlarge": 3, "m5.4xlarge": 7, "r5.16xlarge": 14}
    for instance_type, tasks in documented_task_limits.items():
        assert ENI_LIMITS[instance_type] == tasks + 1


# An instance holds at most 100 reserved host ports, its own and its running tasks' together:
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html
# ("Too many ports registered"); the API's reason for a task that cannot get its ports is
# RESOURCE:PORTS (api_failures_messages.html).
def ports_task(ports):
    return task_definition(
        port_mappings=[{"containerPort": port, "hostPort": port} for port in ports]
    )


def test_a_task_needing_the_101st_reserved_port_is_not_placed_counting_running_tasks_ports():
    # 6 registered by default, 93 held by a running task: 99 in use.
    running = [
        {"group": "service:other", "cpu": 0, "memory": 0, "hostPorts": list(range(1000, 1093))}
    ]
    full = instance("i-full", runningTasks=running)
    one_more = simulate(scenario([full], count=1, task=ports_task([80])))
    assert placed_on(one_more) == ["i-full"]
    two_more = simulate(scenario([full], count=1, task=ports_task([80, 81])))
    assert reasons(two_more) == ["RESOURCE:PORTS"]
    assert "already holds 99 reserved host ports" in two_more["failures"][0]["detail"]
    assert "limit of 100 per container instance" in two_more["failures"][0]["detail"]


def test_running_tasks_holding_more_than_100_ports_in_all_are_reported_with_their_path():
    running = [
        {"group": "service:other", "cpu": 0, "memory": 0, "hostPorts": list(range(1000, 1095))}
    ]
    with pytest.raises(InvalidInput) as raised:
        simulate(scenario([instance("i-1", runningTasks=running)]))
    messages = {problem.path: problem.message for problem in raised.value.problems}
    assert "at most 100 reserved host ports" in messages["containerInstances[0].runningTasks"]


@settings(max_examples=60, deadline=None)
@given(
    held=st.lists(st.integers(min_value=0, max_value=94), min_size=1, max_size=5),
    needed=st.integers(min_value=1, max_value=12),
    extra_tasks=st.integers(min_value=0, max_value=2),
)
def test_no_instance_ever_holds_more_than_100_reserved_ports(held, needed, extra_tasks):
    instances = [
        instance(
            f"i-{number}",
            runningTasks=[
                {
                    "group": "service:other",
                    "cpu": 0,
                    "memory": 0,
                    "hostPorts": list(range(2000, 2000 + count)),
                }
            ],
        )
        for number, count in enumerate(held)
    ]
    count = len(held) + extra_tasks
    result = simulate(scenario(instances, count=count, task=ports_task(range(80, 80 + needed))))
    default_reserved = 6
    for report in result["instances"]:
        assert default_reserved + len(report["hostPortsInUse"]) <= 100
    # Each task takes the same ports, so an instance takes at most one, and only when its
    # ports stay within the limit.
    with_room = sum(default_reserved + count + needed <= 100 for count in held)
    assert len(result["placements"]) == with_room
    assert reasons(result) == ["RESOURCE:PORTS"] * (count - with_room)
