"""
Benchmark of the placement engine (not a test): `.venv/bin/python bench/placement.py`.

The issue's figure: 5,000 instances in 3 AZs, 1,000 tasks, spread over AZs then binpack on
memory, with a memberOf constraint; the target is at most 1 s on a 2-core machine. The time is
the median of several runs of `simulate` on a fresh document, parsing and validation included.
The simulator accepts at most 5,000 instances, so the growth is shown by doubling up to that
size and by doubling the tasks at full size. `--profile` prints where the time goes;
`--extremes` times other strategy shapes, and a scale-in, at the limits (5,000 instances and
2,500 tasks since issue 14).
"""

import argparse
import cProfile
import pstats
import statistics
import time

from studyapp.sims.placement import simulate
from studyapp.sims.placement.scenario import MAX_INSTANCES, MAX_TASKS, parse_scenario

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
INSTANCE_TYPES = (("t3.large", 2048, 7680), ("t3.xlarge", 4096, 15_680), ("m5.large", 2048, 7680))


def scenario(instances, tasks):
    """A cluster where every third instance is an m5 the memberOf constraint rules out."""
    container_instances = []
    for number in range(instances):
        instance_type, cpu, memory = INSTANCE_TYPES[number % len(INSTANCE_TYPES)]
        container_instances.append(
            {
                "ec2InstanceId": f"i-{number:08x}",
                "attributes": [
                    {"name": "ecs.availability-zone", "value": ZONES[number % len(ZONES)]},
                    {"name": "ecs.instance-type", "value": instance_type},
                ],
                "registeredResources": [
                    {"name": "CPU", "integerValue": cpu},
                    {"name": "MEMORY", "integerValue": memory - (number % 7) * 256},
                ],
            }
        )
    return {
        "containerInstances": container_instances,
        "taskDefinition": {
            "family": "web",
            "containerDefinitions": [
                {"name": "app", "cpu": 256, "memoryReservation": 512, "memory": 1024}
            ],
        },
        "count": tasks,
        "group": "service:web",
        "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"},
        ],
        "placementConstraints": [
            {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
        ],
    }


def median_seconds(instances, tasks, runs):
    """Median seconds of simulate() and, separately, of reading the document alone."""
    whole, reading = [], []
    for _ in range(runs):
        document = scenario(instances, tasks)
        started = time.perf_counter()
        parse_scenario(document)
        reading.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = simulate(document)
        whole.append(time.perf_counter() - started)
        assert len(result["placements"]) == tasks, "every task should find room"
    return statistics.median(whole), statistics.median(reading)


def extremes():
    """Other shapes at the simulator's limits: 5,000 instances and 5,000 tasks."""
    variants = {
        "spread(AZ) + binpack(memory)": {},
        "spread(instanceId) + binpack(memory)": {
            "placementStrategy": [
                {"type": "spread", "field": "instanceId"},
                {"type": "binpack", "field": "memory"},
            ]
        },
        "binpack(cpu)": {"placementStrategy": [{"type": "binpack", "field": "cpu"}]},
        "random": {"placementStrategy": [{"type": "random"}]},
        "dynamic memberOf (task:group, runningTasksCount)": {
            "placementConstraints": [
                {
                    "type": "memberOf",
                    "expression": "not(task:group == service:web) and runningTasksCount < 5",
                }
            ]
        },
        "spread(AZ) + binpack(memory), then stopCount at its limit": {"stopCount": MAX_TASKS},
    }
    print(f"one run each, {MAX_INSTANCES:,} instances, {MAX_TASKS:,} tasks")
    for label, changes in variants.items():
        document = scenario(MAX_INSTANCES, MAX_TASKS)
        document.update(changes)
        started = time.perf_counter()
        result = simulate(document)
        seconds = time.perf_counter() - started
        summary = result["summary"]
        print(
            f"{label:<52} {seconds:6.2f} s  placed {summary['placed']:,}, "
            f"failed {summary['failed']:,}, stopped {summary['stopped']:,}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=5, help="runs per size (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile the 5,000 x 1,000 run")
    parser.add_argument("--extremes", action="store_true", help="time other shapes at the limits")
    options = parser.parse_args()
    if options.extremes:
        extremes()
        return
    if options.profile:
        document = scenario(5_000, 1_000)
        profiler = cProfile.Profile()
        profiler.runcall(simulate, document)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    print(f"median of {options.runs} runs of simulate(); 'reading' is parse_scenario() alone")
    print(f"{'instances':>9} {'tasks':>6} {'seconds':>8} {'growth':>7} {'reading':>8}")
    sizes = [(1_250, 250), (2_500, 500), (5_000, 1_000), (5_000, 2_000), (5_000, MAX_TASKS)]
    previous = None
    for instances, tasks in sizes:
        seconds, reading = median_seconds(instances, tasks, options.runs)
        growth = f"x{seconds / previous:.1f}" if previous else ""
        previous = seconds
        print(f"{instances:>9,} {tasks:>6,} {seconds:>8.3f} {growth:>7} {reading:>8.3f}")


if __name__ == "__main__":
    main()
