"""
Where does one more task of a service land, or is it not placed at all? A small cluster, a
placement strategy and often a memberOf constraint in the cluster query language; the key is
the placement engine's answer and the explanation its own steps.
"""

import random

from studyapp.sims import placement
from studyapp.sims.generators.question import (
    GeneratedQuestion,
    Option,
    Table,
    document_text,
    first_passing,
)

NAME = "placement"
TITLE = "Task placement: where does the task land?"
NOT_PLACED = "None: the task is not placed"
GROUP = "service:web"

# (type, registered CPU units, registered MiB): what the ECS agent registers on these types.
INSTANCE_TYPES = (
    ("t3.large", 2048, 7680),
    ("t3.xlarge", 4096, 15680),
    ("m5.large", 2048, 7680),
    ("c5.large", 2048, 3840),
)
STRATEGIES = (
    [{"type": "binpack", "field": "memory"}],
    [{"type": "binpack", "field": "cpu"}],
    [{"type": "spread", "field": "instanceId"}],
    [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"},
    ],
)
EXPRESSIONS = (
    None,
    "attribute:ecs.instance-type =~ t3.*",
    "attribute:ecs.instance-type in [m5.large, c5.large]",
    "attribute:ecs.availability-zone != us-east-1a",
    "attribute:ecs.instance-type == t3.xlarge or attribute:ecs.availability-zone == us-east-1b",
)
# The mistake a learner makes with each strategy: reading binpack as spread and the reverse.
CONFUSED_WITH = {"binpack": {"type": "spread", "field": "instanceId"}}
SPREAD_MISTAKE = {"type": "binpack", "field": "memory"}


def generate(seed):
    return first_passing(seed, build, tables_of, keys_of)


def build(seed):
    rng = random.Random(f"{NAME}:{seed}")
    document = _draw(rng)
    result = placement.simulate(document)
    task = result["tasks"][0]
    if task["containerInstance"] is not None and task["steps"][-2]["candidates"] != 1:
        return None  # a tie the engine breaks at random is no fair question
    key = _answer(result)
    instances = [item["ec2InstanceId"] for item in document["containerInstances"]]
    mistake = _mistaken_answer(document)
    options = [
        Option(text, text == key, _feedback(text, key, task, mistake, document))
        for text in [*instances, NOT_PLACED]
    ]
    return GeneratedQuestion(
        generator=NAME,
        simulator="placement",
        seed=seed,
        stem=_stem(document),
        tables=tables_of(document),
        document_json=document_text(document),
        options=tuple(options),
        explanation=tuple(step["explanation"] for step in task["steps"])
        + ((f"ECS's reason: {task['reason']}",) if task["reason"] else ()),
    )


def _draw(rng):
    zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
    instances = []
    for number in range(rng.randint(3, 4)):
        zone = zones[number % 3]
        name, cpu, memory = rng.choice(INSTANCE_TYPES)
        running = [
            {
                "group": GROUP,
                "cpu": rng.choice((256, 512, 1024)),
                "memory": rng.choice((512, 1024, 2048, 3072)),
            }
            for _ in range(rng.randint(0, 3))
        ]
        while sum(t["cpu"] for t in running) > cpu or sum(t["memory"] for t in running) > memory:
            running.pop()
        instances.append(
            {
                "ec2InstanceId": f"i-0{zone[-1]}{number + 1}",
                "attributes": [
                    {"name": "ecs.availability-zone", "value": zone},
                    {"name": "ecs.instance-type", "value": name},
                ],
                "registeredResources": [
                    {"name": "CPU", "integerValue": cpu},
                    {"name": "MEMORY", "integerValue": memory},
                ],
                "runningTasks": running,
            }
        )
    document = {
        "containerInstances": instances,
        "taskDefinition": {
            "family": "web",
            "containerDefinitions": [
                {
                    "name": "app",
                    "cpu": rng.choice((256, 512, 1024)),
                    "memory": rng.choice((512, 1024, 2048, 4096)),
                }
            ],
        },
        "count": 1,
        "group": GROUP,
        "placementStrategy": rng.choice(STRATEGIES),
    }
    expression = rng.choice(EXPRESSIONS)
    if expression:
        document["placementConstraints"] = [{"type": "memberOf", "expression": expression}]
    return document


def _answer(result):
    placements = result["placements"]
    return placements[0]["containerInstance"] if placements else NOT_PLACED


def keys_of(document):
    return [_answer(placement.simulate(document))]


def _mistaken_answer(document):
    """Where the task would land under the strategy a learner confuses this one with."""
    last = document["placementStrategy"][-1]
    swapped = CONFUSED_WITH.get(last["type"], SPREAD_MISTAKE)
    mistaken = {**document, "placementStrategy": [*document["placementStrategy"][:-1], swapped]}
    result = placement.simulate(mistaken)
    task = result["tasks"][0]
    if task["containerInstance"] is None or task["steps"][-2]["candidates"] != 1:
        return None
    return {"instance": task["containerInstance"], "strategy": _describe_strategy(swapped)}


def _feedback(text, key, task, mistake, document):
    strategy = " then ".join(_describe_strategy(s) for s in document["placementStrategy"])
    if text == key and text == NOT_PLACED:
        return f"Right: no instance passes every step, so ECS reports {task['reason']}."
    if text == key:
        return f"Right: {text} is the one instance left after the checks and {strategy}."
    if text == NOT_PLACED:
        return f"The task is placed: {key} has room and passes every check."
    if mistake and mistake["instance"] == text:
        return (
            f"That is where {mistake['strategy']} would put it; this service uses {strategy}, "
            "which keeps a different instance."
        )
    for step in task["steps"]:
        if step["instances"] is not None and text not in step["instances"]:
            return f"{text} drops out at the {step['step']} step: {step['explanation']}"
    return f"{text} passes the checks, but {strategy} prefers {key}."


def _describe_strategy(strategy):
    return f"{strategy['type']}({strategy.get('field', '')})"


def _stem(document):
    needs = document["taskDefinition"]["containerDefinitions"][0]
    constraint = document.get("placementConstraints")
    strategy = ", then ".join(_describe_strategy(s) for s in document["placementStrategy"])
    text = (
        f"The service `{GROUP}` starts one more task ({needs['cpu']} CPU units, "
        f"{needs['memory']} MiB of memory) on the cluster below, with the placement strategy "
        f"{strategy}"
    )
    if constraint:
        text += f" and the constraint `memberOf({constraint[0]['expression']})`"
    return text + ". Where does ECS place it?"


def tables_of(document):
    rows = []
    for instance in document["containerInstances"]:
        attributes = {a["name"]: a["value"] for a in instance["attributes"]}
        registered = {r["name"]: r["integerValue"] for r in instance["registeredResources"]}
        running = instance.get("runningTasks", [])
        rows.append(
            (
                instance["ec2InstanceId"],
                attributes["ecs.availability-zone"],
                attributes["ecs.instance-type"],
                str(registered["CPU"] - sum(t["cpu"] for t in running)),
                str(registered["MEMORY"] - sum(t["memory"] for t in running)),
                str(sum(1 for t in running if t["group"] == document["group"])),
            )
        )
    return (
        Table(
            "Container instances",
            ("Instance", "Availability Zone", "Type", "CPU free", "MiB free", "Service tasks"),
            tuple(rows),
        ),
    )
