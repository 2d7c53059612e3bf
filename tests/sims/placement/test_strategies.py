from collections import Counter

from studyapp.sims.placement import simulate
from tests.sims.placement.builders import (
    BY_ZONE,
    binpack,
    instance,
    member_of,
    placed_on,
    scenario,
    spread,
    zone_counts,
)


def strategy_steps(result, task_number):
    steps = result["tasks"][task_number - 1]["steps"]
    return [step for step in steps if step["step"] == "strategy"]


def test_binpack_memory_fills_the_instance_with_least_memory_left_first():
    instances = [
        instance("i-roomy", memory=8192),
        instance("i-tight", memory=1024),
        instance("i-middle", memory=2048),
    ]
    result = simulate(scenario(instances, count=7, strategies=[binpack("memory")]))
    tasks_per_instance = {"i-tight": 1024 // 512, "i-middle": 2048 // 512}
    assert placed_on(result) == ["i-tight"] * tasks_per_instance["i-tight"] + [
        "i-middle"
    ] * tasks_per_instance["i-middle"] + ["i-roomy"]
    step = strategy_steps(result, 1)[0]
    assert step["instances"] == ["i-tight"]
    assert "512 MiB of memory after placing the task (1024 before)" in step["explanation"]


def test_binpack_cpu_looks_at_cpu_only():
    instances = [
        instance("i-more-cpu", cpu=4096, memory=1024),
        instance("i-less-cpu", cpu=1024, memory=8192),
    ]
    result = simulate(scenario(instances, count=1, strategies=[binpack("cpu")]))
    assert placed_on(result) == ["i-less-cpu"]


def test_spread_instance_id_and_host_give_every_instance_a_task_before_any_gets_two():
    instances = [instance(f"i-{n}") for n in range(3)]
    for field in ("instanceId", "host"):
        result = simulate(scenario(instances, count=7, strategies=[spread(field)]))
        assert sorted(Counter(placed_on(result)).values()) == [2, 2, 3]
        assert placed_on(result)[:3] == ["i-0", "i-1", "i-2"]


def test_spread_on_a_custom_attribute_balances_its_values():
    def racked(name, rack):
        document = instance(name)
        document["attributes"].append({"name": "rack", "value": rack})
        return document

    instances = [racked("i-1", "r1"), racked("i-2", "r1"), racked("i-3", "r2")]
    result = simulate(scenario(instances, count=4, strategies=[spread("attribute:rack")]))
    racks = Counter("r2" if name == "i-3" else "r1" for name in placed_on(result))
    assert racks == {"r1": 2, "r2": 2}


def test_spread_counts_running_tasks_of_the_group_only():
    busy_zone = instance(
        "i-a",
        zone="us-east-1a",
        runningTasks=[{"group": "service:web"}, {"group": "service:web"}, {"group": "other"}],
    )
    other_group_zone = instance("i-b", zone="us-east-1b", runningTasks=[{"group": "other"}] * 3)
    result = simulate(
        scenario([busy_zone, other_group_zone], count=3, group="service:web", strategies=[BY_ZONE])
    )
    assert placed_on(result) == ["i-b", "i-b", "i-a"]


def test_spread_counts_tasks_on_instances_that_are_not_candidates():
    full = instance(
        "i-a-full", zone="us-east-1a", cpu=256, runningTasks=[{"group": "service:web", "cpu": 256}]
    )
    roomy_same_zone = instance("i-a-roomy", zone="us-east-1a")
    other_zone = instance("i-b", zone="us-east-1b")
    result = simulate(
        scenario(
            [full, roomy_same_zone, other_zone], count=2, group="service:web", strategies=[BY_ZONE]
        )
    )
    assert placed_on(result) == ["i-b", "i-a-roomy"]


def test_spread_uses_instances_lacking_the_attribute_only_when_no_candidate_has_it():
    instances = [instance("i-no-zone", zone=None), instance("i-zoned", zone="us-east-1a")]
    result = simulate(scenario(instances, count=2, group="service:web", strategies=[BY_ZONE]))
    assert placed_on(result) == ["i-zoned", "i-zoned"]
    assert "count as fullest" in strategy_steps(result, 1)[0]["explanation"]
    only_unzoned = simulate(scenario([instance("i-x", zone=None)], count=1, strategies=[BY_ZONE]))
    assert placed_on(only_unzoned) == ["i-x"]
    assert "No candidate has attribute" in strategy_steps(only_unzoned, 1)[0]["explanation"]
    assert only_unzoned["placements"][0]["availabilityZone"] is None


def test_random_is_reproducible_with_the_seed_and_varies_with_it():
    instances = [instance(f"i-{n}") for n in range(8)]
    runs = {
        seed: placed_on(
            simulate(scenario(instances, count=8, strategies=[{"type": "random"}], seed=seed))
        )
        for seed in range(5)
    }
    again = placed_on(
        simulate(scenario(instances, count=8, strategies=[{"type": "random"}], seed=3))
    )
    assert again == runs[3]
    assert len({tuple(run) for run in runs.values()}) > 1


def test_random_chooses_only_among_candidates_and_ends_the_chain():
    instances = [
        instance(f"i-{n}", instance_type="t3.large" if n % 2 else "m5.large") for n in range(6)
    ]
    result = simulate(
        scenario(
            instances,
            count=6,
            strategies=[{"type": "random"}, binpack("memory")],
            constraints=[member_of("attribute:ecs.instance-type == t3.large")],
            seed=11,
        )
    )
    assert set(placed_on(result)) <= {"i-1", "i-3", "i-5"}
    after_random = strategy_steps(result, 1)[1]
    assert after_random["candidates"] == 1
    assert "random already chose" in after_random["explanation"]


def test_spread_by_zone_then_binpack_memory_packs_within_each_zone():
    instances = [
        instance("i-a-roomy", zone="us-east-1a", memory=8192),
        instance("i-a-tight", zone="us-east-1a", memory=2048),
        instance("i-b-roomy", zone="us-east-1b", memory=8192),
        instance("i-b-tight", zone="us-east-1b", memory=2048),
    ]
    result = simulate(
        scenario(instances, count=4, group="service:web", strategies=[BY_ZONE, binpack("memory")])
    )
    assert placed_on(result) == ["i-a-tight", "i-b-tight", "i-a-tight", "i-b-tight"]
    zones_tied, zones_narrowed = strategy_steps(result, 1), strategy_steps(result, 2)
    assert [step["candidates"] for step in zones_tied] == [4, 2]
    assert [step["candidates"] for step in zones_narrowed] == [2, 1]


def test_spread_by_zone_then_instance_balances_both():
    instances = [instance(f"i-a{n}", zone="us-east-1a") for n in range(2)] + [
        instance("i-b0", zone="us-east-1b")
    ]
    result = simulate(
        scenario(
            instances, count=4, group="service:web", strategies=[BY_ZONE, spread("instanceId")]
        )
    )
    assert zone_counts(result) == {"us-east-1a": 2, "us-east-1b": 2}
    assert Counter(placed_on(result)) == {"i-a0": 1, "i-a1": 1, "i-b0": 2}


def test_strategy_order_matters():
    instances = [
        instance("i-a", zone="us-east-1a", memory=8192),
        instance("i-b", zone="us-east-1b", memory=1024),
        instance("i-b2", zone="us-east-1b", memory=8192),
    ]
    spread_first = simulate(
        scenario(instances, count=2, group="service:web", strategies=[BY_ZONE, binpack("memory")])
    )
    binpack_first = simulate(
        scenario(instances, count=2, group="service:web", strategies=[binpack("memory"), BY_ZONE])
    )
    assert placed_on(spread_first) == ["i-b", "i-a"]
    assert placed_on(binpack_first) == ["i-b", "i-b"]


def test_services_default_to_spread_by_zone_then_instance_and_other_groups_to_random():
    instances = [instance(f"i-{n}", zone=f"us-east-1{'abc'[n % 3]}") for n in range(6)]
    for strategies in (None, []):
        service = simulate(scenario(instances, count=6, group="service:web", strategies=strategies))
        assert service["summary"]["strategies"] == [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "spread", "field": "instanceId"},
        ]
        assert service["summary"]["strategiesDefaulted"] is True
        assert zone_counts(service) == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}
    standalone = simulate(scenario(instances, count=6, group="family:web", seed=1))
    assert standalone["summary"]["strategies"] == [{"type": "random"}]
    explicit_random = simulate(
        scenario(instances, count=6, strategies=[{"type": "random"}], seed=1)
    )
    assert placed_on(standalone) == placed_on(explicit_random)
    assert explicit_random["summary"]["strategiesDefaulted"] is False


def test_the_default_group_is_the_family():
    document = scenario([instance("i-1")])
    del document["group"]
    assert simulate(document)["summary"]["group"] == "family:web"


def test_ties_go_to_the_instance_listed_first_and_the_pick_says_so():
    instances = [instance("i-second"), instance("i-first")]
    instances.reverse()
    result = simulate(scenario(instances, count=1, strategies=[binpack("memory")]))
    assert placed_on(result) == ["i-first"]
    pick = result["tasks"][0]["steps"][-1]
    assert pick["step"] == "pick"
    assert "2 candidates tie" in pick["explanation"]
    assert "first of them in containerInstances" in pick["explanation"]


def test_steps_count_candidates_after_each_filter_and_strategy():
    instances = [
        instance("i-full", memory=256),
        instance("i-m5", instance_type="m5.large", zone="us-east-1b"),
        instance("i-a", zone="us-east-1a", memory=2048),
        instance("i-a2", zone="us-east-1a", memory=4096),
        instance("i-b", zone="us-east-1b", memory=4096),
    ]
    result = simulate(
        scenario(
            instances,
            count=1,
            group="service:web",
            strategies=[BY_ZONE, binpack("memory")],
            constraints=[member_of("attribute:ecs.instance-type =~ t3.*")],
        )
    )
    steps = result["tasks"][0]["steps"]
    assert [step["step"] for step in steps] == [
        "resources",
        "constraints",
        "strategy",
        "strategy",
        "pick",
    ]
    assert [step["candidates"] for step in steps] == [4, 3, 3, 1, 1]
    assert steps[0]["instances"] == ["i-m5", "i-a", "i-a2", "i-b"]
    assert steps[3]["instances"] == ["i-a"]
    assert placed_on(result) == ["i-a"]


def test_long_candidate_lists_are_counted_but_not_listed():
    instances = [instance(f"i-{n}") for n in range(30)]
    steps = simulate(scenario(instances, strategies=[binpack("memory")]))["tasks"][0]["steps"]
    assert steps[0]["candidates"] == 30
    assert steps[0]["instances"] is None
