"""
The task definition checks: what RegisterTaskDefinition (or a Fargate launch) would refuse, and
what ECS accepts but is probably a mistake.

Every finding names the JSON path of the offending value in the learner's document, a severity
and one sentence on the rule:
- error: ECS refuses to register the task definition, or refuses to launch it on Fargate;
- warning: ECS accepts it, but the result is probably not what was meant.

Nothing here raises on strange input: a value of the wrong type is itself a finding, and the
checks that depend on it are skipped rather than guessed at.
"""

import json
import re
from dataclasses import dataclass, field

from studyapp.sims.fargate.sizes import (
    MAX_API_INTEGER,
    UnreadableSize,
    describe_memories,
    is_valid_size,
    parse_cpu,
    parse_memory,
    row_for,
    valid_cpus,
)
from studyapp.sims.validation import child

ERROR = "error"
WARNING = "warning"

DEPENDENCY_CONDITIONS = ("START", "COMPLETE", "SUCCESS", "HEALTHY")
ARCHITECTURES = ("X86_64", "ARM64")
# RegisterTaskDefinition HealthCheck ranges, in seconds except retries.
HEALTH_CHECK_RANGES = {
    "interval": (5, 300),
    "timeout": (2, 60),
    "retries": (1, 10),
    "startPeriod": (0, 300),
}
EPHEMERAL_STORAGE_GIB = (21, 200)

_SSM_ARN = re.compile(r"arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/\S+")
_SECRETS_MANAGER_ARN = re.compile(r"arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+")
_SSM_NAME = re.compile(r"[A-Za-z0-9_.\-/]+")


@dataclass
class TaskDefinitionReport:
    """The findings plus what the sizing and pricing need; None where the value was unusable."""

    findings: list = field(default_factory=list)
    cpu: int | None = None
    memory: int | None = None
    windows: bool = False
    architecture: str = "X86_64"
    storage_gib: int | None = None
    container_cpu: int = 0
    container_memory: int = 0
    # What placement reserves for each container: memoryReservation when set, else memory.
    container_reserved_memory: int = 0

    @property
    def memory_needed(self):
        return max(self.container_memory, self.container_reserved_memory)

    def error(self, path, message):
        self.findings.append({"path": path, "severity": ERROR, "message": message})

    def warning(self, path, message):
        self.findings.append({"path": path, "severity": WARNING, "message": message})


def review_task_definition(task_definition, path):
    review = TaskDefinitionReport()
    _check_compatibility(task_definition, path, review)
    _check_platform(task_definition, path, review)
    _check_task_size(task_definition, path, review)
    _check_ephemeral_storage(task_definition, path, review)
    containers = _check_containers(task_definition, path, review)
    _check_totals(path, review)
    _check_dependencies(containers, review)
    return review


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_api_integer(value):
    return _is_int(value) and 0 <= value <= MAX_API_INTEGER


def _shown(value):
    """A learner's value as JSON for a message: short, and safe from Python's limit on long ints."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        return "this value"
    return text if len(text) <= 40 else text[:37] + "..."


def _check_compatibility(task_definition, path, review):
    compatibilities = task_definition.get("requiresCompatibilities")
    where = child(path, "requiresCompatibilities")
    if compatibilities is not None and not (
        isinstance(compatibilities, list) and all(isinstance(c, str) for c in compatibilities)
    ):
        review.error(where, 'requiresCompatibilities must be a list such as ["FARGATE"].')
    elif "FARGATE" not in (compatibilities or []):
        review.warning(
            where,
            "Without FARGATE in requiresCompatibilities, ECS registers the task definition "
            "without the Fargate checks and refuses it only when a task is launched on Fargate.",
        )
    network_mode = task_definition.get("networkMode")
    if network_mode != "awsvpc":
        shown = "missing" if network_mode is None else _shown(network_mode)
        review.error(
            child(path, "networkMode"),
            f'Fargate tasks must use networkMode "awsvpc" (it is {shown}).',
        )


def _check_platform(task_definition, path, review):
    platform = task_definition.get("runtimePlatform")
    if platform is None:
        return
    where = child(path, "runtimePlatform")
    if not isinstance(platform, dict):
        review.error(where, "runtimePlatform must be an object.")
        return
    family = platform.get("operatingSystemFamily", "LINUX")
    if isinstance(family, str) and family.startswith("WINDOWS_SERVER_"):
        review.windows = True
    elif family != "LINUX":
        review.error(
            child(where, "operatingSystemFamily"),
            "operatingSystemFamily must be LINUX or a WINDOWS_SERVER_... value.",
        )
    architecture = platform.get("cpuArchitecture", "X86_64")
    if architecture not in ARCHITECTURES:
        review.error(child(where, "cpuArchitecture"), "cpuArchitecture must be X86_64 or ARM64.")
    elif architecture == "ARM64" and review.windows:
        review.error(
            child(where, "cpuArchitecture"),
            "Fargate runs Windows containers on X86_64 only; ARM64 is for Linux.",
        )
    else:
        review.architecture = architecture


def _check_task_size(task_definition, path, review):
    cpu = _read_size(task_definition, path, "cpu", parse_cpu, review)
    memory = _read_size(task_definition, path, "memory", parse_memory, review)
    if cpu is not None:
        row = row_for(cpu)
        if row is None:
            review.error(
                child(path, "cpu"),
                f"Fargate offers task cpu {', '.join(map(str, valid_cpus()))} CPU units, "
                f"not {cpu}.",
            )
            cpu = None
        elif review.windows and not row.windows:
            review.error(
                child(path, "cpu"),
                f"Windows tasks on Fargate take 1, 2 or 4 vCPU "
                f"({', '.join(map(str, valid_cpus(windows=True)))} units), not {cpu}.",
            )
            cpu = None
        elif memory is not None and not is_valid_size(cpu, memory):
            review.error(
                child(path, "memory"),
                f"With cpu {cpu}, Fargate memory must be {describe_memories(row)}, "
                f"not {memory} MiB.",
            )
            memory = None
    review.cpu, review.memory = cpu, memory


def _read_size(task_definition, path, key, parse, review):
    where = child(path, key)
    if key not in task_definition:
        review.error(where, f"Fargate needs a task-level {key} value.")
        return None
    try:
        return parse(task_definition[key])
    except UnreadableSize as problem:
        review.error(where, f"ECS cannot read this {key}: {problem}.")
        return None


def _check_ephemeral_storage(task_definition, path, review):
    storage = task_definition.get("ephemeralStorage")
    if storage is None:
        return
    where = child(path, "ephemeralStorage")
    if not isinstance(storage, dict):
        review.error(where, "ephemeralStorage must be an object with sizeInGiB.")
        return
    size = storage.get("sizeInGiB")
    low, high = EPHEMERAL_STORAGE_GIB
    if not _is_int(size) or not low <= size <= high:
        review.error(
            child(where, "sizeInGiB"),
            f"ephemeralStorage.sizeInGiB must be a whole number from {low} to {high} GiB "
            "(20 GiB come without asking).",
        )
        return
    review.storage_gib = size


@dataclass
class Container:
    name: str | None
    essential: bool
    has_health_check: bool
    dependencies: list  # (path, containerName, condition) of readable dependsOn entries


def _check_containers(task_definition, path, review):
    where = child(path, "containerDefinitions")
    definitions = task_definition.get("containerDefinitions")
    if not isinstance(definitions, list) or not definitions:
        review.error(where, "containerDefinitions must be a list of at least one container.")
        return []
    execution_role = task_definition.get("executionRoleArn")
    containers = []
    seen_names = set()
    for index, definition in enumerate(definitions):
        container_path = child(where, index)
        if not isinstance(definition, dict):
            review.error(container_path, "Each container definition must be an object.")
            continue
        name = definition.get("name")
        if not isinstance(name, str) or not name:
            review.error(child(container_path, "name"), "Every container needs a name.")
            name = None
        elif name in seen_names:
            review.error(
                child(container_path, "name"),
                f"Two containers are named {_shown(name)}; names must be unique.",
            )
        else:
            seen_names.add(name)
        essential = definition.get("essential", True)
        if not isinstance(essential, bool):
            review.error(child(container_path, "essential"), "essential must be true or false.")
            essential = True
        _check_container_resources(definition, container_path, review)
        _check_port_mappings(definition, container_path, review)
        has_health_check = _check_health_check(definition, container_path, review)
        _check_secrets(definition, container_path, execution_role, review)
        _check_log_driver(definition, container_path, execution_role, review)
        containers.append(
            Container(
                name=name,
                essential=essential,
                has_health_check=has_health_check,
                dependencies=_read_dependencies(definition, container_path, review),
            )
        )
    if containers and not any(container.essential for container in containers):
        review.error(where, "At least one container must be essential.")
    return containers


def _check_container_resources(definition, container_path, review):
    values = {}
    for key in ("cpu", "memory", "memoryReservation"):
        if key not in definition:
            continue
        value = definition[key]
        if not _is_api_integer(value):
            review.error(child(container_path, key), f"A container's {key} must be a whole number.")
        else:
            values[key] = value
    hard, soft = values.get("memory"), values.get("memoryReservation")
    if hard is not None and soft is not None and hard <= soft:
        review.error(
            child(container_path, "memoryReservation"),
            f"memory (the hard limit, {hard} MiB) must be greater than memoryReservation "
            f"(the soft limit, {soft} MiB).",
        )
    review.container_cpu += values.get("cpu", 0)
    review.container_memory += hard or 0
    review.container_reserved_memory += soft if soft is not None else hard or 0


def _check_port_mappings(definition, container_path, review):
    mappings = definition.get("portMappings")
    if mappings is None:
        return
    where = child(container_path, "portMappings")
    if not isinstance(mappings, list):
        review.error(where, "portMappings must be a list.")
        return
    for index, mapping in enumerate(mappings):
        mapping_path = child(where, index)
        if not isinstance(mapping, dict):
            review.error(mapping_path, "Each port mapping must be an object.")
            continue
        container_port, host_port = mapping.get("containerPort"), mapping.get("hostPort")
        if host_port is not None and host_port != container_port:
            review.error(
                child(mapping_path, "hostPort"),
                f"In awsvpc mode hostPort must be left out or equal containerPort "
                f"({_shown(container_port)}), not {_shown(host_port)}.",
            )


def _check_health_check(definition, container_path, review):
    health_check = definition.get("healthCheck")
    if health_check is None:
        return False
    where = child(container_path, "healthCheck")
    if not isinstance(health_check, dict):
        review.error(where, "healthCheck must be an object.")
        return False
    command = health_check.get("command")
    if not (
        isinstance(command, list) and command and all(isinstance(part, str) for part in command)
    ):
        review.error(
            child(where, "command"),
            'healthCheck.command must be a list of strings such as ["CMD-SHELL", "curl -f '
            'http://localhost/ || exit 1"].',
        )
    for key, (low, high) in HEALTH_CHECK_RANGES.items():
        if key not in health_check:
            continue
        value = health_check[key]
        if not _is_int(value) or not low <= value <= high:
            unit = "" if key == "retries" else " seconds"
            review.error(
                child(where, key), f"healthCheck.{key} must be from {low} to {high}{unit}."
            )
    return True


def _check_secrets(definition, container_path, execution_role, review):
    secrets = definition.get("secrets")
    if secrets is None:
        return
    where = child(container_path, "secrets")
    if not isinstance(secrets, list):
        review.error(where, "secrets must be a list of {name, valueFrom} objects.")
        return
    if secrets and not execution_role:
        review.error(
            where,
            "Secrets are fetched by the ECS agent with the task execution role, so the task "
            "definition needs an executionRoleArn.",
        )
    for index, secret in enumerate(secrets):
        secret_path = child(where, index)
        if not isinstance(secret, dict):
            review.error(secret_path, "Each secret must be an object with name and valueFrom.")
            continue
        value_from = secret.get("valueFrom")
        if not _is_secret_reference(value_from):
            review.error(
                child(secret_path, "valueFrom"),
                "valueFrom must be a Secrets Manager secret ARN, an SSM parameter ARN, or the "
                "name of an SSM parameter in the task's Region.",
            )


def _is_secret_reference(value):
    if not isinstance(value, str) or not value:
        return False
    if value.startswith("arn:"):
        return bool(_SSM_ARN.fullmatch(value) or _SECRETS_MANAGER_ARN.fullmatch(value))
    return bool(_SSM_NAME.fullmatch(value))


def _check_log_driver(definition, container_path, execution_role, review):
    log_configuration = definition.get("logConfiguration")
    if not isinstance(log_configuration, dict):
        if log_configuration is not None:
            review.error(
                child(container_path, "logConfiguration"), "logConfiguration must be an object."
            )
        return
    if log_configuration.get("logDriver") == "awslogs" and not execution_role:
        review.error(
            child(child(container_path, "logConfiguration"), "logDriver"),
            "On Fargate the awslogs driver writes to CloudWatch Logs with the task execution "
            "role, so the task definition needs an executionRoleArn.",
        )


def _read_dependencies(definition, container_path, review):
    depends_on = definition.get("dependsOn")
    if depends_on is None:
        return []
    where = child(container_path, "dependsOn")
    if not isinstance(depends_on, list):
        review.error(where, "dependsOn must be a list of {containerName, condition} objects.")
        return []
    dependencies = []
    for index, dependency in enumerate(depends_on):
        dependency_path = child(where, index)
        if not isinstance(dependency, dict):
            review.error(dependency_path, "Each dependsOn entry must be an object.")
            continue
        condition = dependency.get("condition")
        if condition not in DEPENDENCY_CONDITIONS:
            review.error(
                child(dependency_path, "condition"),
                f"condition must be one of {', '.join(DEPENDENCY_CONDITIONS)}.",
            )
            condition = None
        target = dependency.get("containerName")
        if not isinstance(target, str):
            review.error(
                child(dependency_path, "containerName"), "containerName must name a container."
            )
            continue
        dependencies.append((dependency_path, target, condition))
    return dependencies


def _check_totals(path, review):
    where = child(path, "containerDefinitions")
    if review.cpu is not None and review.container_cpu > review.cpu:
        review.error(
            where,
            f"The containers' cpu adds up to {review.container_cpu} units, more than the task's "
            f"{review.cpu}.",
        )
    if review.memory is None:
        return
    if review.container_memory > review.memory:
        review.error(
            where,
            f"The containers' memory limits add up to {review.container_memory} MiB, more than "
            f"the task's {review.memory} MiB.",
        )
    elif review.container_reserved_memory > review.memory:
        review.error(
            where,
            f"The containers reserve {review.container_reserved_memory} MiB (memoryReservation, "
            f"else memory), more than the task's {review.memory} MiB.",
        )


def _check_dependencies(containers, review):
    by_name = {container.name: container for container in containers if container.name}
    graph = {}
    for container in containers:
        for dependency_path, target_name, condition in container.dependencies:
            target = by_name.get(target_name)
            if target is None:
                review.error(
                    child(dependency_path, "containerName"),
                    f"dependsOn names {_shown(target_name)}, which is not a container of this "
                    "task.",
                )
                continue
            if container.name:
                graph.setdefault(container.name, []).append((target.name, dependency_path))
            if condition == "HEALTHY" and not target.has_health_check:
                review.error(
                    child(dependency_path, "condition"),
                    f"HEALTHY waits for {_shown(target_name)} to pass its health check, so that "
                    "container needs a healthCheck.",
                )
            if condition in ("COMPLETE", "SUCCESS") and target.essential:
                review.error(
                    child(dependency_path, "condition"),
                    f"{condition} waits for {_shown(target_name)} to exit, which an essential "
                    "container may not do; mark it essential: false.",
                )
    for cycle, dependency_path in _cycles(graph, [c.name for c in containers if c.name]):
        review.error(
            child(dependency_path, "containerName"),
            f"dependsOn forms a cycle ({' -> '.join(cycle)}), so no container can start first.",
        )


def _cycles(graph, names):
    """
    Each dependency cycle once, as the names around it and the dependsOn entry that closes it.

    Depth-first search in definition order (iterative: a pasted document may chain many
    containers), so the report is stable for a given document.
    """
    finished = set()
    found = []
    for root in names:
        if root in finished:
            continue
        trail, on_trail = [root], {root: 0}
        pending = [iter(graph.get(root, []))]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                finished.add(trail[-1])
                del on_trail[trail.pop()]
                pending.pop()
                continue
            target, dependency_path = step
            if target in on_trail:
                found.append(([*trail[on_trail[target] :], target], dependency_path))
            elif target not in finished:
                on_trail[target] = len(trail)
                trail.append(target)
                pending.append(iter(graph.get(target, [])))
    return found
