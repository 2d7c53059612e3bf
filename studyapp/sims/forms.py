"""
The Fargate, capacity and rolling update pages' forms: each reads its fields into the document
its engine takes (the same JSON the API and the command accept) and maps the engine's error
paths back to the fields that hold them.

The engines stay the only validators. A number field becomes a JSON number when it reads as one
and is otherwise passed on as typed, so a mistake is reported with the JSON path the API would
name, and the page links that path to the field.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from studyapp.core.numbers import whole_number
from studyapp.sims.documents import load_document
from studyapp.sims.validation import InvalidInput, Problem

# Longer text cannot be a number anyone means, and int() on it would meet Python's digit limit.
MAX_NUMBER_TEXT = 32
MAX_PROVIDER_ROWS = 20


def sample_task_definition():
    """
    The two-container Fargate task definition of content/topics/task-definitions.md ("The
    example task definition"), kept in content/samples/; tests/sims/test_pages.py checks that
    the two stay the same.
    """
    return (Path(settings.CONTENT_DIR) / "samples" / "fargate-task-definition.json").read_text(
        encoding="utf-8"
    )


PLATFORMS = (
    ("", "As in the task definition"),
    ("LINUX/X86_64", "Linux on x86"),
    ("LINUX/ARM64", "Linux on Graviton (ARM64)"),
    ("WINDOWS_SERVER_2022_CORE/X86_64", "Windows Server 2022 Core on x86"),
)
ARCHITECTURES = (("X86_64", "x86"), ("ARM64", "Graviton (ARM64)"))


def number(text):
    """
    The JSON value a number field stands for: None when blank, an int or a float when the text
    reads as one, otherwise the text itself, for the engine to refuse with its path.
    """
    text = text.strip()
    if not text or len(text) > MAX_NUMBER_TEXT:
        return text or None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def set_or_drop(document, key, value):
    """A blank field leaves its key out, so the engine applies its documented default."""
    if value is None:
        document.pop(key, None)
    else:
        document[key] = value


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    default: str = ""

    @property
    def id(self):
        return f"id_{self.name}"


@dataclass(frozen=True)
class ShownProblem:
    """A problem or finding as the page shows it: the path, and the field to fix when known."""

    path: str | None
    message: str
    field_id: str | None = None
    field_label: str | None = None
    severity: str = "error"


class SimulatorForm:
    """
    A page's fields as typed (strings, so they re-render exactly), the document they make, and
    where each JSON path of that document is edited on the page.
    """

    fields = ()
    paths = {}

    def __init__(self, data=None):
        self.bound = data is not None
        self.values = {
            field.name: data.get(field.name, "") if self.bound else field.default
            for field in self.fields
        }

    def field(self, name):
        return next(field for field in self.fields if field.name == name)

    def describe(self, problems):
        return [self.shown(problem.path, problem.message) for problem in problems]

    def shown(self, path, message, severity="error"):
        name = self.paths.get(path)
        if name is None:
            return ShownProblem(path, message, severity=severity)
        field = self.field(name)
        return ShownProblem(path, message, field.id, field.label, severity)


class FargateForm(SimulatorForm):
    """
    The paste box holds a task definition (or describe-task-definition output, whose
    `taskDefinition` member is used); the size and platform fields override its own values when
    filled, so a learner can try sizes without editing the JSON.
    """

    fields = (
        Field("cpu", "Task CPU"),
        Field("memory", "Task memory"),
        Field("platform", "Operating system and CPU"),
        Field("desired_count", "Desired count", "2"),
        Field("spot_discount", "Spot discount (%)", "70"),
        Field("task_definition", "Task definition JSON"),
    )
    platforms = PLATFORMS

    def __init__(self, data=None):
        super().__init__(data)
        if not self.bound:
            self.values["task_definition"] = sample_task_definition()
        self.pasted_envelope = False
        self.task_definition = None

    def document(self):
        try:
            pasted = load_document(self.values["task_definition"])
        except InvalidInput as invalid:
            raise InvalidInput(
                Problem("taskDefinition", problem.message) for problem in invalid.problems
            ) from None
        self.pasted_envelope = isinstance(pasted, dict) and "taskDefinition" in pasted
        task_definition = pasted["taskDefinition"] if self.pasted_envelope else pasted
        if isinstance(task_definition, dict):
            task_definition = {**task_definition, **self.overrides()}
        self.task_definition = task_definition
        document = {"taskDefinition": task_definition}
        set_or_drop(document, "desiredCount", number(self.values["desired_count"]))
        set_or_drop(document, "spotDiscount", _fraction(self.values["spot_discount"]))
        return document

    def overrides(self):
        overrides = {}
        for name in ("cpu", "memory"):
            if self.values[name].strip():
                overrides[name] = self.values[name].strip()
        if self.values["platform"]:
            family, _, architecture = self.values["platform"].partition("/")
            overrides["runtimePlatform"] = {
                "operatingSystemFamily": family,
                "cpuArchitecture": architecture or "X86_64",
            }
        return overrides

    def shown(self, path, message, severity="error"):
        name = {"desiredCount": "desired_count", "spotDiscount": "spot_discount"}.get(path)
        if name is None and path.startswith("taskDefinition"):
            inside = path.removeprefix("taskDefinition").removeprefix(".")
            top = re.match(r"[A-Za-z]*", inside).group()
            overridden = {"cpu": "cpu", "memory": "memory", "runtimePlatform": "platform"}
            name = overridden.get(top, "task_definition")
            if name != "task_definition" and not self.values[name].strip():
                name = "task_definition"
            if not self.pasted_envelope:
                path = inside
        if name is None:
            return ShownProblem(path, message, severity=severity)
        field = self.field(name)
        return ShownProblem(path, message, field.id, field.label, severity)

    def findings(self, result):
        return [
            self.shown(finding["path"], finding["message"], finding["severity"])
            for finding in result["findings"]
        ]

    def checked_json(self):
        """The task definition as the engine saw it, overrides applied, for the learner to copy."""
        return json.dumps(self.task_definition, indent=2)


def _fraction(percent_text):
    """The form asks for a percentage; the API's spotDiscount is a fraction (70 % is 0.7)."""
    value = number(percent_text)
    if isinstance(value, int | float):
        return round(value / 100, 6)
    return value


class CapacityForm(SimulatorForm):
    """
    The strategy is a list of rows (provider, base, weight) repeated in the form; a row left
    blank is skipped. "Add a provider" and "Remove" are submit buttons, so the rows can be
    edited without JavaScript, and with htmx the same buttons re-render the form in place.
    """

    fields = (
        Field("desired_count", "Desired count", "10"),
        Field("cpu", "Task CPU", "1024"),
        Field("memory", "Task memory", "2048"),
        Field("cpu_architecture", "CPU architecture", "X86_64"),
        Field("spot_discount", "Spot discount (%)", "70"),
    )
    paths = {
        "desiredCount": "desired_count",
        "cpu": "cpu",
        "memory": "memory",
        "cpuArchitecture": "cpu_architecture",
        "spotDiscount": "spot_discount",
    }
    architectures = ARCHITECTURES
    default_rows = (
        {"provider": "FARGATE", "base": "2", "weight": "1"},
        {"provider": "FARGATE_SPOT", "base": "", "weight": "3"},
    )

    def __init__(self, data=None):
        super().__init__(data)
        # After "Add a provider" the new row's first input takes focus; after "Remove", the
        # add button, since the pressed button is gone.
        self.focus_row = None
        self.focus_add = False
        self._item_rows = []
        if not self.bound:
            self.rows = [dict(row) for row in self.default_rows]
            return
        columns = [data.getlist(name) for name in ("provider", "base", "weight")]
        self.rows = [
            {"provider": provider, "base": base, "weight": weight}
            for provider, base, weight in zip(*columns, strict=False)
        ]
        removed = whole_number(data.get("remove-provider", ""))
        if removed is not None and removed < len(self.rows):
            del self.rows[removed]
            self.focus_add = True
        elif data.get("action") == "add-provider" and len(self.rows) < MAX_PROVIDER_ROWS:
            self.rows.append({"provider": "", "base": "", "weight": ""})
            self.focus_row = len(self.rows) - 1

    @property
    def can_add_row(self):
        return len(self.rows) < MAX_PROVIDER_ROWS

    def document(self):
        strategy = []
        self._item_rows = []
        for index, row in enumerate(self.rows):
            if not any(value.strip() for value in row.values()):
                continue
            item = {"capacityProvider": row["provider"].strip()}
            set_or_drop(item, "base", number(row["base"]))
            set_or_drop(item, "weight", number(row["weight"]))
            strategy.append(item)
            self._item_rows.append(index)
        document = {"capacityProviderStrategy": strategy}
        set_or_drop(document, "desiredCount", number(self.values["desired_count"]))
        for name, key in (("cpu", "cpu"), ("memory", "memory")):
            set_or_drop(document, key, self.values[name].strip() or None)
        set_or_drop(document, "cpuArchitecture", self.values["cpu_architecture"] or None)
        set_or_drop(document, "spotDiscount", _fraction(self.values["spot_discount"]))
        return document

    def shown(self, path, message, severity="error"):
        match = re.fullmatch(r"capacityProviderStrategy\[(\d+)\]\.(\w+)", path)
        if match and int(match.group(1)) < len(self._item_rows):
            row = self._item_rows[int(match.group(1))]
            key = {"capacityProvider": "provider"}.get(match.group(2), match.group(2))
            return ShownProblem(
                path, message, f"id_{key}_{row}", f"Provider {row + 1}, {key}", severity
            )
        if path.startswith("capacityProviderStrategy"):
            return ShownProblem(path, message, "capacity-strategy", "Strategy", severity)
        return super().shown(path, message, severity)


class RollingForm(SimulatorForm):
    fields = (
        Field("desired_count", "Desired count", "4"),
        Field("minimum_healthy_percent", "minimumHealthyPercent", "50"),
        Field("maximum_percent", "maximumPercent", "200"),
        Field("start_seconds", "Launch to RUNNING"),
        Field("healthy_seconds", "RUNNING to healthy"),
        Field("stop_seconds", "Stop to STOPPED"),
        Field("failing_new_tasks", "How many of the first new tasks fail to start", "0"),
        Field("all_fail", "Every new task fails (a broken image)"),
        Field("circuit_breaker", "Deployment circuit breaker"),
        Field("rollback", "Roll back when it trips"),
    )
    paths = {
        "desiredCount": "desired_count",
        "deploymentConfiguration.minimumHealthyPercent": "minimum_healthy_percent",
        "deploymentConfiguration.maximumPercent": "maximum_percent",
        "deploymentConfiguration.deploymentCircuitBreaker.enable": "circuit_breaker",
        "deploymentConfiguration.deploymentCircuitBreaker.rollback": "rollback",
        "timing.startSeconds": "start_seconds",
        "timing.healthySeconds": "healthy_seconds",
        "timing.stopSeconds": "stop_seconds",
        "failingNewTasks": "failing_new_tasks",
    }

    def document(self):
        configuration = {}
        set_or_drop(
            configuration, "minimumHealthyPercent", number(self.values["minimum_healthy_percent"])
        )
        set_or_drop(configuration, "maximumPercent", number(self.values["maximum_percent"]))
        configuration["deploymentCircuitBreaker"] = {
            "enable": bool(self.values["circuit_breaker"]),
            "rollback": bool(self.values["rollback"]),
        }
        timing = {}
        for name, key in (
            ("start_seconds", "startSeconds"),
            ("healthy_seconds", "healthySeconds"),
            ("stop_seconds", "stopSeconds"),
        ):
            set_or_drop(timing, key, number(self.values[name]))
        document = {"deploymentConfiguration": configuration}
        set_or_drop(document, "desiredCount", number(self.values["desired_count"]))
        if timing:
            document["timing"] = timing
        failing = "all" if self.values["all_fail"] else number(self.values["failing_new_tasks"])
        set_or_drop(document, "failingNewTasks", failing)
        return document
