"""
Properties checked on generated scenarios, against a replay written independently of the engine:
every placement fits and satisfies every constraint at the moment it is made and is the instance
the strategy chain picks, every failure happens only when no instance could take the task and
names the closest instance's reason, spread over AZs stays balanced on placement and scale-in,
and no input makes simulate() raise anything but InvalidInput.
"""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.placement import InvalidInput, simulate
from studyapp.sims.placement.eni_limits import ENI_LIMITS
from studyapp.sims.placement.query import QuerySyntaxError, parse_query
from tests.sims.placement.builders import BY_ZONE, binpack, instance, scenario, spread

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
TYPES = ("t3.large", "m5.large", "m5.xlarge", "c5.large")
GROUPS = ("service:web", "service:db", "family:batch")
PORTS = (22, 80, 443, 8080)
DEFAULT_RESERVED = {22, 2375, 2376, 51678, 51679, 51680}
CHECK_ORDER = ("AGENT", "RESOURCE:CPU", "RESOURCE:MEMORY", "RESOURCE:PORTS", "RESOURCE:ENI")
MEMBER_OF = "MemberOf placement constraint unsatisfied."
DISTINCT = "DistinctInstance placement constraint unsatisfied."

# Constraint pool: the expression, and the same rule written directly against the replay's state.
CONSTRAINTS = {
    "t3 only": (
        "attribute:ecs.instance-type =~ t3.*",
        lambda box: box["type"].startswith("t3"),
    ),
    "not zone c": (
        "attribute:ecs.availability-zone != us-east-1c",
        lambda box: box["zone"] is not None and box["zone"] != "us-east-1c",
    ),
    "racked": ("attribute:rack exists", lambda box: box["rack"] is not None),
    "not m5 or c5": (
        "not(attribute:ecs.instance-type in [m5.large, c5.large])",
        lambda box: box["type"] not in ("m5.large", "c5.large"),
    ),
    "fewer than 3 tasks": ("runningTasksCount < 3", lambda box: len(box["groups"]) < 3),
    "no db task": (
        "not(task:group == service:db)",
        lambda box: "service:db" not in box["groups"],
    ),
}
STRATEGIES = (
    BY_ZONE,
    spread("instanceId"),
    spread("attribute:rack"),
    binpack("cpu"),
    binpack("memory"),
    {"type": "random"},
)


@st.composite
def container_instances(draw, index):
    running = []
    free_ports = list(PORTS[1:])
    for _ in range(draw(st.integers(0, 3))):
        task = {
            "group": draw(st.sampled_from(GROUPS)),
            "cpu": draw(st.integers(0, 512)),
            "memory": draw(st.integers(0, 1024)),
        }
        mode = draw(st.sampled_from(("bridge", "awsvpc")))
        if mode == "awsvpc" and not any(t.get("networkMode") == "awsvpc" for t in running):
            task["networkMode"] = "awsvpc"
        elif free_ports and draw(st.booleans()):
            task["hostPorts"] = [free_ports.pop(draw(st.integers(0, len(free_ports) - 1)))]
        running.append(task)
    document = instance(
        f"i-{index}",
        zone=draw(st.sampled_from((*ZONES, None))),
        instance_type=draw(st.sampled_from(TYPES)),
        cpu=sum(task["cpu"] for task in running) + draw(st.integers(0, 2048)),
        memory=sum(task["memory"] for task in running) + draw(st.integers(0, 4096)),
        agentConnected=draw(st.booleans() | st.just(True)),
        runningTasks=running,
    )
    if draw(st.booleans()):
        document["attributes"].append({"name": "rack", "value": draw(st.sampled_from("xyz"))})
    return document


@st.composite
def task_definitions(draw):
    mode = draw(st.sampled_from(("bridge", "host", "awsvpc")))
    container = {
        "name": "app",
        "cpu": draw(st.integers(0, 1024)),
        "memoryReservation": draw(st.integers(1, 2048)),
    }
    if draw(st.booleans()):
        port = draw(st.sampled_from(PORTS))
        if mode == "bridge":
            container["portMappings"] = [
                {"containerPort": 80, "hostPort": draw(st.sampled_from((0, port)))}
            ]
        else:
            container["portMappings"] = [{"containerPort": port}]
    definition = {"family": "app", "networkMode": mode, "containerDefinitions": [container]}
    if draw(st.booleans()):
        definition["memory"] = str(container["memoryReservation"] + draw(st.integers(0, 1024)))
    return definition


@st.composite
def scenarios(draw):
    size = draw(st.integers(1, 7))
    return {
        "containerInstances": [draw(container_instances(index)) for index in range(size)],
        "taskDefinition": draw(task_definitions()),
        "count": draw(st.integers(1, 14)),
        "group": draw(st.sampled_from(GROUPS)),
        "placementStrategy": draw(st.lists(st.sampled_from(STRATEGIES), max_size=3)),
        "placementConstraints": [
            {"type": "distinctInstance"}
            if name == "distinct"
            else {
                "type": "memberOf",
                "expression": CONSTRAINTS[name][0],
            }
            for name in draw(
                st.lists(st.sampled_from((*CONSTRAINTS, "distinct")), max_size=3, unique=True)
            )
        ],
        "seed": draw(st.integers(0, 2**32)),
    }


def needs_of(definition):
    container = definition["containerDefinitions"][0]
    mode = definition["networkMode"]
    ports = set()
    for mapping in container.get("portMappings", []):
        if mode == "host":
            ports.add(mapping["containerPort"])
        elif mode == "bridge" and mapping["hostPort"]:
            ports.add(mapping["hostPort"])
    memory = int(definition.get("memory", container["memoryReservation"]))
    return container["cpu"], memory, ports, mode == "awsvpc"


def boxes_of(document):
    """The replay's own view of each instance before any placement."""
    boxes = {}
    for item in document["containerInstances"]:
        attributes = {entry["name"]: entry.get("value") for entry in item["attributes"]}
        running = item["runningTasks"]
        limit = ENI_LIMITS[attributes["ecs.instance-type"]]
        boxes[item["ec2InstanceId"]] = {
            "zone": attributes.get("ecs.availability-zone"),
            "type": attributes["ecs.instance-type"],
            "rack": attributes.get("rack"),
            "agent": item["agentConnected"],
            "cpu": item["registeredResources"][0]["integerValue"]
            - sum(task["cpu"] for task in running),
            "memory": item["registeredResources"][1]["integerValue"]
            - sum(task["memory"] for task in running),
            "ports": DEFAULT_RESERVED
            | {port for task in running for port in task.get("hostPorts", [])},
            "eni": limit - 1 - sum(task.get("networkMode") == "awsvpc" for task in running),
            "groups": [task["group"] for task in running],
        }
    return boxes


def unmet(box, document, needs):
    """The first unmet check in ECS's step order (its index), or None if the task fits."""
    cpu, memory, ports, uses_eni = needs
    checks = [
        box["agent"],
        box["cpu"] >= cpu,
        box["memory"] >= memory,
        not (ports & box["ports"]),
        not uses_eni or box["eni"] >= 1,
    ]
    for constraint in (
        document["taskDefinition"].get("placementConstraints", [])
        + document["placementConstraints"]
    ):
        if constraint["type"] == "distinctInstance":
            checks.append(document["group"] not in box["groups"])
        else:
            rule = next(r for text, r in CONSTRAINTS.values() if text == constraint["expression"])
            checks.append(rule(box))
    return next((index for index, passed in enumerate(checks) if not passed), None)


def effective_strategies(document):
    if document["placementStrategy"]:
        return document["placementStrategy"]
    # The service scheduler's default: the zone, then the instance, with the fewest of the
    # service's tasks (update-service-parameters.html).
    if document["group"].startswith("service:"):
        return [BY_ZONE, {"type": "spread", "field": "instanceId"}]
    return [{"type": "random"}]


def expected_winner(boxes, candidates, document):
    """The instance the documented chain picks, or None when random takes part."""
    strategies = effective_strategies(document)
    if any(strategy["type"] == "random" for strategy in strategies):
        return None
    group = document["group"]
    for strategy in strategies:
        field = strategy.get("field")
        if strategy["type"] == "binpack":
            score = {name: boxes[name][field] for name in candidates}
        elif field in ("instanceId", "host"):
            score = {name: boxes[name]["groups"].count(group) for name in candidates}
        else:
            key = "zone" if field == "attribute:ecs.availability-zone" else "rack"
            load = {}
            for box in boxes.values():
                load[box[key]] = load.get(box[key], 0) + box["groups"].count(group)
            score = {
                name: float("inf") if boxes[name][key] is None else load[boxes[name][key]]
                for name in candidates
            }
        best = min(score.values())
        candidates = [name for name in candidates if score[name] == best]
    return candidates[0]


def reason_for(index, document):
    if index < len(CHECK_ORDER):
        return CHECK_ORDER[index]
    constraint = document["placementConstraints"][index - len(CHECK_ORDER)]
    return DISTINCT if constraint["type"] == "distinctInstance" else MEMBER_OF


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_placements_fit_and_satisfy_constraints_and_failures_are_justified(document):
    result = simulate(copy.deepcopy(document))
    boxes = boxes_of(document)
    needs = needs_of(document["taskDefinition"])
    outcome = {
        placement["task"]: placement["containerInstance"] for placement in result["placements"]
    }
    failures = {failure["task"]: failure["reason"] for failure in result["failures"]}
    assert set(outcome) | set(failures) == set(range(1, document["count"] + 1))
    for number in range(1, document["count"] + 1):
        first_unmet = {name: unmet(box, document, needs) for name, box in boxes.items()}
        if number in outcome:
            chosen = boxes[outcome[number]]
            assert first_unmet[outcome[number]] is None
            fitting = [name for name, check in first_unmet.items() if check is None]
            assert expected_winner(boxes, fitting, document) in (None, outcome[number])
            chosen["cpu"] -= needs[0]
            chosen["memory"] -= needs[1]
            chosen["ports"] = chosen["ports"] | needs[2]
            chosen["eni"] -= needs[3]
            chosen["groups"].append(document["group"])
        else:
            assert None not in first_unmet.values()
            furthest = max(first_unmet.values())
            assert failures[number] == reason_for(furthest, document)
    for report in result["instances"]:
        box = boxes[report["containerInstance"]]
        assert report["remaining"]["cpu"] == box["cpu"] >= 0
        assert report["remaining"]["memory"] == box["memory"] >= 0
        assert len(box["groups"]) == report["tasks"]["now"]


@st.composite
def roomy_zonal_clusters(draw):
    instances = []
    for zone in ZONES:
        for number in range(draw(st.integers(1, 3))):
            instances.append(
                instance(
                    f"i-{zone}-{number}",
                    zone=zone,
                    cpu=100_000,
                    memory=100_000,
                    runningTasks=[{"group": "service:other", "memory": 512}]
                    * draw(st.integers(0, 2)),
                )
            )
    order = draw(st.permutations(instances))
    follow_up = draw(
        st.lists(
            st.sampled_from(
                (binpack("memory"), binpack("cpu"), spread("instanceId"), {"type": "random"})
            ),
            max_size=2,
        )
    )
    strategies = None if draw(st.booleans()) else [BY_ZONE, *follow_up]
    return scenario(
        list(order),
        count=draw(st.integers(1, 40)),
        group="service:web",
        strategies=strategies,
        seed=draw(st.integers(0, 1000)),
    )


@settings(max_examples=100, deadline=None)
@given(roomy_zonal_clusters())
def test_spread_over_zones_keeps_them_within_one_task_when_all_have_room(document):
    result = simulate(document)
    counts = dict.fromkeys(ZONES, 0)
    for placement in result["placements"]:
        counts[placement["availabilityZone"]] += 1
        assert max(counts.values()) - min(counts.values()) <= 1
    assert sum(counts.values()) == document["count"]


FIELD_NAMES = (
    "containerInstances",
    "taskDefinition",
    "count",
    "group",
    "placementStrategy",
    "placementConstraints",
    "seed",
    "stopCount",
    "type",
    "field",
    "expression",
    "ec2InstanceId",
    "attributes",
    "name",
    "value",
    "registeredResources",
    "integerValue",
    "stringSetValue",
    "runningTasks",
    "hostPorts",
    "networkMode",
    "maxEni",
    "family",
    "containerDefinitions",
    "memory",
    "memoryReservation",
    "cpu",
    "portMappings",
    "containerPort",
    "hostPort",
    "protocol",
    "agentConnected",
    "agentVersion",
    "registeredAt",
)
EDGE_DATES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-02-30", "2026-01-10")
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(("CPU", "MEMORY", "PORTS", "spread", "binpack", "awsvpc", "host", "memberOf"))
    | st.sampled_from(EDGE_DATES)
    | st.sampled_from(("\u00b2", "\u0663", "1" * 5000, 10**4000, -(10**30)))
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=25,
)


def result_or_invalid(document):
    try:
        result = simulate(document)
    except InvalidInput as error:
        assert error.problems
        json.dumps(error.as_dict())
        return
    json.dumps(result)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_gives_a_result_or_invalid_input(document):
    result_or_invalid(document)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


BASE = scenario(
    [
        instance("i-1", runningTasks=[{"group": "service:web", "hostPorts": [80]}]),
        instance("i-2", zone="us-east-1b", maxEni=4),
    ],
    count=3,
    group="service:web",
    strategies=[BY_ZONE, binpack("memory")],
    constraints=[{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
    stopCount=1,
)
BASE_PATHS = [path for path in paths(BASE) if path]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(BASE_PATHS), json_values | st.just("<delete>"))
def test_any_one_field_replaced_gives_a_result_or_invalid_input(path, replacement):
    document = copy.deepcopy(BASE)
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if replacement == "<delete>":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    result_or_invalid(document)


QUERY_TOKENS = (
    "attribute:ecs.instance-type",
    "attribute:",
    "ec2InstanceId",
    "agentConnected",
    "agentVersion",
    "registeredAt",
    "runningTasksCount",
    "task:group",
    "==",
    "!=",
    ">",
    "<=",
    "=~",
    "!~",
    "in",
    "!in",
    "not_in",
    "exists",
    "!exists",
    "equals",
    "and",
    "or",
    "not",
    "&&",
    "||",
    "!",
    "(",
    ")",
    "[",
    "]",
    ",",
    "'",
    '"',
    "t3.*",
    "(a+)+",
    "1.14.5",
    "2018-02-13",
    "2018-06-18T22:28:28Z",
    "true",
    "3",
    "\\",
    "[a-z&&b]",
    *EDGE_DATES,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(QUERY_TOKENS), max_size=12).map(" ".join) | st.text(max_size=40))
def test_any_expression_parses_or_reports_a_column(expression):
    try:
        query = parse_query(expression)
    except QuerySyntaxError as error:
        assert 1 <= error.column <= len(expression) + 1
        return
    assert query.matches(
        type(
            "Instance",
            (),
            {
                "ec2_instance_id": "i-1",
                "attributes": {"ecs.instance-type": "t3.large"},
                "agent_connected": True,
                "agent_version": (1, 80),
                "registered_at": None,
                "running_tasks_count": 0,
                "task_groups": {},
            },
        )()
    ) in (True, False)
    document = copy.deepcopy(BASE)
    document["placementConstraints"][0]["expression"] = expression
    result_or_invalid(document)


@st.composite
def zonal_services(draw):
    instances = []
    for zone in ZONES:
        for number in range(draw(st.integers(1, 3))):
            tasks = [{"group": "service:web", "memory": 256}] * draw(st.integers(0, 4))
            instances.append(instance(f"i-{zone}-{number}", zone=zone, runningTasks=tasks))
    running = sum(len(item["runningTasks"]) for item in instances)
    follow_up = draw(
        st.lists(st.sampled_from((binpack("memory"), spread("instanceId"))), max_size=1)
    )
    return scenario(
        draw(st.permutations(instances)),
        count=0,
        group="service:web",
        strategies=[BY_ZONE, *follow_up],
        stopCount=draw(st.integers(0, running + 2)),
    )


@settings(max_examples=100, deadline=None)
@given(zonal_services())
def test_spread_scale_in_always_stops_in_a_zone_with_the_most_tasks(document):
    result = simulate(document)
    counts = dict.fromkeys(ZONES, 0)
    for item in document["containerInstances"]:
        zone = item["attributes"][0]["value"]
        counts[zone] += len(item["runningTasks"])
    total = sum(counts.values())
    for stop in result["stopped"]:
        assert counts[stop["availabilityZone"]] == max(counts.values())
        counts[stop["availabilityZone"]] -= 1
    assert len(result["stopped"]) == min(document["stopCount"], total)
