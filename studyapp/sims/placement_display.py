"""
The placement result as the page draws it: instance boxes grouped by Availability Zone, each with
its task chips, and the explanation of one chosen task.

Chips are coloured from a fixed set of CSS classes by the group's index (the group being placed
is always the first colour), and every chip also names its group in text, so colour is never
the only clue. Large clusters are cut to a readable size: the tables and the JSON keep it all.
"""

from collections import defaultdict

GROUP_COLOURS = 8
MAX_BOXES = 300
MAX_CHIPS = 40
NO_ZONE = "No availability zone attribute"


def cluster_view(scenario, result):
    run_group = result["summary"]["group"]
    groups = [run_group]
    documents = scenario["containerInstances"]
    for item in documents:
        for task in item.get("runningTasks", []):
            if task["group"] not in groups:
                groups.append(task["group"])
    colour = {group: index % GROUP_COLOURS for index, group in enumerate(groups)}

    placed = defaultdict(list)
    for placement in result["placements"]:
        placed[placement["containerInstance"]].append(placement["task"])
    stopped_tasks = {stop["task"] for stop in result["stopped"] if stop["task"] is not None}
    stopped_running = {
        (stop["containerInstance"], stop["runningTask"])
        for stop in result["stopped"]
        if stop["runningTask"] is not None
    }

    zones = {
        zone["availabilityZone"]: {**zone, "boxes": []} for zone in result["availabilityZones"]
    }
    for index, instance in enumerate(result["instances"][:MAX_BOXES]):
        name = instance["containerInstance"]
        chips = [
            {
                "text": "existing",
                "group": task["group"],
                "colour": colour[task["group"]],
                "new": False,
                "stopped": (name, position) in stopped_running,
            }
            for position, task in enumerate(documents[index].get("runningTasks", []))
        ] + [
            {
                "text": f"task {number}",
                "group": run_group,
                "colour": 0,
                "new": True,
                "stopped": number in stopped_tasks,
            }
            for number in placed[name]
        ]
        zones[instance["availabilityZone"]]["boxes"].append(
            {
                **instance,
                "meters": _meters(instance, result["summary"]["requirements"]["eni"]),
                "chips": chips[:MAX_CHIPS],
                "more_chips": max(0, len(chips) - MAX_CHIPS),
            }
        )
    return {
        "zones": [{**zone, "name": zone["availabilityZone"] or NO_ZONE} for zone in zones.values()],
        "legend": [{"group": group, "colour": colour[group]} for group in groups],
        "hidden_instances": max(0, len(result["instances"]) - MAX_BOXES),
    }


def _meters(instance, uses_eni):
    """
    What each resource of an instance has in use, for a meter: its ENIs only when the task
    needs one. `high` is the last value below exhausted, so a browser draws a full meter in
    its warning colour (optimum 0: less used is better), and `exhausted` says so in words too.
    """
    shown = [("cpu", "CPU", ""), ("memory", "Memory", " MiB")]
    if uses_eni:
        shown.append(("eni", "ENIs", ""))
    meters = []
    for resource, name, unit in shown:
        registered = instance["registered"][resource]
        if registered is None:
            continue
        used = registered - instance["remaining"][resource]
        meters.append(
            {
                "name": name,
                "unit": unit,
                "used": used,
                "registered": registered,
                "high": max(registered - 1, 0),
                "exhausted": used >= registered > 0,
            }
        )
    return meters


def chosen_task(result, requested):
    """
    The task whose steps to explain: the one asked for when it exists, else the first that
    failed (the interesting one), else the first.
    """
    tasks = result["tasks"]
    if not tasks:
        return None
    if isinstance(requested, int) and 1 <= requested <= len(tasks):
        return tasks[requested - 1]
    failures = result["failures"]
    return tasks[failures[0]["task"] - 1] if failures else tasks[0]
