"""
A service's placement and scale-in when it names no strategy, as the service scheduler does it.

AWS: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/update-service-parameters.html
("When the service scheduler launches new tasks": sort the valid instances by the fewest running
tasks of the service in the instance's Availability Zone, then favour the instances with the
fewest tasks of the service; "When the service scheduler stops running tasks": the largest
number in the zone, then the instances with the largest number). CreateService's API reference
gives the same logic.
"""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.placement import simulate
from tests.sims.placement.builders import instance, placed_on, scenario

SERVICE = "service:web"


def running(count, group=SERVICE):
    return [{"group": group, "cpu": 256, "memory": 512} for _ in range(count)]


def test_inside_the_zone_the_instance_running_fewest_of_the_service_wins_not_the_first_listed():
    instances = [
        instance("i-a1", zone="us-east-1a", runningTasks=running(2)),
        instance("i-a2", zone="us-east-1a", runningTasks=running(1)),
        instance("i-a3", zone="us-east-1a"),
        instance("i-b1", zone="us-east-1b", runningTasks=running(3)),
    ]
    result = simulate(scenario(instances, count=1, group=SERVICE))
    # Zone a runs 3 of the service's tasks, zone b 3: a tie, so both zones stay; inside them
    # i-a3 runs none of the service, fewer than any other instance.
    assert placed_on(result) == ["i-a3"]


def test_the_zone_comes_first_even_when_an_emptier_instance_sits_in_a_fuller_zone():
    instances = [
        instance("i-a1", zone="us-east-1a", runningTasks=running(2)),
        instance("i-a2", zone="us-east-1a"),
        instance("i-b1", zone="us-east-1b", runningTasks=running(1)),
    ]
    result = simulate(scenario(instances, count=1, group=SERVICE))
    assert placed_on(result) == ["i-b1"]


def test_other_groups_tasks_do_not_count():
    instances = [
        instance("i-1", zone="us-east-1a", runningTasks=running(3, group="service:other")),
        instance("i-2", zone="us-east-1a", runningTasks=running(1)),
    ]
    result = simulate(scenario(instances, count=1, group=SERVICE))
    assert placed_on(result) == ["i-1"]


def test_ties_go_to_the_instance_listed_first():
    instances = [instance("i-z", zone="us-east-1a"), instance("i-y", zone="us-east-1a")]
    result = simulate(scenario(instances, count=3, group=SERVICE))
    assert placed_on(result) == ["i-z", "i-y", "i-z"]
    assert "first of them in containerInstances" in result["tasks"][0]["steps"][-1]["explanation"]


def test_scale_in_keeps_zones_balanced_and_stops_on_the_instance_running_the_most():
    instances = [
        instance("i-a1", zone="us-east-1a", runningTasks=running(1)),
        instance("i-a2", zone="us-east-1a", runningTasks=running(3)),
        instance("i-b1", zone="us-east-1b", runningTasks=running(2)),
        instance("i-b2", zone="us-east-1b", runningTasks=running(1)),
    ]
    result = simulate(scenario(instances, count=0, group=SERVICE, stopCount=3))
    stops = [stop["containerInstance"] for stop in result["stopped"]]
    # Zone a runs 4, zone b 3: the first stop is in a, on i-a2 (3 tasks), not on the newest
    # task's instance (i-b2 runs the last task listed). Then both zones run 3: a tie keeps
    # both, and i-a2 (2) ties i-b1 (2); the newest of their tasks is i-b1's. Then zone a runs
    # 3, b 2: i-a2 again.
    assert stops == ["i-a2", "i-b1", "i-a2"]


@settings(max_examples=60, deadline=None)
@given(
    zones=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4),
    count=st.integers(min_value=1, max_value=24),
)
def test_default_placement_balances_zones_and_instances_when_capacity_allows(zones, count):
    instances = []
    for zone_number, size in enumerate(zones):
        for number in range(size):
            instances.append(
                instance(
                    f"i-{zone_number}-{number}",
                    zone=f"us-east-1{'abcd'[zone_number]}",
                    cpu=100_000,
                    memory=100_000,
                )
            )
    result = simulate(scenario(instances, count=count, group=SERVICE))
    assert not result["failures"]
    per_instance = Counter(placed_on(result))
    per_zone = Counter(placement["availabilityZone"] for placement in result["placements"])
    zone_counts = [per_zone[f"us-east-1{'abcd'[number]}"] for number in range(len(zones))]
    assert max(zone_counts) - min(zone_counts) <= 1
    for zone_number, size in enumerate(zones):
        inside = [per_instance[f"i-{zone_number}-{number}"] for number in range(size)]
        assert max(inside) - min(inside) <= 1


@settings(max_examples=60, deadline=None)
@given(
    layout=st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(min_value=0, max_value=4)),
        min_size=1,
        max_size=8,
    ),
    stops=st.integers(min_value=1, max_value=12),
)
def test_default_scale_in_stops_in_the_fullest_zone_on_its_fullest_instance(layout, stops):
    instances = [
        instance(f"i-{number}", zone=f"us-east-1{zone}", runningTasks=running(tasks))
        for number, (zone, tasks) in enumerate(layout)
    ]
    result = simulate(scenario(instances, count=0, group=SERVICE, stopCount=stops))
    counts = {f"i-{number}": tasks for number, (_, tasks) in enumerate(layout)}
    zone_of = {f"i-{number}": f"us-east-1{zone}" for number, (zone, _) in enumerate(layout)}
    assert len(result["stopped"]) == min(stops, sum(counts.values()))
    for stop in result["stopped"]:
        per_zone = Counter()
        for name, tasks in counts.items():
            per_zone[zone_of[name]] += tasks
        fullest_zone = max(per_zone.values())
        assert per_zone[stop["availabilityZone"]] == fullest_zone
        in_fullest_zones = [
            tasks for name, tasks in counts.items() if per_zone[zone_of[name]] == fullest_zone
        ]
        assert counts[stop["containerInstance"]] == max(in_fullest_zones)
        counts[stop["containerInstance"]] -= 1
