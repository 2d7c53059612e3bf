from studyapp.sims.placement import simulate
from tests.sims.placement.builders import (
    BY_ZONE,
    binpack,
    instance,
    instance_report,
    scenario,
    spread,
)


def web_tasks(count, memory=512):
    return [{"group": "service:web", "cpu": 128, "memory": memory}] * count


def stops(result):
    return [
        (stop["containerInstance"], stop["task"], stop["runningTask"]) for stop in result["stopped"]
    ]


def zone_groups(result):
    return {zone["availabilityZone"]: zone["groupTasks"] for zone in result["availabilityZones"]}


def test_spread_stops_tasks_where_the_field_has_the_most_then_the_newest():
    instances = [
        instance("i-a", zone="us-east-1a", runningTasks=web_tasks(3)),
        instance("i-b", zone="us-east-1b", runningTasks=web_tasks(2)),
        instance("i-c", zone="us-east-1c", runningTasks=web_tasks(1)),
    ]
    result = simulate(
        scenario(instances, count=0, group="service:web", strategies=[BY_ZONE], stopCount=2)
    )
    newest_on_a, newest_on_b = 2, 1
    assert stops(result) == [("i-a", None, newest_on_a), ("i-b", None, newest_on_b)]
    assert zone_groups(result) == {"us-east-1a": 2, "us-east-1b": 1, "us-east-1c": 1}
    first_stop_strategy = result["stopped"][0]["steps"][1]
    assert first_stop_strategy["candidates"] == 3
    assert "us-east-1a" in first_stop_strategy["explanation"]


def test_scale_in_after_placement_keeps_the_zones_balanced():
    instances = [instance(f"i-{zone}", zone=f"us-east-1{zone}") for zone in "abc"]
    result = simulate(scenario(instances, count=7, group="service:web", stopCount=4))
    assert result["summary"]["stopped"] == 4
    assert sorted(zone_groups(result).values()) == [1, 1, 1]


def test_binpack_stops_where_the_most_of_the_resource_will_be_left():
    instances = [
        instance("i-packed", memory=4096, runningTasks=web_tasks(3, memory=1024)),
        instance("i-sparse", memory=4096, runningTasks=web_tasks(1, memory=1024)),
    ]
    result = simulate(
        scenario(
            instances, count=0, group="service:web", strategies=[binpack("memory")], stopCount=1
        )
    )
    assert stops(result) == [("i-sparse", None, 0)]
    assert instance_report(result, "i-sparse")["remaining"]["memory"] == 4096
    assert "4096 MiB of memory" in result["stopped"][0]["steps"][1]["explanation"]


def test_binpack_prefers_the_larger_task_on_an_instance():
    tasks = [
        {"group": "service:web", "memory": 100},
        {"group": "service:web", "memory": 500},
        {"group": "service:web", "memory": 100},
    ]
    result = simulate(
        scenario(
            [instance("i-1", runningTasks=tasks)],
            count=0,
            group="service:web",
            strategies=[binpack("memory")],
            stopCount=1,
        )
    )
    assert stops(result) == [("i-1", None, 1)]


def test_newest_first_placed_tasks_before_running_ones():
    instances = [instance("i-1", runningTasks=web_tasks(1))]
    result = simulate(
        scenario(
            instances, count=2, group="service:web", strategies=[binpack("memory")], stopCount=2
        )
    )
    assert stops(result) == [("i-1", 2, None), ("i-1", 1, None)]
    assert "the newest" in result["stopped"][0]["steps"][-1]["explanation"]


def test_spread_by_instance_stops_on_the_busiest_instance():
    instances = [
        instance("i-1", runningTasks=web_tasks(1)),
        instance("i-2", runningTasks=web_tasks(3)),
    ]
    result = simulate(
        scenario(
            instances, count=0, group="service:web", strategies=[spread("instanceId")], stopCount=2
        )
    )
    assert [stop[0] for stop in stops(result)] == ["i-2", "i-2"]


def test_tasks_on_instances_without_the_attribute_stop_first():
    instances = [
        instance("i-a", zone="us-east-1a", runningTasks=web_tasks(3)),
        instance("i-unzoned", zone=None, runningTasks=web_tasks(1)),
    ]
    result = simulate(
        scenario(instances, count=0, group="service:web", strategies=[BY_ZONE], stopCount=1)
    )
    assert stops(result) == [("i-unzoned", None, 0)]


def test_only_tasks_of_the_group_stop_and_asking_for_too_many_stops_them_all():
    instances = [
        instance("i-1", runningTasks=[*web_tasks(2), {"group": "service:db", "memory": 256}])
    ]
    result = simulate(scenario(instances, count=0, group="service:web", stopCount=5))
    assert result["summary"]["stopped"] == 2
    report = instance_report(result, "i-1")
    assert report["groups"] == {"service:db": 1}
    assert report["remaining"]["memory"] == 4096 - 256
    assert report["tasks"] == {"before": 3, "placed": 0, "stopped": 2, "now": 1}


def test_random_scale_in_is_reproducible():
    instances = [instance(f"i-{n}", runningTasks=web_tasks(2)) for n in range(4)]

    def run(seed):
        return stops(
            simulate(
                scenario(
                    instances,
                    count=0,
                    group="service:web",
                    strategies=[{"type": "random"}],
                    stopCount=4,
                    seed=seed,
                )
            )
        )

    assert len(run(5)) == 4
    assert run(5) == run(5)
    assert len({tuple(run(seed)) for seed in range(6)}) > 1
