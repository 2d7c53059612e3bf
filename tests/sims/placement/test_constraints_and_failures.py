import pytest

from studyapp.sims.placement import simulate
from tests.sims.placement.builders import (
    DISTINCT_INSTANCE,
    binpack,
    instance,
    member_of,
    placed_on,
    reasons,
    scenario,
    spread,
    task_definition,
)

# ECS's reasons word for word, full stop included: the API failure reasons page,
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
MEMBER_OF = "MemberOf placement constraint unsatisfied."
DISTINCT = "DistinctInstance placement constraint unsatisfied."


def test_distinct_instance_puts_one_task_of_the_group_per_instance():
    instances = [instance(f"i-{n}") for n in range(3)]
    result = simulate(
        scenario(
            instances, count=5, strategies=[binpack("memory")], constraints=[DISTINCT_INSTANCE]
        )
    )
    assert sorted(placed_on(result)) == ["i-0", "i-1", "i-2"]
    assert reasons(result) == [DISTINCT, DISTINCT]


def test_distinct_instance_counts_running_tasks_of_the_group_only():
    instances = [
        instance("i-has-group", runningTasks=[{"group": "service:web"}]),
        instance("i-has-other", runningTasks=[{"group": "service:db"}]),
    ]
    result = simulate(
        scenario(instances, count=2, group="service:web", constraints=[DISTINCT_INSTANCE])
    )
    assert placed_on(result) == ["i-has-other"]
    assert reasons(result) == [DISTINCT]


def test_member_of_keeps_only_matching_instances():
    instances = [
        instance("i-m5", instance_type="m5.large", memory=65536),
        instance("i-t3", instance_type="t3.large"),
    ]
    result = simulate(
        scenario(
            instances,
            count=2,
            strategies=[binpack("memory")],
            constraints=[member_of("attribute:ecs.instance-type =~ t3.*")],
        )
    )
    assert placed_on(result) == ["i-t3", "i-t3"]


def test_task_definition_and_request_constraints_both_apply():
    instances = [
        instance("i-a-t3", zone="us-east-1a"),
        instance("i-b-t3", zone="us-east-1b"),
        instance("i-b-m5", zone="us-east-1b", instance_type="m5.large"),
    ]
    definition = task_definition(
        placementConstraints=[member_of("attribute:ecs.availability-zone == us-east-1b")]
    )
    result = simulate(
        scenario(
            instances,
            count=2,
            task=definition,
            constraints=[member_of("attribute:ecs.instance-type == t3.large")],
        )
    )
    assert placed_on(result) == ["i-b-t3", "i-b-t3"]
    sources = [constraint["source"] for constraint in result["summary"]["constraints"]]
    assert sources == ["taskDefinition", "request"]


def test_task_group_affinity_follows_tasks_as_they_are_placed():
    instances = [
        instance("i-empty"),
        instance("i-db", runningTasks=[{"group": "service:db"}]),
    ]
    affinity = simulate(
        scenario(instances, count=2, constraints=[member_of("task:group == service:db")])
    )
    assert placed_on(affinity) == ["i-db", "i-db"]
    anti_affinity = simulate(
        scenario(
            [instance(f"i-{n}") for n in range(2)],
            count=3,
            group="service:web",
            strategies=[binpack("memory")],
            constraints=[member_of("not(task:group == service:web)")],
        )
    )
    assert placed_on(anti_affinity) == ["i-0", "i-1"]
    assert reasons(anti_affinity) == [MEMBER_OF]


def test_running_tasks_count_is_re_evaluated_after_each_placement():
    instances = [instance("i-0"), instance("i-1", runningTasks=[{"group": "other"}])]
    result = simulate(
        scenario(
            instances,
            count=5,
            strategies=[binpack("memory")],
            constraints=[member_of("runningTasksCount < 2")],
        )
    )
    assert sorted(placed_on(result)) == ["i-0", "i-0", "i-1"]
    assert reasons(result) == [MEMBER_OF, MEMBER_OF]


def stuck(instances, **options):
    return simulate(scenario(instances, count=1, **options))["failures"][0]


@pytest.mark.parametrize(
    ("instances", "options", "reason"),
    [
        ([instance("i-1", agentConnected=False)], {}, "AGENT"),
        ([instance("i-1", cpu=128)], {}, "RESOURCE:CPU"),
        ([instance("i-1", memory=128)], {}, "RESOURCE:MEMORY"),
        (
            [instance("i-1")],
            {"task": task_definition(port_mappings=[{"containerPort": 22, "hostPort": 22}])},
            "RESOURCE:PORTS",
        ),
        (
            [
                instance(
                    "i-1",
                    instance_type="t3.nano",
                    runningTasks=[{"group": "x", "networkMode": "awsvpc"}],
                )
            ],
            {"task": task_definition(network_mode="awsvpc")},
            "RESOURCE:ENI",
        ),
        ([instance("i-1")], {"constraints": [member_of("ec2InstanceId == i-2")]}, MEMBER_OF),
        (
            [instance("i-1", runningTasks=[{"group": "family:web"}])],
            {"constraints": [DISTINCT_INSTANCE]},
            DISTINCT,
        ),
    ],
)
def test_each_reason_is_ecs_own_string(instances, options, reason):
    failure = stuck(instances, **options)
    assert failure["reason"] == reason
    assert "i-1" in failure["detail"]


def test_the_closest_instance_decides_the_reason():
    short_of_cpu = instance("i-cpu", cpu=128, memory=128)
    short_of_memory_only = instance("i-memory", memory=128)
    assert stuck([short_of_cpu, short_of_memory_only])["reason"] == "RESOURCE:MEMORY"
    fits_but_excluded = instance("i-excluded", instance_type="m5.large")
    member_but_full = instance("i-member", memory=128)
    failure = stuck(
        [member_but_full, fits_but_excluded],
        constraints=[member_of("attribute:ecs.instance-type == t3.large")],
    )
    assert failure["reason"] == MEMBER_OF
    assert "The closest match, i-excluded, does not satisfy memberOf" in failure["detail"]
    assert "1 short of memory, 1 by memberOf" in failure["detail"]


def test_between_constraints_the_later_one_an_instance_reaches_decides():
    instances = [
        instance("i-t3-busy", runningTasks=[{"group": "family:web"}]),
        instance("i-m5", instance_type="m5.large"),
    ]
    failure = stuck(
        instances,
        constraints=[member_of("attribute:ecs.instance-type == t3.large"), DISTINCT_INSTANCE],
    )
    assert failure["reason"] == DISTINCT
    assert "i-t3-busy" in failure["detail"]


def test_equally_close_instances_name_the_first_listed():
    failure = stuck([instance("i-first", memory=100), instance("i-second", memory=200)])
    assert "The closest match, i-first," in failure["detail"]


def test_once_a_task_fails_every_later_task_fails_the_same_way():
    result = simulate(scenario([instance("i-1", memory=600)], count=4))
    assert placed_on(result) == ["i-1"]
    assert [failure["task"] for failure in result["failures"]] == [2, 3, 4]
    assert len({failure["detail"] for failure in result["failures"]}) == 1
    assert result["summary"]["failed"] == 3


def test_a_failed_task_explains_up_to_the_step_that_left_nothing():
    no_room = simulate(scenario([instance("i-1", memory=100)]))
    assert [step["step"] for step in no_room["tasks"][0]["steps"]] == ["resources"]
    assert no_room["tasks"][0]["steps"][0]["candidates"] == 0
    excluded = simulate(
        scenario([instance("i-1")], constraints=[member_of("ec2InstanceId == i-9")])
    )
    steps = excluded["tasks"][0]["steps"]
    assert [(step["step"], step["candidates"]) for step in steps] == [
        ("resources", 1),
        ("constraints", 0),
    ]
    assert excluded["tasks"][0]["reason"] == MEMBER_OF
    assert excluded["tasks"][0]["containerInstance"] is None


def test_strategies_never_override_constraints():
    instances = [
        instance("i-a", zone="us-east-1a"),
        instance("i-b", zone="us-east-1b", instance_type="m5.large"),
    ]
    result = simulate(
        scenario(
            instances,
            count=3,
            group="service:web",
            strategies=[spread("attribute:ecs.availability-zone")],
            constraints=[member_of("attribute:ecs.instance-type != m5.large")],
        )
    )
    assert placed_on(result) == ["i-a", "i-a", "i-a"]


# The service events, word for word from
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html
UNPLACEABLE = (
    "service web was unable to place a task because no container instance met all of its "
    "requirements."
)


def test_a_service_that_cannot_place_a_task_gets_ecs_service_event_with_the_closest_match():
    short_of_cpu = simulate(
        scenario([instance("i-small", cpu=128)], group="service:web", task=task_definition(cpu=256))
    )
    assert short_of_cpu["failures"][0]["serviceEvent"] == (
        UNPLACEABLE
        + " The closest matching container-instance i-small has insufficient CPU units available."
    )
    agent = simulate(scenario([instance("i-gone", agentConnected=False)], group="service:web"))
    assert agent["failures"][0]["serviceEvent"] == (
        UNPLACEABLE + ' The closest matching container-instance i-gone encountered error "AGENT".'
    )
    port = simulate(
        scenario(
            [
                instance(
                    "i-busy",
                    runningTasks=[{"group": "x", "cpu": 0, "memory": 0, "hostPorts": [80]}],
                )
            ],
            group="service:web",
            task=task_definition(port_mappings=[{"containerPort": 80, "hostPort": 80}]),
        )
    )
    assert port["failures"][0]["serviceEvent"] == (
        UNPLACEABLE
        + " The closest matching container-instance i-busy is already using a port required by "
        "your task."
    )


def test_undocumented_causes_end_after_the_first_sentence_and_standalone_tasks_get_none():
    memory = simulate(
        scenario(
            [instance("i-1", memory=256)], group="service:web", task=task_definition(memory=512)
        )
    )
    assert memory["failures"][0]["serviceEvent"] == UNPLACEABLE
    standalone = simulate(scenario([instance("i-1", memory=256)], task=task_definition(memory=512)))
    assert standalone["failures"][0]["serviceEvent"] is None
