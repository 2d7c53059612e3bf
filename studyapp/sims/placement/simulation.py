"""Running a scenario end to end and shaping its result; the package docstring is the contract."""

from collections import Counter

from studyapp.sims.placement.engine import Cluster
from studyapp.sims.placement.scalein import stop_tasks
from studyapp.sims.placement.scenario import format_port, parse_scenario


def simulate(document):
    scenario = parse_scenario(document)
    cluster = Cluster(scenario)
    cluster.place_all()
    return describe_run(cluster, stop_tasks(cluster))


def describe_run(cluster, stopped):
    """The result of a run whose tasks are placed and `stopped` are the scale-in's stops."""
    return {
        "placements": cluster.placements,
        "failures": cluster.failures,
        "stopped": stopped,
        "instances": _instances(cluster, stopped),
        "availabilityZones": _zones(cluster, stopped),
        "tasks": cluster.explanations,
        "summary": _summary(cluster, stopped),
    }


def _instances(cluster, stopped):
    placed = Counter(placement["containerInstance"] for placement in cluster.placements)
    stops = Counter(stop["containerInstance"] for stop in stopped)
    described = []
    for index, instance in enumerate(cluster.scenario.instances):
        name = cluster.ids[index]
        task_ports = cluster.ports_in_use[index] - instance.reserved_ports
        described.append(
            {
                "containerInstance": name,
                "availabilityZone": cluster.zones[index],
                "instanceType": instance.instance_type,
                "agentConnected": instance.agent_connected,
                "registered": {
                    "cpu": instance.cpu,
                    "memory": instance.memory,
                    "eni": instance.eni_limit,
                },
                "remaining": {
                    "cpu": cluster.cpu_left[index],
                    "memory": cluster.memory_left[index],
                    "eni": cluster.eni_left[index],
                },
                "hostPortsInUse": [format_port(port) for port in sorted(task_ports)],
                "tasks": {
                    "before": len(instance.running_tasks),
                    "placed": placed[name],
                    "stopped": stops[name],
                    "now": len(cluster.tasks[index]),
                },
                "groups": dict(sorted(cluster.views[index].task_groups.items())),
            }
        )
    return described


def _zones(cluster, stopped):
    zones = {}
    for index, instance in enumerate(cluster.scenario.instances):
        zone = zones.setdefault(
            cluster.zones[index],
            {
                "availabilityZone": cluster.zones[index],
                "instances": 0,
                "tasksBefore": 0,
                "placed": 0,
                "stopped": 0,
                "groupTasks": 0,
                "tasks": 0,
            },
        )
        zone["instances"] += 1
        zone["tasksBefore"] += len(instance.running_tasks)
        zone["groupTasks"] += cluster.group_tasks[index]
        zone["tasks"] += len(cluster.tasks[index])
    for placement in cluster.placements:
        zones[placement["availabilityZone"]]["placed"] += 1
    for stop in stopped:
        zones[stop["availabilityZone"]]["stopped"] += 1
    return sorted(
        zones.values(),
        key=lambda zone: (zone["availabilityZone"] is None, zone["availabilityZone"] or ""),
    )


def _summary(cluster, stopped):
    scenario = cluster.scenario
    requirements = scenario.requirements
    return {
        "group": scenario.group,
        "count": scenario.count,
        "placed": len(cluster.placements),
        "failed": len(cluster.failures),
        "stopCount": scenario.stop_count,
        "stopped": len(stopped),
        "seed": scenario.seed,
        "requirements": {
            "networkMode": requirements.network_mode,
            "cpu": requirements.cpu,
            "memory": requirements.memory,
            "hostPorts": [format_port(port) for port in sorted(requirements.host_ports)],
            "eni": requirements.uses_eni,
        },
        "strategies": [strategy.as_dict() for strategy in scenario.strategies],
        "strategiesDefaulted": scenario.strategies_defaulted,
        "constraints": [constraint.as_dict() for constraint in scenario.constraints],
    }
