"""
The simulators at their limits, through the JSON API and, for placement, the HTML page and a
share link: the largest documents each accepts, and one the placement engine's work budget
refuses (it must answer its 400 within the same budget).
"""

import json

from django.test import Client

from studyapp.sims.bluegreen.timeline import CODE_DEPLOY_HOOKS
from studyapp.sims.placement.scenario import MAX_CONSTRAINTS, MAX_INSTANCES, MAX_TASKS
from studyapp.sims.sharing import encode_scenario

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
TYPES = (("t3.large", 2048, 7680), ("t3.xlarge", 4096, 15_680), ("m5.large", 2048, 7680))
GROUP = "service:web"


def placement_document(instances=MAX_INSTANCES, strategies=None, long_expressions=2):
    """Every limit at once: the most instances, tasks to place and to stop, running tasks in
    all (one per instance), strategies and constraints; as many of the constraints are
    2,000-character memberOf expressions as asked (two fit the work budget, with the rest)."""
    container_instances = []
    for number in range(instances):
        instance_type, cpu, memory = TYPES[number % len(TYPES)]
        container_instances.append(
            {
                "ec2InstanceId": f"i-{number:08x}",
                "attributes": [
                    {"name": "ecs.availability-zone", "value": ZONES[number % len(ZONES)]},
                    {"name": "ecs.instance-type", "value": instance_type},
                ],
                "registeredResources": [
                    {"name": "CPU", "integerValue": cpu * 4},
                    {"name": "MEMORY", "integerValue": memory * 4 - (number % 7) * 256},
                ],
                "runningTasks": [{"group": GROUP, "cpu": 128, "memory": 256}],
            }
        )
    long_expression = (
        " or ".join(f"attribute:ecs.instance-type == t{n}.large" for n in range(43))
        + " or attribute:ecs.instance-type =~ t3.*"
    )
    short_expressions = [
        "runningTasksCount < 1000",
        "not(task:group == service:db)",
        "attribute:ecs.instance-type exists",
        "agentConnected == true",
        "ec2InstanceId =~ i-.*",
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b, us-east-1c]",
    ]
    expressions = [long_expression] * long_expressions + short_expressions
    constraints = [
        {"type": "memberOf", "expression": expression}
        for expression in expressions[:MAX_CONSTRAINTS]
    ]
    return {
        "containerInstances": container_instances,
        "taskDefinition": {
            "family": "web",
            "containerDefinitions": [{"name": "app", "cpu": 64, "memoryReservation": 128}],
        },
        "count": MAX_TASKS,
        "stopCount": MAX_TASKS,
        "group": GROUP,
        "placementStrategy": strategies
        or [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "spread", "field": "attribute:ecs.instance-type"},
            {"type": "binpack", "field": "memory"},
            {"type": "spread", "field": "instanceId"},
            {"type": "binpack", "field": "memory"},
        ],
        "placementConstraints": constraints,
    }


def post_json(name, document):
    client = Client()
    body = json.dumps(document)
    return lambda: client.post(f"/api/sims/{name}", data=body, content_type="application/json")


def placement_api():
    return post_json("placement", placement_document())


def placement_api_random():
    return post_json("placement", placement_document(strategies=[{"type": "random"}]))


def placement_api_past_the_work_budget_constraints():
    """Ten 2,000-character expressions on every instance: refused while evaluating them."""
    return post_json("placement", placement_document(long_expressions=MAX_CONSTRAINTS))


def placement_api_past_the_work_budget_scanning():
    """spread(instanceId) leaves every instance without a task tied, so random after it has to
    order them for every task."""
    return post_json(
        "placement",
        placement_document(
            strategies=[{"type": "spread", "field": "instanceId"}, {"type": "random"}],
            long_expressions=0,
        ),
    )


def placement_page():
    client = Client()
    text = json.dumps(placement_document())
    data = {"action": "run-json", "document": text, "scenario": "{}"}
    return lambda: client.post("/sims/placement/", data)


def placement_share_link():
    """The largest scenario a link can carry: instances are added while it still fits."""
    low, high = 1, MAX_INSTANCES
    while low < high:
        middle = (low + high + 1) // 2
        if encode_scenario(placement_document(middle)) is None:
            high = middle - 1
        else:
            low = middle
    link = encode_scenario(placement_document(low))
    assert link is not None
    client = Client()
    return lambda: client.get("/sims/placement/", {"s": link})


def fargate_api():
    """Ten containers (ECS's limit) in a dependsOn cycle, each with thousands of bad entries."""
    containers = [
        {
            "name": f"c{n}",
            "image": "nginx",
            "memory": 64,
            "dependsOn": [{"containerName": f"c{(n + 1) % 10}", "condition": "HEALTHY"}] * 500,
            "portMappings": [
                {"containerPort": port, "hostPort": port + 1} for port in range(1, 3000)
            ],
            "secrets": [{"name": f"S{k}", "valueFrom": "not-an-arn"} for k in range(2000)],
        }
        for n in range(10)
    ]
    document = {
        "taskDefinition": {
            "family": "worst",
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256",
            "memory": "512",
            "containerDefinitions": containers,
        },
        "desiredCount": 1000,
    }
    return post_json("fargate", document)


def capacity_api():
    strategy = [
        {"capacityProvider": f"asg-{n}", "weight": 1000 - n * 37, "base": 100_000 if n == 0 else 0}
        for n in range(20)
    ]
    return post_json("capacity", {"capacityProviderStrategy": strategy, "desiredCount": 1000})


def rolling_api():
    """The costliest deployment found within the limits (most steps over the most tasks)."""
    document = {
        "desiredCount": 1000,
        "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 101},
        "timing": {"startSeconds": 1, "healthySeconds": 2, "stopSeconds": 3},
        "failingNewTasks": 1999,
    }
    return post_json("rolling", document)


def bluegreen_api():
    """The longest deployment within the limits: linear at 1 % (100 shifts), every hook."""
    document = {
        "desiredCount": 1000,
        "trafficRoutingConfig": {
            "type": "TimeBasedLinear",
            "timeBasedLinear": {"linearPercentage": 1, "linearInterval": 2880},
        },
        "testListener": True,
        "hooks": {name: "Succeeded" for name in CODE_DEPLOY_HOOKS},
        "terminationWaitTimeInMinutes": 2880,
        "timing": {"scaleUpMinutes": 60, "hookMinutes": 60},
    }
    return post_json("bluegreen", document)


CASES = {
    "placement API, every limit, ranked chain": placement_api,
    "placement API, every limit, random": placement_api_random,
    "placement API, ten long expressions, past the work budget (400)": (
        placement_api_past_the_work_budget_constraints
    ),
    "placement API, scanning chain, past the work budget (400)": (
        placement_api_past_the_work_budget_scanning
    ),
    "placement page, every limit (run-json POST)": placement_page,
    "placement page, largest share link": placement_share_link,
    "fargate API, 10 containers, 4 MB of bad entries": fargate_api,
    "capacity API, 20 providers, 1,000 tasks": capacity_api,
    "rolling API, costliest deployment": rolling_api,
    "bluegreen API, longest deployment": bluegreen_api,
}
