"""
The placement page's editor. The scenario document (the JSON the engine, the API and the command
take) is the only state: the page carries it in a hidden field and in the share link, every
button edits it, and the editor's fields are drawn from it again after each edit.
requested_scenario reads a GET (a shared link, a preset) into it, posted_scenario a POST (an
edit, or the raw JSON editor).

The form owns the keys it shows (count, group, seed, stopCount, the strategies, the constraints,
and the task definition's cpu, memory and networkMode) and leaves every other key as it was, so
real ECS JSON pasted into the raw editor keeps its extra fields. Whatever a learner types is
passed on as typed, for the engine to refuse with its JSON path; the editor itself only checks
the "Add instances" fields, which have no JSON path of their own.
"""

import json
import re
from dataclasses import dataclass, field

from studyapp.sims.documents import load_document
from studyapp.sims.forms import ShownProblem, number, set_or_drop
from studyapp.sims.presets import DEFAULT_PRESET, UnknownPreset, load_preset, preset_choices
from studyapp.sims.sharing import decode_scenario
from studyapp.sims.validation import InvalidInput

ZONE_ATTRIBUTE = "ecs.availability-zone"
TYPE_ATTRIBUTE = "ecs.instance-type"

# CPU units and the memory ECS registers for tasks (less than the instance's own: the operating
# system and the agent keep some). Approximate; the 4, 8 and 16 GiB figures are the ones the
# preset scenarios use.
INSTANCE_TYPES = {
    "t3.medium": (2048, 3840),
    "t3.large": (2048, 7680),
    "t3.xlarge": (4096, 15680),
    "m5.large": (2048, 7680),
    "m5.xlarge": (4096, 15680),
    "c5.large": (2048, 3840),
    "c5.xlarge": (4096, 7680),
    "r5.large": (2048, 15680),
}
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
ADD_DEFAULTS = {"add_type": "t3.large", "add_zone": ZONES[0], "add_count": "1"}
NETWORK_MODES = ("bridge", "host", "awsvpc", "none")
STRATEGY_TYPES = ("spread", "binpack", "random")
STRATEGY_FIELDS = (
    "attribute:ecs.availability-zone",
    "instanceId",
    "host",
    "attribute:ecs.instance-type",
    "memory",
    "cpu",
)
CONSTRAINT_TYPES = ("memberOf", "distinctInstance")
# ECS's own limits: one row more would only produce the engine's error.
MAX_STRATEGY_ROWS = 5
MAX_CONSTRAINT_ROWS = 10
MAX_ADDED_AT_ONCE = 50
MAX_ZONE_LENGTH = 128
# Beyond this the cluster is listed by zone counts only; the raw editor still holds it all.
MAX_LISTED_INSTANCES = 200

SCALAR_FIELDS = (
    ("count", "count", "Tasks to place"),
    ("group", "group", "Task group"),
    ("seed", "seed", "Random seed"),
    ("stop_count", "stopCount", "Tasks to stop afterwards (scale-in)"),
)
TASK_FIELDS = (
    ("task_cpu", "cpu", "Task CPU"),
    ("task_memory", "memory", "Task memory"),
    ("network_mode", "networkMode", "networkMode"),
)
TASK_DEFAULTS = {"networkMode": "bridge"}


@dataclass
class Edit:
    """A scenario after one request's edits, with what the page should say and focus."""

    scenario: object
    problems: list = field(default_factory=list)
    extra_strategy_rows: int = 0
    extra_constraint_rows: int = 0
    # The "Add instances" fields as typed, so adding more of the same takes one click.
    add_fields: dict = field(default_factory=lambda: dict(ADD_DEFAULTS))

    @property
    def focus_result(self):
        """
        Whether the result takes focus, so the page shows it after the action: after every
        action but adding a strategy or constraint row, whose first field takes focus instead.
        """
        return not (self.extra_strategy_rows or self.extra_constraint_rows)


def edit_scenario(base, data):
    """Apply the editor form's fields, then the button that was pressed, to `base`."""
    scenario = dict(base) if isinstance(base, dict) else {}
    edit = Edit(
        scenario, add_fields={name: data.get(name, ADD_DEFAULTS[name]) for name in ADD_DEFAULTS}
    )
    for name, key, _ in SCALAR_FIELDS:
        if name in data:
            text = data[name]
            set_or_drop(scenario, key, (text.strip() or None) if key == "group" else number(text))
    task = scenario.get("taskDefinition")
    if isinstance(task, dict):
        task = dict(task)
        for name, key, _ in TASK_FIELDS:
            if name in data:
                set_or_drop(
                    task, key, _edited(task.get(key), data[name].strip(), TASK_DEFAULTS.get(key))
                )
        scenario["taskDefinition"] = task
    set_or_drop(scenario, "placementStrategy", _strategies(data) or None)
    set_or_drop(scenario, "placementConstraints", _constraints(data) or None)
    action = data.get("action", "run")
    if action == "add-strategy":
        edit.extra_strategy_rows = 1
    elif action == "add-constraint":
        edit.extra_constraint_rows = 1
    elif action == "add-instances":
        edit.problems = _add_instances(scenario, data)
    elif "remove-instance" in data:
        _remove_instance(scenario, data["remove-instance"])
    return edit


def _edited(current, typed, default=None):
    """
    The value a task definition field takes from the form: unchanged when the form shows it as
    it was (so 1024 stays a number and an absent networkMode stays absent), else as typed.
    """
    if typed == _text(current) or (current is None and typed == default):
        return current
    return typed or None


def _rows(data, prefix, columns, removed):
    lists = [data.getlist(f"{prefix}_{column}") for column in columns]
    return [
        dict(zip(columns, values, strict=True))
        for index, values in enumerate(zip(*lists, strict=False))
        if str(index) != removed
    ]


def _strategies(data):
    strategies = []
    for row in _rows(data, "strategy", ("type", "field"), data.get("remove-strategy")):
        if not row["type"]:
            continue
        item = {"type": row["type"]}
        if row["type"] != "random" or row["field"].strip():
            item["field"] = row["field"].strip()
        strategies.append(item)
    return strategies


def _constraints(data):
    constraints = []
    for row in _rows(data, "constraint", ("type", "expression"), data.get("remove-constraint")):
        if not row["type"]:
            continue
        item = {"type": row["type"]}
        if row["type"] != "distinctInstance" or row["expression"].strip():
            item["expression"] = row["expression"]
        constraints.append(item)
    return constraints


def _add_instances(scenario, data):
    instance_type = data.get("add_type", "")
    zone = data.get("add_zone", "").strip()
    count = number(data.get("add_count", ""))
    problems = []
    if instance_type not in INSTANCE_TYPES:
        problems.append(_problem("add_type", f"choose one of {', '.join(INSTANCE_TYPES)}"))
    if not 0 < len(zone) <= MAX_ZONE_LENGTH:
        problems.append(_problem("add_zone", f"give a zone of 1-{MAX_ZONE_LENGTH} characters"))
    if not isinstance(count, int) or not 1 <= count <= MAX_ADDED_AT_ONCE:
        problems.append(_problem("add_count", f"add 1-{MAX_ADDED_AT_ONCE} instances at a time"))
    instances = scenario.get("containerInstances", [])
    if not isinstance(instances, list):
        problems.append(
            ShownProblem(
                "containerInstances",
                "is not a list, so instances cannot be added; fix it in the JSON editor",
                "id_document",
                "Scenario JSON",
            )
        )
    if problems:
        return problems
    instances = scenario["containerInstances"] = list(instances)
    taken = {item.get("ec2InstanceId") for item in instances if isinstance(item, dict)}
    # Ids in the presets' style: i-0a1, i-0a2 ... for us-east-1a.
    prefix = f"i-0{zone[-1]}" if re.fullmatch(r"[a-z]", zone[-1]) else "i-0"
    serial = 1
    cpu, memory = INSTANCE_TYPES[instance_type]
    for _ in range(count):
        while f"{prefix}{serial}" in taken:
            serial += 1
        taken.add(f"{prefix}{serial}")
        instances.append(
            {
                "ec2InstanceId": f"{prefix}{serial}",
                "attributes": [
                    {"name": ZONE_ATTRIBUTE, "value": zone},
                    {"name": TYPE_ATTRIBUTE, "value": instance_type},
                ],
                "registeredResources": [
                    {"name": "CPU", "integerValue": cpu},
                    {"name": "MEMORY", "integerValue": memory},
                ],
            }
        )
    return []


def _remove_instance(scenario, instance_id):
    instances = scenario.get("containerInstances")
    if not isinstance(instances, list):
        return
    for index, item in enumerate(instances):
        if isinstance(item, dict) and item.get("ec2InstanceId") == instance_id:
            scenario["containerInstances"] = instances[:index] + instances[index + 1 :]
            return


def _problem(name, message):
    labels = {"add_type": "Instance type", "add_zone": "Availability Zone", "add_count": "How many"}
    return ShownProblem(None, message, f"id_{name}", labels[name])


def _text(value):
    """A JSON value as an input shows it: strings as they are, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _attribute(item, name):
    attributes = item.get("attributes")
    for entry in attributes if isinstance(attributes, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return _text(entry.get("value"))
    return ""


def _resource(item, name):
    resources = item.get("registeredResources")
    for entry in resources if isinstance(resources, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return _text(entry.get("integerValue"))
    return ""


def editor_fields(scenario, edit=None):
    """
    What the editor shows for a scenario, read defensively: the scenario may be anything a
    learner pasted, and a value the editor cannot show as a field is left to the JSON editor.
    """
    document = scenario if isinstance(scenario, dict) else {}
    task = document.get("taskDefinition")
    strategies = document.get("placementStrategy", [])
    constraints = document.get("placementConstraints", [])
    strategy_rows = [
        {"type": _text(item.get("type")), "field": _text(item.get("field"))}
        if isinstance(item, dict)
        else {"type": "", "field": _text(item)}
        for item in (strategies if isinstance(strategies, list) else [])
    ]
    constraint_rows = [
        {"type": _text(item.get("type")), "expression": _text(item.get("expression"))}
        if isinstance(item, dict)
        else {"type": "", "expression": _text(item)}
        for item in (constraints if isinstance(constraints, list) else [])
    ]
    if edit is not None:
        # A new row is blank until Run: a blank row is no strategy, so the scenario stays as it
        # was. Its first field takes focus.
        strategy_rows += [{"type": "", "field": "", "autofocus": True}] * edit.extra_strategy_rows
        constraint_rows += [
            {"type": "", "expression": "", "autofocus": True}
        ] * edit.extra_constraint_rows
    return {
        **{name: _text(document.get(key)) for name, key, _ in SCALAR_FIELDS},
        "task_editable": isinstance(task, dict),
        **{
            name: _text(task.get(key)) if isinstance(task, dict) else ""
            for name, key, _ in TASK_FIELDS
        },
        "strategies": strategy_rows,
        "strategy_rows_left": MAX_STRATEGY_ROWS - len(strategy_rows),
        "strategies_unreadable": not isinstance(strategies, list),
        "constraints": constraint_rows,
        "constraint_rows_left": MAX_CONSTRAINT_ROWS - len(constraint_rows),
        "constraints_unreadable": not isinstance(constraints, list),
        "cluster": _cluster(document.get("containerInstances")),
        "add": edit.add_fields if edit is not None else ADD_DEFAULTS,
        "choices": {
            "instance_types": INSTANCE_TYPES,
            "zones": ZONES,
            "network_modes": NETWORK_MODES,
            "strategy_types": STRATEGY_TYPES,
            "strategy_fields": STRATEGY_FIELDS,
            "constraint_types": CONSTRAINT_TYPES,
        },
        "title": _text(document.get("title")),
        "teaches": _text(document.get("teaches")),
    }


def _cluster(instances):
    if not isinstance(instances, list):
        return {"readable": False, "count": 0, "zones": []}
    zones = {}
    for item in instances[:MAX_LISTED_INSTANCES]:
        if not isinstance(item, dict):
            zones.setdefault("", []).append(
                {"id": _text(item), "type": "", "cpu": "", "memory": "", "running": 0}
            )
            continue
        zones.setdefault(_attribute(item, ZONE_ATTRIBUTE), []).append(
            {
                "id": _text(item.get("ec2InstanceId")),
                "type": _attribute(item, TYPE_ATTRIBUTE),
                "cpu": _resource(item, "CPU"),
                "memory": _resource(item, "MEMORY"),
                "running": len(item["runningTasks"])
                if isinstance(item.get("runningTasks"), list)
                else 0,
            }
        )
    return {
        "readable": True,
        "count": len(instances),
        "listed": min(len(instances), MAX_LISTED_INSTANCES),
        "zones": sorted(zones.items(), key=lambda zone: (zone[0] == "", zone[0])),
    }


def field_for(path):
    """The editor field where the value at an engine error's path is edited, as (id, label)."""
    for name, key, label in SCALAR_FIELDS:
        if path == key:
            return f"id_{name}", label
    for name, key, label in TASK_FIELDS:
        if path == f"taskDefinition.{key}":
            return f"id_{name}", label
    match = re.fullmatch(r"(placementStrategy|placementConstraints)\[(\d+)\]\.(\w+)", path)
    if match:
        kind = "strategy" if match.group(1) == "placementStrategy" else "constraint"
        row, column = int(match.group(2)), match.group(3)
        return f"{kind}-{row}-{column}", f"{kind.title()} {row + 1}, {column}"
    if path.startswith("containerInstances"):
        return "placement-cluster", "Cluster"
    return "id_document", "Scenario JSON"


def describe_problems(problems):
    shown = []
    for problem in problems:
        field_id, label = field_for(problem.path)
        shown.append(ShownProblem(problem.path, problem.message, field_id, label))
    return shown


@dataclass
class ScenarioRequest:
    """What a request asks the placement page to show and run."""

    scenario: object  # what the editor, the JSON box and the link hold
    runnable: bool  # False when the request's own scenario could not be read at all
    problems: list
    status: int = 200
    edit: Edit | None = None
    typed_text: str | None = None  # the raw editor's text, shown back when it is not JSON


def requested_scenario(params):
    """A GET: a shared link (?s=), a preset (?preset=NAME), or the default preset."""
    try:
        if params.get("s"):
            return ScenarioRequest(decode_scenario(params["s"]), True, [])
        return ScenarioRequest(load_preset(params.get("preset") or DEFAULT_PRESET), True, [])
    except InvalidInput as invalid:
        problems = [ShownProblem(None, problem.message) for problem in invalid.problems]
        return ScenarioRequest({}, False, problems, status=400)
    except UnknownPreset:
        names = ", ".join(name for name, _ in preset_choices())
        message = f"There is no preset named {params['preset'][:64]!r}; the presets are {names}."
        return ScenarioRequest({}, False, [ShownProblem(None, message, "id_preset", "Preset")], 404)


def posted_scenario(data):
    """
    A POST: the raw editor's text replaces the scenario; any other button edits the one the
    page saved in its hidden field.
    """
    problems = []
    try:
        saved = load_document(data.get("scenario", "{}"))
    except InvalidInput as invalid:
        saved = {}
        problems = [
            ShownProblem(None, f"The page's saved scenario was lost ({problem.message}).")
            for problem in invalid.problems
        ]
    if data.get("action") != "run-json":
        edit = edit_scenario(saved, data)
        return ScenarioRequest(edit.scenario, True, problems + edit.problems, edit=edit)
    text = data.get("document", "")
    try:
        return ScenarioRequest(load_document(text), True, problems)
    except InvalidInput as invalid:
        problems += [
            ShownProblem(problem.path, problem.message, "id_document", "Scenario JSON")
            for problem in invalid.problems
        ]
        return ScenarioRequest(saved, False, problems, typed_text=text)
