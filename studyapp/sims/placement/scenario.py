"""
Reading a scenario document into plain data, reporting every malformed field at once.

The document follows the ECS API's spelling so that real JSON can be pasted: container
instances as DescribeContainerInstances returns them (plus `runningTasks` and `maxEni`), a task
definition as RegisterTaskDefinition takes it, and the RunTask/CreateService placement fields.
Unknown keys inside instances, task definitions and containers are ignored, because real JSON
carries many fields the simulator has no use for; unknown top-level keys are errors, because
there a typo (`placementStrategies`) would otherwise silently change the result. `title` and
`teaches` (used by preset scenarios) are accepted and ignored.

Decisions where ECS leaves a choice to the simulator:

- Memory reserved per task: the task-level `memory` when set; otherwise the sum over containers
  of memoryReservation, or memory where no reservation is set (the order the ECS developer guide
  gives in memory-management.html). CPU: task-level `cpu` when set, else the containers' sum.
- Ports are (protocol, port) pairs: TCP 22, 2375, 2376 and 51678-51680 are reserved unless the
  instance lists its own `PORTS` resource (and `PORTS_UDP` for UDP, empty by default). A running
  task's `hostPorts` entry is a number (TCP) or a string such as "53/udp".
- ENIs: `maxEni` on the instance, else the table in eni_limits. The primary ENI counts against
  the limit; an instance with the `ecs.awsvpc-trunk-id` attribute also spends one on its trunk
  interface and must give `maxEni`, because trunking raises the limit per instance type.
- A running task is `{"group", "cpu", "memory", "hostPorts", "networkMode"}`; with networkMode
  awsvpc it holds an ENI and no host ports.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from studyapp.sims.placement.eni_limits import ENI_LIMITS
from studyapp.sims.placement.query import QuerySyntaxError, parse_query, parse_version
from studyapp.sims.validation import InvalidInput, Problem, child

MAX_INSTANCES = 5_000
# ECS allows 5,000 tasks per service; at 5,000 placed and 5,000 stopped, a document at every
# other limit took 2.5 s of CPU on the shared benchmark machine (bench/worst_cases/sims.py).
MAX_TASKS = 2_500
MAX_RUNNING_TASKS = 5_000
MAX_STRATEGIES = 5
MAX_CONSTRAINTS = 10
MAX_EXPRESSION_LENGTH = 2_000
MAX_CONTAINERS = 10
MAX_RESERVED_PORTS = 100
MAX_GROUP_LENGTH = 255
MAX_ATTRIBUTE_LENGTH = 128

DEFAULT_RESERVED_TCP_PORTS = (22, 2375, 2376, 51678, 51679, 51680)
NETWORK_MODES = ("bridge", "host", "awsvpc", "none")
TRUNK_ATTRIBUTE = "ecs.awsvpc-trunk-id"
ZONE_ATTRIBUTE = "ecs.availability-zone"
TYPE_ATTRIBUTE = "ecs.instance-type"
SERVICE_GROUP_PREFIX = "service:"
TOP_LEVEL_KEYS = (
    "containerInstances",
    "taskDefinition",
    "count",
    "group",
    "placementStrategy",
    "placementConstraints",
    "seed",
    "stopCount",
    "title",
    "teaches",
)
FAMILY = re.compile(r"[A-Za-z0-9_-]{1,255}")
PORT_TEXT = re.compile(r"([0-9]{1,5})(?:/(tcp|udp))?")
PORT_NUMBER = re.compile(r"[0-9]{1,5}")
TASK_SIZE_NUMBER = re.compile(r"[0-9]{1,10}")
VCPU_TEXT = re.compile(r"([0-9]{1,6}(?:\.[0-9]{1,6})?) ?vcpu", re.IGNORECASE)
GIGABYTES_TEXT = re.compile(r"([0-9]{1,6}(?:\.[0-9]{1,6})?) ?gb", re.IGNORECASE)


@dataclass(frozen=True)
class RunningTask:
    group: str
    cpu: int
    memory: int
    host_ports: frozenset
    uses_eni: bool


@dataclass(frozen=True)
class ContainerInstance:
    ec2_instance_id: str
    agent_connected: bool
    agent_version: tuple | None
    registered_at: datetime | None
    attributes: dict
    cpu: int
    memory: int
    reserved_ports: frozenset
    eni_limit: int | None
    enis_for_the_instance: int
    running_tasks: tuple

    @property
    def availability_zone(self):
        return self.attributes.get(ZONE_ATTRIBUTE)

    @property
    def instance_type(self):
        return self.attributes.get(TYPE_ATTRIBUTE)


@dataclass(frozen=True)
class TaskRequirements:
    network_mode: str
    cpu: int
    memory: int
    host_ports: frozenset
    uses_eni: bool


@dataclass(frozen=True)
class Strategy:
    type: str
    field: str | None

    @property
    def label(self):
        return f"{self.type}({self.field})" if self.field else self.type

    def as_dict(self):
        return {"type": self.type, "field": self.field} if self.field else {"type": self.type}


@dataclass(frozen=True)
class Constraint:
    type: str
    source: str
    query: object

    @property
    def label(self):
        return f"memberOf({self.query.text})" if self.query else "distinctInstance"

    def as_dict(self):
        described = {"type": self.type, "source": self.source}
        if self.query:
            described["expression"] = self.query.text
        return described


@dataclass(frozen=True)
class Scenario:
    instances: tuple
    family: str
    requirements: TaskRequirements
    count: int
    group: str
    strategies: tuple
    strategies_defaulted: bool
    constraints: tuple
    seed: int
    stop_count: int


def parse_scenario(document):
    """The Scenario in `document`, or InvalidInput listing every problem with its JSON path."""
    reader = _Reader()
    scenario = reader.scenario(document)
    if reader.problems:
        raise InvalidInput(reader.problems)
    return scenario


def format_port(port):
    protocol, number = port
    return f"{number}/{protocol}"


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Reader:
    def __init__(self):
        self.problems = []

    def problem(self, path, message):
        self.problems.append(Problem(path, message))

    def object(self, value, path):
        if isinstance(value, dict):
            return value
        self.problem(path, f"must be an object, not {_describe(value)}")
        return None

    def list(self, value, path, maximum=None, minimum=0):
        if not isinstance(value, list):
            self.problem(path, f"must be a list, not {_describe(value)}")
            return []
        if len(value) < minimum:
            self.problem(path, f"needs at least {minimum} item{'s' if minimum > 1 else ''}")
        if maximum is not None and len(value) > maximum:
            self.problem(path, f"has {len(value):,} items; the limit is {maximum:,}")
            return []
        return value

    def integer(self, value, path, minimum=0, maximum=None):
        if not _is_integer(value):
            self.problem(path, f"must be a whole number, not {_describe(value)}")
            return None
        if value < minimum:
            self.problem(path, f"must be at least {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.problem(path, f"must be at most {maximum:,}")
            return None
        return value

    def text(self, value, path, maximum=None):
        if not isinstance(value, str):
            self.problem(path, f"must be a string, not {_describe(value)}")
            return None
        if not value:
            self.problem(path, "must not be empty")
            return None
        if maximum is not None and len(value) > maximum:
            self.problem(path, f"must be at most {maximum} characters")
            return None
        return value

    def boolean(self, value, path):
        if isinstance(value, bool):
            return value
        self.problem(path, f"must be true or false, not {_describe(value)}")
        return None

    def scenario(self, document):
        if not isinstance(document, dict):
            self.problem("", f"the scenario must be a JSON object, not {_describe(document)}")
            return None
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                close = difflib.get_close_matches(str(key), TOP_LEVEL_KEYS, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                self.problem(str(key), f"unknown key{hint}")
        task_definition = self.task_definition(document.get("taskDefinition"), "taskDefinition")
        uses_eni = task_definition is not None and task_definition["requirements"].uses_eni
        instances = self.instances(document.get("containerInstances"), uses_eni)
        count = self.integer(document.get("count", 1), "count", maximum=MAX_TASKS)
        stop_count = self.integer(document.get("stopCount", 0), "stopCount", maximum=MAX_TASKS)
        seed = self.integer(document.get("seed", 0), "seed", minimum=-(2**63), maximum=2**63 - 1)
        family = task_definition["family"] if task_definition else None
        group = document.get("group", f"family:{family}")
        if "group" in document:
            group = self.text(group, "group", maximum=MAX_GROUP_LENGTH)
        strategies = self.strategies(document.get("placementStrategy", []), "placementStrategy")
        constraints = self.constraints(
            document.get("placementConstraints", []), "placementConstraints", "request"
        )
        if task_definition is not None:
            constraints = task_definition["constraints"] + constraints
            if len(constraints) > MAX_CONSTRAINTS:
                self.problem(
                    "placementConstraints",
                    f"{len(constraints)} placement constraints in all (the task definition's "
                    f"plus the request's); ECS allows at most {MAX_CONSTRAINTS}",
                )
        if self.problems:
            return None
        defaulted = not strategies
        if defaulted:
            strategies = (
                (Strategy("spread", f"attribute:{ZONE_ATTRIBUTE}"),)
                if group.startswith(SERVICE_GROUP_PREFIX)
                else (Strategy("random", None),)
            )
        return Scenario(
            instances=tuple(instances),
            family=family,
            requirements=task_definition["requirements"],
            count=count,
            group=group,
            strategies=tuple(strategies),
            strategies_defaulted=defaulted,
            constraints=tuple(constraints),
            seed=seed,
            stop_count=stop_count,
        )

    def instances(self, value, uses_eni):
        path = "containerInstances"
        if value is None:
            self.problem(path, "is required: a list of container instances")
            return []
        items = self.list(value, path, maximum=MAX_INSTANCES, minimum=1)
        instances = []
        seen_ids = set()
        running_total = 0
        for index, item in enumerate(items):
            item_path = child(path, index)
            instance = self.instance(item, item_path, uses_eni)
            if instance is None:
                continue
            if instance.ec2_instance_id in seen_ids:
                self.problem(
                    child(item_path, "ec2InstanceId"),
                    f"{instance.ec2_instance_id} appears more than once",
                )
            seen_ids.add(instance.ec2_instance_id)
            running_total += len(instance.running_tasks)
            instances.append(instance)
        if running_total > MAX_RUNNING_TASKS:
            self.problem(
                path,
                f"the instances run {running_total:,} tasks in all; the simulator allows "
                f"{MAX_RUNNING_TASKS:,}",
            )
        return instances

    def instance(self, value, path, uses_eni):
        item = self.object(value, path)
        if item is None:
            return None
        before = len(self.problems)
        instance_id = self.text(item.get("ec2InstanceId"), child(path, "ec2InstanceId"), 255)
        agent_connected = self.boolean(
            item.get("agentConnected", True), child(path, "agentConnected")
        )
        agent_version = None
        if "agentVersion" in item:
            version_path = child(path, "agentVersion")
            version_text = self.text(item["agentVersion"], version_path, 64)
            if version_text is not None:
                agent_version = parse_version(version_text)
                if agent_version is None:
                    self.problem(version_path, "must be a version such as 1.80.0")
        registered_at = None
        if "registeredAt" in item:
            registered_at = self.moment(item["registeredAt"], child(path, "registeredAt"))
        attributes = self.attributes(item.get("attributes", []), child(path, "attributes"))
        resources = self.registered_resources(
            item.get("registeredResources"), child(path, "registeredResources")
        )
        trunked = TRUNK_ATTRIBUTE in attributes
        running_tasks = [
            self.running_task(task, child(child(path, "runningTasks"), index))
            for index, task in enumerate(
                self.list(item.get("runningTasks", []), child(path, "runningTasks"))
            )
        ]
        eni_limit = None
        if "maxEni" in item:
            eni_limit = self.integer(item["maxEni"], child(path, "maxEni"), minimum=1, maximum=1000)
        elif not trunked:
            eni_limit = ENI_LIMITS.get(attributes.get(TYPE_ATTRIBUTE))
        if len(self.problems) > before:
            return None
        instance = ContainerInstance(
            ec2_instance_id=instance_id,
            agent_connected=agent_connected,
            agent_version=agent_version,
            registered_at=registered_at,
            attributes=attributes,
            cpu=resources["cpu"],
            memory=resources["memory"],
            reserved_ports=resources["ports"],
            eni_limit=eni_limit,
            enis_for_the_instance=2 if trunked else 1,
            running_tasks=tuple(running_tasks),
        )
        needs_eni_limit = uses_eni or any(task.uses_eni for task in running_tasks)
        if needs_eni_limit and eni_limit is None:
            if trunked:
                self.problem(
                    child(path, "maxEni"),
                    "is required for an instance with ENI trunking (ecs.awsvpc-trunk-id): give "
                    "its raised ENI limit, such as 12 for a c5.large",
                )
            else:
                instance_type = attributes.get(TYPE_ATTRIBUTE)
                self.problem(
                    child(path, "maxEni"),
                    f"is required for awsvpc tasks: the simulator does not know how many ENIs "
                    f"{'a ' + instance_type if instance_type else 'this instance'} can attach",
                )
            return None
        self.check_running_tasks_fit(instance, path)
        return instance

    def moment(self, value, path):
        text = self.text(value, path, 64)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        except (ValueError, OverflowError):
            self.problem(path, "must be a date and time such as 2026-01-10T08:00:00Z")
            return None

    def attributes(self, value, path):
        attributes = {}
        for index, item in enumerate(self.list(value, path)):
            item_path = child(path, index)
            entry = self.object(item, item_path)
            if entry is None:
                continue
            name = self.text(entry.get("name"), child(item_path, "name"), MAX_ATTRIBUTE_LENGTH)
            attribute_value = entry.get("value")
            if attribute_value is not None:
                attribute_value = self.text(
                    attribute_value, child(item_path, "value"), MAX_ATTRIBUTE_LENGTH
                )
            if name is None:
                continue
            if name in attributes:
                self.problem(child(item_path, "name"), f"attribute {name} appears more than once")
            attributes[name] = attribute_value
        return attributes

    def registered_resources(self, value, path):
        found = {"CPU": None, "MEMORY": None, "PORTS": None, "PORTS_UDP": frozenset()}
        if value is None:
            self.problem(path, "is required: list the CPU and MEMORY resources")
            return found
        named = set()
        for index, item in enumerate(self.list(value, path)):
            item_path = child(path, index)
            entry = self.object(item, item_path)
            if entry is None:
                continue
            name = entry.get("name")
            if not isinstance(name, str):
                continue
            named.add(name)
            if name in ("CPU", "MEMORY"):
                found[name] = self.integer(
                    entry.get("integerValue"), child(item_path, "integerValue"), maximum=10**9
                )
            elif name in ("PORTS", "PORTS_UDP"):
                found[name] = self.reserved_ports(
                    entry.get("stringSetValue"),
                    child(item_path, "stringSetValue"),
                    "tcp" if name == "PORTS" else "udp",
                )
        for name in ("CPU", "MEMORY"):
            if name not in named:
                self.problem(path, f"needs a {name} entry with an integerValue")
        tcp = found["PORTS"]
        if tcp is None:
            tcp = frozenset(("tcp", port) for port in DEFAULT_RESERVED_TCP_PORTS)
        ports = tcp | found["PORTS_UDP"]
        if len(ports) > MAX_RESERVED_PORTS:
            self.problem(path, f"reserves more than {MAX_RESERVED_PORTS} ports")
        return {"cpu": found["CPU"], "memory": found["MEMORY"], "ports": ports}

    def reserved_ports(self, value, path, protocol):
        ports = set()
        for index, item in enumerate(self.list(value, path, maximum=MAX_RESERVED_PORTS)):
            if not isinstance(item, str) or not PORT_NUMBER.fullmatch(item) or int(item) > 65535:
                self.problem(child(path, index), 'must be a port number as a string, such as "22"')
                continue
            ports.add((protocol, int(item)))
        return frozenset(ports)

    def running_task(self, value, path):
        item = self.object(value, path)
        if item is None:
            return None
        group = self.text(item.get("group"), child(path, "group"), MAX_GROUP_LENGTH)
        cpu = self.integer(item.get("cpu", 0), child(path, "cpu"), maximum=10**9)
        memory = self.integer(item.get("memory", 0), child(path, "memory"), maximum=10**9)
        mode = item.get("networkMode", "bridge")
        if mode not in NETWORK_MODES:
            self.problem(child(path, "networkMode"), f"must be one of {', '.join(NETWORK_MODES)}")
        ports_path = child(path, "hostPorts")
        ports = set()
        for index, entry in enumerate(self.list(item.get("hostPorts", []), ports_path)):
            port = self.host_port(entry, child(ports_path, index))
            if port is not None and port in ports:
                self.problem(child(ports_path, index), f"{format_port(port)} appears twice")
            if port is not None:
                ports.add(port)
        if ports and mode in ("awsvpc", "none"):
            self.problem(ports_path, f"a task in {mode} mode holds no host ports")
        if None in (group, cpu, memory):
            return None
        return RunningTask(group, cpu, memory, frozenset(ports), uses_eni=mode == "awsvpc")

    def host_port(self, value, path):
        if _is_integer(value) and 0 < value <= 65535:
            return ("tcp", value)
        match = PORT_TEXT.fullmatch(value) if isinstance(value, str) else None
        if match and 0 < int(match.group(1)) <= 65535:
            return (match.group(2) or "tcp", int(match.group(1)))
        self.problem(path, 'must be a port number, or a string such as "53/udp"')
        return None

    def check_running_tasks_fit(self, instance, path):
        tasks_path = child(path, "runningTasks")
        cpu = sum(task.cpu for task in instance.running_tasks)
        memory = sum(task.memory for task in instance.running_tasks)
        if cpu > instance.cpu:
            self.problem(
                tasks_path, f"use {cpu} CPU units but the instance registers {instance.cpu}"
            )
        if memory > instance.memory:
            self.problem(
                tasks_path, f"use {memory} MiB but the instance registers {instance.memory} MiB"
            )
        in_use = set(instance.reserved_ports)
        for index, task in enumerate(instance.running_tasks):
            clash = task.host_ports & in_use
            if clash:
                ports = ", ".join(format_port(port) for port in sorted(clash))
                self.problem(
                    child(child(tasks_path, index), "hostPorts"),
                    f"{ports} already reserved or used by another task on this instance",
                )
            in_use |= task.host_ports
        if instance.eni_limit is None:
            return
        spare = instance.eni_limit - instance.enis_for_the_instance
        enis = sum(task.uses_eni for task in instance.running_tasks)
        if spare < 0:
            self.problem(
                child(path, "maxEni"),
                "must be at least 2: the primary and the trunk ENI both count against it",
            )
        elif enis > spare:
            self.problem(
                tasks_path,
                f"hold {enis} ENIs but the instance can attach only {spare} for tasks",
            )

    def task_definition(self, value, path):
        if value is None:
            self.problem(path, "is required")
            return None
        item = self.object(value, path)
        if item is None:
            return None
        before = len(self.problems)
        family = item.get("family")
        if not isinstance(family, str) or not FAMILY.fullmatch(family):
            self.problem(
                child(path, "family"),
                "must be 1-255 letters, digits, hyphens or underscores",
            )
        mode = item.get("networkMode", "bridge")
        if mode not in NETWORK_MODES:
            self.problem(child(path, "networkMode"), f"must be one of {', '.join(NETWORK_MODES)}")
            mode = "bridge"
        task_cpu = self.task_size(item.get("cpu"), child(path, "cpu"), "vcpu")
        task_memory = self.task_size(item.get("memory"), child(path, "memory"), "gb")
        containers_path = child(path, "containerDefinitions")
        containers = item.get("containerDefinitions")
        if containers is None:
            self.problem(containers_path, "is required: a list of containers")
            containers = []
        containers = self.list(containers, containers_path, maximum=MAX_CONTAINERS, minimum=1)
        container_cpu = 0
        container_memory = 0
        ports = set()
        for index, container in enumerate(containers):
            used = self.container(
                container, child(containers_path, index), mode, task_memory is not None, ports
            )
            if used is not None:
                container_cpu += used[0]
                container_memory += used[1]
        if task_cpu is not None and container_cpu > task_cpu:
            self.problem(
                child(path, "cpu"),
                f"the containers reserve {container_cpu} CPU units, more than the task's "
                f"{task_cpu}",
            )
        if task_memory is not None and container_memory > task_memory:
            self.problem(
                child(path, "memory"),
                f"the containers reserve {container_memory} MiB, more than the task's "
                f"{task_memory} MiB",
            )
        constraints = self.constraints(
            item.get("placementConstraints", []),
            child(path, "placementConstraints"),
            "taskDefinition",
        )
        if len(self.problems) > before:
            return None
        requirements = TaskRequirements(
            network_mode=mode,
            cpu=task_cpu if task_cpu is not None else container_cpu,
            memory=task_memory if task_memory is not None else container_memory,
            host_ports=frozenset(ports),
            uses_eni=mode == "awsvpc",
        )
        return {"family": family, "requirements": requirements, "constraints": constraints}

    def task_size(self, value, path, unit):
        """Task-level cpu or memory: a number, digits, or "1 vCPU" / "2 GB" as ECS accepts."""
        if value is None:
            return None
        if _is_integer(value):
            amount = value
        elif isinstance(value, str) and TASK_SIZE_NUMBER.fullmatch(value.strip()):
            amount = int(value)
        elif isinstance(value, str) and (
            match := (VCPU_TEXT if unit == "vcpu" else GIGABYTES_TEXT).fullmatch(value.strip())
        ):
            scaled = float(match.group(1)) * 1024
            if scaled != int(scaled):
                self.problem(path, f"{value} is not a whole number of units")
                return None
            amount = int(scaled)
        else:
            example = '"256" or "1 vCPU"' if unit == "vcpu" else '"512" or "2 GB"'
            self.problem(path, f"must be a number or a string such as {example}")
            return None
        if not 0 < amount <= 10**9:
            self.problem(path, "must be more than 0")
            return None
        return amount

    def container(self, value, path, mode, task_has_memory, task_ports):
        item = self.object(value, path)
        if item is None:
            return None
        before = len(self.problems)
        self.text(item.get("name"), child(path, "name"), 255)
        cpu = self.integer(item.get("cpu", 0), child(path, "cpu"), maximum=10**9)
        memory = reservation = None
        if "memory" in item:
            memory = self.integer(item["memory"], child(path, "memory"), 1, 10**9)
        if "memoryReservation" in item:
            reservation = self.integer(
                item["memoryReservation"], child(path, "memoryReservation"), 1, 10**9
            )
        if memory is not None and reservation is not None and memory <= reservation:
            self.problem(
                child(path, "memory"),
                f"must be greater than memoryReservation ({reservation}) when both are set",
            )
        if not task_has_memory and "memory" not in item and "memoryReservation" not in item:
            self.problem(
                path,
                "needs memory or memoryReservation, or the task definition needs a task-level "
                "memory",
            )
        mappings_path = child(path, "portMappings")
        mappings = self.list(item.get("portMappings", []), mappings_path)
        if mappings and mode == "none":
            self.problem(mappings_path, "a task in none network mode cannot map ports")
            mappings = []
        for index, mapping in enumerate(mappings):
            port = self.port_mapping(mapping, child(mappings_path, index), mode)
            if port is None:
                continue
            if port in task_ports:
                self.problem(
                    child(mappings_path, index),
                    f"host port {format_port(port)} is already mapped by this task definition",
                )
            task_ports.add(port)
        if len(self.problems) > before:
            return None
        return cpu, reservation if reservation is not None else (memory or 0)

    def port_mapping(self, value, path, mode):
        """The static host port a mapping takes on the instance, or None (dynamic, awsvpc, bad)."""
        item = self.object(value, path)
        if item is None:
            return None
        container_port = self.integer(
            item.get("containerPort"), child(path, "containerPort"), 1, 65535
        )
        host_port = item.get("hostPort")
        if host_port is not None:
            host_port = self.integer(host_port, child(path, "hostPort"), 0, 65535)
        protocol = item.get("protocol", "tcp")
        if protocol not in ("tcp", "udp"):
            self.problem(child(path, "protocol"), "must be tcp or udp")
            return None
        if container_port is None:
            return None
        if mode in ("host", "awsvpc"):
            if host_port is not None and host_port != container_port:
                self.problem(
                    child(path, "hostPort"),
                    f"in {mode} mode must be omitted or equal containerPort ({container_port})",
                )
                return None
            return (protocol, container_port) if mode == "host" else None
        return (protocol, host_port) if host_port else None

    def strategies(self, value, path):
        strategies = []
        for index, item in enumerate(self.list(value, path, maximum=MAX_STRATEGIES)):
            item_path = child(path, index)
            entry = self.object(item, item_path)
            if entry is None:
                continue
            kind = entry.get("type")
            field = entry.get("field")
            field_path = child(item_path, "field")
            if kind == "random":
                strategies.append(Strategy("random", None))
            elif kind == "binpack":
                if field not in ("cpu", "memory"):
                    self.problem(field_path, "binpack takes cpu or memory")
                    continue
                strategies.append(Strategy("binpack", field))
            elif kind == "spread":
                if not isinstance(field, str) or not (
                    field in ("instanceId", "host")
                    or (
                        field.startswith("attribute:")
                        and 0 < len(field) - len("attribute:") <= MAX_ATTRIBUTE_LENGTH
                    )
                ):
                    self.problem(field_path, "spread takes instanceId, host or attribute:NAME")
                    continue
                strategies.append(Strategy("spread", field))
            else:
                self.problem(child(item_path, "type"), "must be random, spread or binpack")
        return strategies

    def constraints(self, value, path, source):
        constraints = []
        for index, item in enumerate(self.list(value, path, maximum=MAX_CONSTRAINTS)):
            item_path = child(path, index)
            entry = self.object(item, item_path)
            if entry is None:
                continue
            kind = entry.get("type")
            expression = entry.get("expression")
            expression_path = child(item_path, "expression")
            if kind == "distinctInstance" and source == "taskDefinition":
                self.problem(
                    child(item_path, "type"),
                    "a task definition allows only memberOf; give distinctInstance in the "
                    "request's placementConstraints",
                )
            elif kind == "distinctInstance":
                if expression not in (None, ""):
                    self.problem(expression_path, "distinctInstance takes no expression")
                    continue
                constraints.append(Constraint("distinctInstance", source, None))
            elif kind == "memberOf":
                query = self.expression(expression, expression_path)
                if query is not None:
                    constraints.append(Constraint("memberOf", source, query))
            else:
                allowed = (
                    "memberOf" if source == "taskDefinition" else "distinctInstance or memberOf"
                )
                self.problem(child(item_path, "type"), f"must be {allowed}")
        return constraints

    def expression(self, value, path):
        if value is None:
            self.problem(path, "memberOf needs a cluster query language expression")
            return None
        text = self.text(value, path, MAX_EXPRESSION_LENGTH)
        if text is None:
            return None
        try:
            return parse_query(text)
        except QuerySyntaxError as error:
            self.problem(path, str(error))
            return None
