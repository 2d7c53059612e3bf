"""
The Fargate, capacity, rolling update and blue/green pages' forms: Django forms whose fields
hold what the learner typed, read into the document the engine takes (the same JSON the API and
the command accept); the engine's problems come back as errors on the fields that hold them.

The engines stay the only validators: every field is a plain text (or checkbox) field that
Django accepts as typed. A number field becomes a JSON number when it reads as one and is
otherwise passed on as typed, so a mistake is reported with the JSON path the API would name,
and the page links that path to the field.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings

from studyapp.sims.bluegreen.engine import PREDEFINED as BLUE_GREEN_CONFIGS
from studyapp.sims.bluegreen.timeline import CODE_DEPLOY_HOOKS, ECS_HOOK_STAGES
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
    # int() and float() also read "1_000" and other scripts' digits, which JSON, and so the
    # API, refuses: the page reads numbers as the API does.
    if not text.isascii() or "_" in text:
        return text
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


def shown_text(value):
    """A document's value as a field shows it: blank for none, text as it is, else its JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def shown_percent(fraction):
    """The form asks for a percentage; the API's spotDiscount is a fraction (0.7 is 70 %)."""
    if isinstance(fraction, int | float) and not isinstance(fraction, bool):
        return f"{fraction * 100:.6g}"
    return shown_text(fraction)


def member(document, key):
    """A member that is itself an object, or an empty one: a link's scenario may hold anything."""
    value = document.get(key) if isinstance(document, dict) else None
    return value if isinstance(value, dict) else {}


def typed(label, *, initial="", bounds=None, **attrs):
    """
    A field kept exactly as typed (the engine judges it): a number box when `bounds` gives its
    (min, max), a text box otherwise. `attrs` become the input's attributes (aria_describedby
    is aria-describedby).
    """
    attrs = {name.replace("_", "-"): value for name, value in attrs.items()}
    if bounds is not None:
        low, high = bounds
        widget = forms.NumberInput(attrs={"min": low, "max": high, "step": 1, **attrs})
    else:
        widget = forms.TextInput(
            attrs={"maxlength": MAX_NUMBER_TEXT, "autocomplete": "off", **attrs}
        )
    return forms.CharField(label=label, initial=initial, required=False, strip=False, widget=widget)


def menu(label, choices, initial=""):
    """A select whose value is passed on as chosen: an unlisted one is the engine's to refuse."""
    return forms.CharField(
        label=label, initial=initial, required=False, widget=forms.Select(choices=choices)
    )


def checkbox(label):
    return forms.BooleanField(label=label, required=False)


@dataclass(frozen=True)
class ShownProblem:
    """A problem or finding as the page shows it: the path, and the field to fix when known."""

    path: str | None
    message: str
    field_id: str | None = None
    field_label: str | None = None
    severity: str = "error"


class SimulatorForm(forms.Form):
    """
    A page's fields, the document they make, and where each JSON path of that document is
    edited on the page (`paths`: path to field name).
    """

    paths = {}

    @classmethod
    def from_document(cls, document):
        """
        The form bound to the fields that write `document` (a link's scenario, ?s=), so the
        learner sees that scenario in the fields and can go on editing it. Each page's form
        says which field holds which member in `fields_for`.
        """
        return cls(cls.fields_for(document if isinstance(document, dict) else {}))

    def values(self):
        """What each field holds: as typed once posted, else its initial value."""
        if not self.is_bound:
            return {
                name: self.get_initial_for_field(field, name) for name, field in self.fields.items()
            }
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}

    def describe(self, problems):
        """The engine's problems for the page's summary; each also becomes its field's error."""
        shown = [self.shown(problem.path, problem.message) for problem in problems]
        for problem in shown:
            self.mark(problem)
        return shown

    def mark(self, problem):
        name = self.field_named(problem.field_id)
        if self.is_bound and name is not None and problem.severity == "error":
            self.add_error(name, problem.message)

    def field_named(self, field_id):
        return next((name for name in self.fields if self[name].auto_id == field_id), None)

    def shown(self, path, message, severity="error"):
        name = self.paths.get(path)
        if name is None:
            return ShownProblem(path, message, severity=severity)
        return self.pointing_at(name, path, message, severity)

    def pointing_at(self, name, path, message, severity="error"):
        field = self[name]
        return ShownProblem(path, message, field.auto_id, field.label, severity)


RUN_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600}


class FargateForm(SimulatorForm):
    """
    The paste box holds a task definition (or describe-task-definition output, whose
    `taskDefinition` member is used); the size and platform fields override its own values when
    filled, so a learner can try sizes without editing the JSON.
    """

    cpu = typed("Task CPU", placeholder="e.g. 256 or 1 vCPU", aria_describedby="size-help")
    memory = typed("Task memory", placeholder="e.g. 4096 or 4 GB", aria_describedby="size-help")
    platform = menu("Operating system and CPU", PLATFORMS)
    desired_count = typed("Desired count", initial="2", bounds=(0, 1000))
    spot_discount = typed(
        "Spot discount (%)", initial="70", bounds=(0, 70), aria_describedby="spot-help"
    )
    run_length = typed(
        "Each task runs for",
        bounds=(1, 31_536_000),
        placeholder="e.g. 90",
        aria_describedby="run-help",
    )
    run_unit = menu("Unit", [(unit, unit) for unit in RUN_UNITS], "minutes")
    task_definition = forms.CharField(
        label="Task definition JSON",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "class": "sim-code",
                "rows": 22,
                "spellcheck": "false",
                "autocomplete": "off",
                "aria-describedby": "json-help",
            }
        ),
    )

    def __init__(self, data=None):
        super().__init__(data, initial={"task_definition": sample_task_definition()})
        self.pasted_envelope = False
        self.task_definition = None

    @classmethod
    def fields_for(cls, document):
        envelope = "taskDefinition" in document
        task_definition = document["taskDefinition"] if envelope else document
        return {
            "task_definition": json.dumps(task_definition, indent=2, ensure_ascii=False),
            "desired_count": shown_text(document.get("desiredCount")) if envelope else "",
            "spot_discount": shown_percent(document.get("spotDiscount")) if envelope else "",
            "run_length": shown_text(document.get("runSeconds")) if envelope else "",
            "run_unit": "seconds",
        }

    def document(self):
        values = self.values()
        try:
            pasted = load_document(values["task_definition"])
        except InvalidInput as invalid:
            raise InvalidInput(
                Problem("taskDefinition", problem.message) for problem in invalid.problems
            ) from None
        self.pasted_envelope = isinstance(pasted, dict) and "taskDefinition" in pasted
        task_definition = pasted["taskDefinition"] if self.pasted_envelope else pasted
        if isinstance(task_definition, dict):
            task_definition = {**task_definition, **self.overrides(values)}
        self.task_definition = task_definition
        document = {"taskDefinition": task_definition}
        set_or_drop(document, "desiredCount", number(values["desired_count"]))
        set_or_drop(document, "spotDiscount", _fraction(values["spot_discount"]))
        set_or_drop(document, "runSeconds", _seconds(values["run_length"], values["run_unit"]))
        return document

    def overrides(self, values):
        overrides = {}
        for name in ("cpu", "memory"):
            if values[name].strip():
                overrides[name] = values[name].strip()
        if values["platform"]:
            family, _, architecture = values["platform"].partition("/")
            overrides["runtimePlatform"] = {
                "operatingSystemFamily": family,
                "cpuArchitecture": architecture or "X86_64",
            }
        return overrides

    def shown(self, path, message, severity="error"):
        name = {
            "desiredCount": "desired_count",
            "spotDiscount": "spot_discount",
            "runSeconds": "run_length",
        }.get(path)
        if name is None and path.startswith("taskDefinition"):
            inside = path.removeprefix("taskDefinition").removeprefix(".")
            top = re.match(r"[A-Za-z]*", inside).group()
            overridden = {"cpu": "cpu", "memory": "memory", "runtimePlatform": "platform"}
            name = overridden.get(top, "task_definition")
            if name != "task_definition" and not self.values()[name].strip():
                name = "task_definition"
            if not self.pasted_envelope:
                path = inside
        if name is None:
            return ShownProblem(path, message, severity=severity)
        return self.pointing_at(name, path, message, severity)

    def findings(self, result):
        return [
            self.shown(finding["path"], finding["message"], finding["severity"])
            for finding in result["findings"]
        ]

    def checked_json(self):
        """The task definition as the engine saw it, overrides applied, for the learner to copy."""
        return json.dumps(self.task_definition, indent=2)


def _seconds(length_text, unit):
    """The form takes a run's length in seconds, minutes or hours; the API's runSeconds is
    seconds. Anything else is passed on as typed for the engine to refuse."""
    value = number(length_text)
    if isinstance(value, int | float) and unit in RUN_UNITS:
        return value * RUN_UNITS[unit]
    return value


def _fraction(percent_text):
    """The form asks for a percentage; the API's spotDiscount is a fraction (70 % is 0.7)."""
    value = number(percent_text)
    if isinstance(value, int | float):
        return round(value / 100, 6)
    return value


class ProviderRowForm(forms.Form):
    """One capacityProviderStrategy item; a row left blank is skipped."""

    provider = typed("Provider", maxlength=255, list="capacity-providers")
    base = typed("base", bounds=(0, 100_000), placeholder="0")
    weight = typed("weight", bounds=(0, 1000), placeholder="0")

    def values(self):
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


ProviderRows = forms.formset_factory(
    ProviderRowForm, extra=0, max_num=MAX_PROVIDER_ROWS, absolute_max=MAX_PROVIDER_ROWS
)
PROVIDER_ROWS_PREFIX = "providers"
DEFAULT_PROVIDER_ROWS = (
    {"provider": "FARGATE", "base": "2", "weight": "1"},
    {"provider": "FARGATE_SPOT", "base": "", "weight": "3"},
)


def _posted_rows(data):
    """
    The rows as posted, after the row a "Remove" button names is taken out, the change made,
    and why the rows cannot be read (None when they can): rows are never dropped unsaid.
    """
    posted = ProviderRows(data, prefix=PROVIDER_ROWS_PREFIX)
    if not posted.management_form.is_valid():
        return (
            [],
            None,
            (
                f"the provider rows came without their count ({PROVIDER_ROWS_PREFIX}-TOTAL_FORMS, "
                "a whole number); reload the page and try again"
            ),
        )
    if posted.management_form.cleaned_data["TOTAL_FORMS"] > MAX_PROVIDER_ROWS:
        return [], None, f"at most {MAX_PROVIDER_ROWS} provider rows can be simulated"
    rows = [row.values() for row in posted.forms]
    removed = number(data.get("remove-provider", ""))
    if isinstance(removed, int) and 0 <= removed < len(rows):
        del rows[removed]
        return rows, "removed", None
    if data.get("action") == "add-provider" and len(rows) < MAX_PROVIDER_ROWS:
        rows.append({"provider": "", "base": "", "weight": ""})
        return rows, "added", None
    return rows, None, None


def _bound_rows(rows):
    """A formset bound to `rows`, renumbered, so errors can be put on the row that holds them."""
    data = {
        f"{PROVIDER_ROWS_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PROVIDER_ROWS_PREFIX}-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{PROVIDER_ROWS_PREFIX}-{index}-{name}"] = value
    return ProviderRows(data, prefix=PROVIDER_ROWS_PREFIX)


class CapacityForm(SimulatorForm):
    """
    The strategy is a formset of rows (provider, base, weight); a row left blank is skipped.
    "Add a provider" and "Remove" are submit buttons, so the rows can be edited without
    JavaScript, and with htmx the same buttons re-render the form in place.
    """

    desired_count = typed("Desired count", initial="10", bounds=(0, 1000))
    cpu = typed(
        "Task CPU", initial="1024", placeholder="e.g. 1024 or 1 vCPU", aria_describedby="size-help"
    )
    memory = typed(
        "Task memory", initial="2048", placeholder="e.g. 2048 or 2 GB", aria_describedby="size-help"
    )
    cpu_architecture = menu("CPU architecture", ARCHITECTURES, "X86_64")
    spot_discount = typed("Spot discount (%)", initial="70", bounds=(0, 70))
    paths = {
        "desiredCount": "desired_count",
        "cpu": "cpu",
        "memory": "memory",
        "cpuArchitecture": "cpu_architecture",
        "spotDiscount": "spot_discount",
    }

    def __init__(self, data=None):
        super().__init__(data)
        # After "Add a provider" the new row's first input takes focus; after "Remove", the
        # add button, since the pressed button is gone.
        self.focus_add = False
        self._item_rows = []
        rows, change, self.rows_refused = (
            (DEFAULT_PROVIDER_ROWS, None, None) if data is None else _posted_rows(data)
        )
        self.rows = _bound_rows(rows)
        self.focus_add = change == "removed"
        for index, row in enumerate(self.rows.forms):
            row.fields["provider"].label = f"Provider {index + 1}"
            for name in ("base", "weight"):
                row.fields[name].label = f"Provider {index + 1} {name}"
            if change == "added" and index == len(rows) - 1:
                row.fields["provider"].widget.attrs["autofocus"] = True

    @classmethod
    def fields_for(cls, document):
        strategy = document.get("capacityProviderStrategy")
        items = strategy[:MAX_PROVIDER_ROWS] if isinstance(strategy, list) else []
        rows = [
            {
                "provider": shown_text(item.get("capacityProvider")),
                "base": shown_text(item.get("base")),
                "weight": shown_text(item.get("weight")),
            }
            for item in (item if isinstance(item, dict) else {} for item in items)
        ]
        data = _bound_rows(rows).data.copy()
        data.update(
            {
                "desired_count": shown_text(document.get("desiredCount")),
                "cpu": shown_text(document.get("cpu")),
                "memory": shown_text(document.get("memory")),
                "cpu_architecture": shown_text(document.get("cpuArchitecture")),
                "spot_discount": shown_percent(document.get("spotDiscount")),
            }
        )
        return data

    @property
    def can_add_row(self):
        return self.rows.total_form_count() < MAX_PROVIDER_ROWS

    def document(self):
        if self.rows_refused:
            raise InvalidInput([Problem("capacityProviderStrategy", self.rows_refused)])
        strategy = []
        self._item_rows = []
        for index, row in enumerate(self.rows.forms):
            values = row.values()
            if not any(value.strip() for value in values.values()):
                continue
            item = {"capacityProvider": values["provider"].strip()}
            set_or_drop(item, "base", number(values["base"]))
            set_or_drop(item, "weight", number(values["weight"]))
            strategy.append(item)
            self._item_rows.append(index)
        values = self.values()
        document = {"capacityProviderStrategy": strategy}
        set_or_drop(document, "desiredCount", number(values["desired_count"]))
        for name in ("cpu", "memory"):
            set_or_drop(document, name, values[name].strip() or None)
        set_or_drop(document, "cpuArchitecture", values["cpu_architecture"] or None)
        set_or_drop(document, "spotDiscount", _fraction(values["spot_discount"]))
        return document

    def shown(self, path, message, severity="error"):
        match = re.fullmatch(r"capacityProviderStrategy\[(\d+)\]\.(\w+)", path)
        if match and int(match.group(1)) < len(self._item_rows):
            row = self._item_rows[int(match.group(1))]
            key = {"capacityProvider": "provider"}.get(match.group(2), match.group(2))
            if key in ProviderRowForm.base_fields:
                field = self.rows.forms[row][key]
                return ShownProblem(
                    path, message, field.auto_id, f"Provider {row + 1}, {key}", severity
                )
        if path.startswith("capacityProviderStrategy"):
            return ShownProblem(path, message, "capacity-strategy", "Strategy", severity)
        return super().shown(path, message, severity)

    def mark(self, problem):
        for row in self.rows.forms:
            for name in row.fields:
                if row[name].auto_id == problem.field_id:
                    row.add_error(name, problem.message)
                    return
        super().mark(problem)


class RollingForm(SimulatorForm):
    desired_count = typed("Desired count", initial="4", bounds=(1, 1000))
    minimum_healthy_percent = typed(
        "minimumHealthyPercent", initial="50", bounds=(0, 100), placeholder="100"
    )
    maximum_percent = typed("maximumPercent", initial="200", bounds=(100, 1000), placeholder="200")
    circuit_breaker = checkbox("Deployment circuit breaker")
    rollback = checkbox("Roll back when it trips")
    threshold_type = menu(
        "Failure threshold type",
        [(kind, kind) for kind in ("BOUNDED_PERCENT", "UNBOUNDED_PERCENT", "COUNT")],
        "BOUNDED_PERCENT",
    )
    threshold_value = typed("Failure threshold value", bounds=(1, 10_000), placeholder="50")
    start_seconds = typed("Launch to RUNNING", bounds=(0, 3600), placeholder="30")
    healthy_seconds = typed("RUNNING to healthy", bounds=(0, 3600), placeholder="40")
    stop_seconds = typed("Stop to STOPPED", bounds=(0, 3600), placeholder="30")
    failing_new_tasks = typed(
        "How many of the first new tasks fail to start", initial="0", bounds=(0, 10_000)
    )
    all_fail = checkbox("Every new task fails (a broken image)")
    paths = {
        "desiredCount": "desired_count",
        "deploymentConfiguration.minimumHealthyPercent": "minimum_healthy_percent",
        "deploymentConfiguration.maximumPercent": "maximum_percent",
        "deploymentConfiguration.deploymentCircuitBreaker.enable": "circuit_breaker",
        "deploymentConfiguration.deploymentCircuitBreaker.rollback": "rollback",
        "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type": (
            "threshold_type"
        ),
        "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value": (
            "threshold_value"
        ),
        "timing.startSeconds": "start_seconds",
        "timing.healthySeconds": "healthy_seconds",
        "timing.stopSeconds": "stop_seconds",
        "failingNewTasks": "failing_new_tasks",
    }

    @classmethod
    def fields_for(cls, document):
        configuration = member(document, "deploymentConfiguration")
        breaker = member(configuration, "deploymentCircuitBreaker")
        threshold = member(breaker, "thresholdConfiguration")
        timing = member(document, "timing")
        failing = document.get("failingNewTasks")
        data = {
            "desired_count": shown_text(document.get("desiredCount")),
            "minimum_healthy_percent": shown_text(configuration.get("minimumHealthyPercent")),
            "maximum_percent": shown_text(configuration.get("maximumPercent")),
            "threshold_type": shown_text(threshold.get("type")),
            "threshold_value": shown_text(threshold.get("value")),
            "start_seconds": shown_text(timing.get("startSeconds")),
            "healthy_seconds": shown_text(timing.get("healthySeconds")),
            "stop_seconds": shown_text(timing.get("stopSeconds")),
            "failing_new_tasks": "" if failing == "all" else shown_text(failing),
        }
        # A checkbox is posted only when ticked.
        for name, ticked in (
            ("circuit_breaker", breaker.get("enable") is True),
            ("rollback", breaker.get("rollback") is True),
            ("all_fail", failing == "all"),
        ):
            if ticked:
                data[name] = "on"
        return data

    def document(self):
        values = self.values()
        configuration = {}
        set_or_drop(
            configuration, "minimumHealthyPercent", number(values["minimum_healthy_percent"])
        )
        set_or_drop(configuration, "maximumPercent", number(values["maximum_percent"]))
        threshold = {}
        set_or_drop(threshold, "type", values["threshold_type"] or None)
        set_or_drop(threshold, "value", number(values["threshold_value"]))
        configuration["deploymentCircuitBreaker"] = {
            "enable": bool(values["circuit_breaker"]),
            "rollback": bool(values["rollback"]),
            "thresholdConfiguration": threshold,
        }
        timing = {}
        for name, key in (
            ("start_seconds", "startSeconds"),
            ("healthy_seconds", "healthySeconds"),
            ("stop_seconds", "stopSeconds"),
        ):
            set_or_drop(timing, key, number(values[name]))
        document = {"deploymentConfiguration": configuration}
        set_or_drop(document, "desiredCount", number(values["desired_count"]))
        if timing:
            document["timing"] = timing
        failing = "all" if values["all_fail"] else number(values["failing_new_tasks"])
        set_or_drop(document, "failingNewTasks", failing)
        return document


BLUE_GREEN_HOOKS = {"CODE_DEPLOY": CODE_DEPLOY_HOOKS, "ECS": ECS_HOOK_STAGES}
HOOK_STATUSES = {
    "CODE_DEPLOY": (("", "No hook"), ("Succeeded", "Succeeded"), ("Failed", "Failed")),
    "ECS": (("", "No hook"), ("SUCCEEDED", "SUCCEEDED"), ("FAILED", "FAILED")),
}
CONTROLLER_CHOICES = (
    ("CODE_DEPLOY", "CodeDeploy (CODE_DEPLOY)"),
    ("ECS", "ECS blue/green (ECS, BLUE_GREEN)"),
)
CUSTOM_ROUTINGS = {"TimeBasedCanary": "canary", "TimeBasedLinear": "linear"}
CONFIG_CHOICES = (
    *((name, name.removeprefix("CodeDeployDefault.")) for name in BLUE_GREEN_CONFIGS),
    ("TimeBasedCanary", "Custom canary"),
    ("TimeBasedLinear", "Custom linear"),
)


class BlueGreenForm(SimulatorForm):
    """
    Both controllers' fields on one form; the document holds only the chosen controller's, so
    the engine never sees a CodeDeploy setting on an ECS deployment from the page. A document
    (a preset or a shared link) fills the form through `data_for`.
    """

    deployment_controller = menu("Deployment controller", CONTROLLER_CHOICES, "CODE_DEPLOY")
    desired_count = typed("Desired count", initial="4", bounds=(1, 1000))
    test_listener = checkbox("Test listener (test traffic reaches green first)")
    deployment_config_name = menu(
        "Deployment configuration",
        CONFIG_CHOICES,
        "CodeDeployDefault.ECSCanary10Percent5Minutes",
    )
    custom_percentage = typed(
        "Custom: percentage per shift", bounds=(1, 99), aria_describedby="custom-help"
    )
    custom_interval = typed(
        "Custom: minutes between shifts", bounds=(1, 2880), aria_describedby="custom-help"
    )
    termination_wait = typed("terminationWaitTimeInMinutes", bounds=(0, 2880), placeholder="5")
    bake_time = typed("bakeTimeInMinutes", initial="10", bounds=(0, 1440))
    alarm_at_minute = typed("CloudWatch alarm enters ALARM at minute", bounds=(1, 100_000))
    scale_up_minutes = typed("Green tasks start (minutes)", bounds=(0, 60), placeholder="2")
    hook_minutes = typed("Each hook runs (minutes)", bounds=(0, 60), placeholder="1")

    paths = {
        "deploymentController": "deployment_controller",
        "desiredCount": "desired_count",
        "testListener": "test_listener",
        "deploymentConfigName": "deployment_config_name",
        "trafficRoutingConfig": "deployment_config_name",
        "trafficRoutingConfig.type": "deployment_config_name",
        "trafficRoutingConfig.timeBasedCanary.canaryPercentage": "custom_percentage",
        "trafficRoutingConfig.timeBasedCanary.canaryInterval": "custom_interval",
        "trafficRoutingConfig.timeBasedLinear.linearPercentage": "custom_percentage",
        "trafficRoutingConfig.timeBasedLinear.linearInterval": "custom_interval",
        "terminationWaitTimeInMinutes": "termination_wait",
        "bakeTimeInMinutes": "bake_time",
        "alarmAtMinute": "alarm_at_minute",
        "timing.scaleUpMinutes": "scale_up_minutes",
        "timing.hookMinutes": "hook_minutes",
        **{f"hooks.{name}": f"hook_{name}" for name in BLUE_GREEN_HOOKS["CODE_DEPLOY"]},
        **{f"hooks.{name}": f"hook_{name}" for name in BLUE_GREEN_HOOKS["ECS"]},
    }

    def __init__(self, data=None):
        super().__init__(data)
        for controller, names in BLUE_GREEN_HOOKS.items():
            for name in names:
                self.fields[f"hook_{name}"] = menu(name, HOOK_STATUSES[controller])

    def hook_fields(self, controller):
        return [self[f"hook_{name}"] for name in BLUE_GREEN_HOOKS[controller]]

    def document(self):
        values = self.values()
        controller = values["deployment_controller"] or "CODE_DEPLOY"
        document = {"deploymentController": controller}
        set_or_drop(document, "desiredCount", number(values["desired_count"]))
        document["testListener"] = bool(values["test_listener"])
        if controller == "ECS":
            set_or_drop(document, "bakeTimeInMinutes", number(values["bake_time"]))
        else:
            self._routing(document, values)
            set_or_drop(
                document, "terminationWaitTimeInMinutes", number(values["termination_wait"])
            )
        hooks = {
            name: values[f"hook_{name}"]
            for name in BLUE_GREEN_HOOKS.get(controller, ())
            if values[f"hook_{name}"]
        }
        if hooks:
            document["hooks"] = hooks
        set_or_drop(document, "alarmAtMinute", number(values["alarm_at_minute"]))
        timing = {}
        set_or_drop(timing, "scaleUpMinutes", number(values["scale_up_minutes"]))
        set_or_drop(timing, "hookMinutes", number(values["hook_minutes"]))
        if timing:
            document["timing"] = timing
        return document

    @staticmethod
    def _routing(document, values):
        config = values["deployment_config_name"]
        prefix = CUSTOM_ROUTINGS.get(config)
        if prefix is None:
            set_or_drop(document, "deploymentConfigName", config or None)
            return
        member = {}
        set_or_drop(member, f"{prefix}Percentage", number(values["custom_percentage"]))
        set_or_drop(member, f"{prefix}Interval", number(values["custom_interval"]))
        document["trafficRoutingConfig"] = {"type": config, f"timeBased{prefix.title()}": member}

    @staticmethod
    def data_for(document):
        """The form's fields holding a document (a preset's or a shared link's), as posted."""
        if not isinstance(document, dict):
            return {}
        data = {}

        def put(name, value):
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            elif isinstance(value, str | int | float):
                data[name] = str(value)

        put("deployment_controller", document.get("deploymentController", "CODE_DEPLOY"))
        put("desired_count", document.get("desiredCount"))
        put("test_listener", document.get("testListener"))
        put("deployment_config_name", document.get("deploymentConfigName"))
        routing = document.get("trafficRoutingConfig")
        if isinstance(routing, dict):
            routing_type = routing.get("type")
            put("deployment_config_name", routing_type)
            # A link holds any JSON: only a string can name a routing (the engine reports the rest).
            prefix = CUSTOM_ROUTINGS.get(routing_type) if isinstance(routing_type, str) else None
            member = routing.get(f"timeBased{prefix.title()}") if prefix else None
            if isinstance(member, dict):
                put("custom_percentage", member.get(f"{prefix}Percentage"))
                put("custom_interval", member.get(f"{prefix}Interval"))
        put("termination_wait", document.get("terminationWaitTimeInMinutes"))
        put("bake_time", document.get("bakeTimeInMinutes"))
        put("alarm_at_minute", document.get("alarmAtMinute"))
        timing = document.get("timing")
        if isinstance(timing, dict):
            put("scale_up_minutes", timing.get("scaleUpMinutes"))
            put("hook_minutes", timing.get("hookMinutes"))
        hooks = document.get("hooks")
        if isinstance(hooks, dict):
            for name, status in hooks.items():
                put(f"hook_{name}", status)
        return data
