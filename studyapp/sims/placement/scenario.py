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
  task's `hostPorts` entry is a number (TCP) or a string such as "53/udp". An instance holds at
  most 100 reserved host ports, its registered ones and its tasks' together, TCP and UDP alike
  (service-event-messages-list.html, "Too many ports registered"): a document whose running
  tasks pass it is invalid, and a task whose static ports would pass it is not placed there.
- ENIs: `maxEni` on the instance, else the table in eni_limits. The primary ENI counts against
  the limit; an instance with the `ecs.awsvpc-trunk-id` attribute also spends one on its trunk
  interface and must give `maxEni`, because trunking raises the limit per instance type.
- A running task is `{"group", "cpu", "memory", "hostPorts", "networkMode"}`; with networkMode
  awsvpc it holds an ENI and no host ports.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from studyapp.sims.placement.eni_limits import ENI_LIMITS
from studyapp.sims.placement.query import QuerySyntaxError, parse_query, parse_version
from studyapp.sims.validation import (
    REQUIRED,
    Anything,
    Boolean,
    Choice,
    Field,
    Integer,
    List,
    Object,
    Reader,
    Spec,
    Text,
    child,
    describe,
    document_schema,
    either,
    is_integer,
)

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


# The service scheduler's placement when the service names no strategy (CreateService and
# update-service-parameters.html): the Availability Zone running the fewest of the service's
# tasks, then inside it the instance running the fewest; stopping, the zone and then the
# instance running the most. Spread over the zone, then over instanceId, is exactly that, and
# its remaining ties go to the instance listed first (placement) or the newest task (scale-in).
SERVICE_DEFAULT_STRATEGIES = (
    Strategy("spread", f"attribute:{ZONE_ATTRIBUTE}"),
    Strategy("spread", "instanceId"),
)
# RunTask's default when the request names no strategy.
RUN_TASK_DEFAULT_STRATEGIES = (Strategy("random", None),)


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
    reader.raise_problems()
    return scenario


def format_port(port):
    protocol, number = port
    return f"{number}/{protocol}"


@dataclass(frozen=True)
class TaskSize(Spec):
    """Task-level cpu or memory: a number, digits, or "1 vCPU" / "2 GB" as ECS accepts."""

    unit: str
    description: str = ""

    def read(self, reader, value, path):
        if is_integer(value):
            amount = value
        elif isinstance(value, str) and TASK_SIZE_NUMBER.fullmatch(value.strip()):
            amount = int(value)
        elif isinstance(value, str) and (
            match := (VCPU_TEXT if self.unit == "vcpu" else GIGABYTES_TEXT).fullmatch(value.strip())
        ):
            scaled = float(match.group(1)) * 1024
            if scaled != int(scaled):
                reader.problem(path, f"{value} is not a whole number of units")
                return None
            amount = int(scaled)
        else:
            example = '"256" or "1 vCPU"' if self.unit == "vcpu" else '"512" or "2 GB"'
            reader.problem(path, f"must be a number or a string such as {example}")
            return None
        if not 0 < amount <= 10**9:
            reader.problem(path, "must be more than 0")
            return None
        return amount

    def shape(self):
        unit = "[vV][cC][pP][uU]" if self.unit == "vcpu" else "[gG][bB]"
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 10**9},
                {
                    "type": "string",
                    "pattern": rf"^\s*([0-9]{{1,10}}|[0-9]{{1,6}}(\.[0-9]{{1,6}})? ?{unit})\s*$",
                },
            ]
        }


@dataclass(frozen=True)
class HostPort(Spec):
    """A running task's host port: a number (TCP) or a string such as "53/udp"."""

    description: str = ""

    def read(self, reader, value, path):
        if is_integer(value) and 0 < value <= 65535:
            return ("tcp", value)
        match = PORT_TEXT.fullmatch(value) if isinstance(value, str) else None
        if match and 0 < int(match.group(1)) <= 65535:
            return (match.group(2) or "tcp", int(match.group(1)))
        reader.problem(path, 'must be a port number, or a string such as "53/udp"')
        return None

    def shape(self):
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 65535},
                {"type": "string", "pattern": "^[0-9]{1,5}(/(tcp|udp))?$"},
            ]
        }


@dataclass(frozen=True)
class ReservedPort(Spec):
    description: str = ""

    def read(self, reader, value, path):
        if not isinstance(value, str) or not PORT_NUMBER.fullmatch(value) or int(value) > 65535:
            reader.problem(path, 'must be a port number as a string, such as "22"')
            return None
        return int(value)

    def shape(self):
        return {"type": "string", "pattern": "^[0-9]{1,5}$"}


# The document's shape. The reader below takes every member through these fields, so the JSON
# Schema published for the placement simulator is drawn from what it actually reads. Objects
# inside are open: pasted AWS JSON carries many members the simulator has no use for.
MEGA = 10**9
NETWORK_MODE = Choice(NETWORK_MODES)
RESOURCE = Object(
    {
        "name": Field(Text(), REQUIRED),
        "integerValue": Field(Integer(0, MEGA, description="CPU units or MiB")),
        "stringSetValue": Field(List(ReservedPort(), maximum=MAX_RESERVED_PORTS)),
    },
    closed=False,
    description="CPU and MEMORY with an integerValue; PORTS and PORTS_UDP with a stringSetValue.",
)
ATTRIBUTE = Object(
    {
        "name": Field(Text(MAX_ATTRIBUTE_LENGTH), REQUIRED),
        "value": Field(Text(MAX_ATTRIBUTE_LENGTH)),
    },
    closed=False,
)
RUNNING_TASK = Object(
    {
        "group": Field(Text(MAX_GROUP_LENGTH), REQUIRED),
        "cpu": Field(Integer(0, MEGA), 0),
        "memory": Field(Integer(0, MEGA), 0),
        "networkMode": Field(NETWORK_MODE, "bridge"),
        "hostPorts": Field(List(HostPort()), []),
    },
    closed=False,
)
INSTANCE = Object(
    {
        "ec2InstanceId": Field(Text(255), REQUIRED),
        "agentConnected": Field(Boolean(), True),
        "agentVersion": Field(Text(64, description="A version such as 1.80.0.")),
        "registeredAt": Field(Text(64, description="An ISO 8601 date and time.")),
        "attributes": Field(List(ATTRIBUTE), []),
        "registeredResources": Field(
            List(RESOURCE), REQUIRED, "is required: list the CPU and MEMORY resources"
        ),
        "runningTasks": Field(List(RUNNING_TASK), []),
        "maxEni": Field(Integer(1, 1000)),
    },
    closed=False,
    description="A container instance as DescribeContainerInstances returns it.",
)
CONSTRAINT = Object(
    {
        "type": Field(Choice(("distinctInstance", "memberOf")), REQUIRED),
        "expression": Field(Text(MAX_EXPRESSION_LENGTH)),
    },
    closed=False,
)
PORT_MAPPING = Object(
    {
        "containerPort": Field(Integer(1, 65535), REQUIRED),
        "hostPort": Field(Integer(0, 65535)),
        "protocol": Field(Choice(("tcp", "udp")), "tcp"),
    },
    closed=False,
)
CONTAINER = Object(
    {
        "name": Field(Text(255), REQUIRED),
        "cpu": Field(Integer(0, MEGA), 0),
        "memory": Field(Integer(1, MEGA)),
        "memoryReservation": Field(Integer(1, MEGA)),
        "portMappings": Field(List(PORT_MAPPING), []),
    },
    closed=False,
)
TASK_DEFINITION = Object(
    {
        "family": Field(
            Text(
                255, pattern="[A-Za-z0-9_-]+", form="1-255 letters, digits, hyphens or underscores"
            ),
            REQUIRED,
        ),
        "networkMode": Field(NETWORK_MODE, "bridge"),
        "cpu": Field(TaskSize("vcpu")),
        "memory": Field(TaskSize("gb")),
        "containerDefinitions": Field(
            List(CONTAINER, minimum=1, maximum=MAX_CONTAINERS),
            REQUIRED,
            "is required: a list of containers",
        ),
        "placementConstraints": Field(List(CONSTRAINT, maximum=MAX_CONSTRAINTS), []),
    },
    closed=False,
    description="A task definition as RegisterTaskDefinition takes it.",
)
STRATEGY = Object(
    {
        "type": Field(Choice(("random", "spread", "binpack")), REQUIRED),
        "field": Field(
            Text(
                len("attribute:") + MAX_ATTRIBUTE_LENGTH,
                description="binpack: cpu or memory; spread: instanceId, host or attribute:NAME.",
            )
        ),
    },
    closed=False,
)
SCENARIO = Object(
    {
        "containerInstances": Field(
            List(INSTANCE, minimum=1, maximum=MAX_INSTANCES),
            REQUIRED,
            "is required: a list of container instances",
        ),
        "taskDefinition": Field(TASK_DEFINITION, REQUIRED),
        "count": Field(Integer(0, MAX_TASKS), 1),
        "group": Field(Text(MAX_GROUP_LENGTH, description="Default: family:FAMILY.")),
        "placementStrategy": Field(List(STRATEGY, maximum=MAX_STRATEGIES), []),
        "placementConstraints": Field(List(CONSTRAINT, maximum=MAX_CONSTRAINTS), []),
        "seed": Field(Integer(-(2**63), 2**63 - 1), 0),
        "stopCount": Field(Integer(0, MAX_TASKS), 0),
        "title": Field(Anything(description="A preset's title, shown and otherwise ignored.")),
        "teaches": Field(Anything(description="What a preset teaches, shown and ignored.")),
    }
)


def schema():
    return document_schema(SCENARIO, "Task placement simulator scenario")


class _Reader(Reader):
    def scenario(self, document):
        if not isinstance(document, dict):
            self.problem("", f"the scenario must be a JSON object, not {describe(document)}")
            return None
        SCENARIO.mapping(self, document, "")
        task_definition = self.task_definition(document.get("taskDefinition"), "taskDefinition")
        uses_eni = task_definition is not None and task_definition["requirements"].uses_eni
        instances = self.instances(document, uses_eni)
        count = self.member(SCENARIO, document, "count", "")
        stop_count = self.member(SCENARIO, document, "stopCount", "")
        seed = self.member(SCENARIO, document, "seed", "")
        family = task_definition["family"] if task_definition else None
        group = self.member(SCENARIO, document, "group", "") or f"family:{family}"
        strategies = self.strategies(document)
        constraints = self.constraints(document, "", SCENARIO, "request")
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
                SERVICE_DEFAULT_STRATEGIES
                if group.startswith(SERVICE_GROUP_PREFIX)
                else RUN_TASK_DEFAULT_STRATEGIES
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

    def list_member(self, shape, mapping, key, path):
        """The items of list member `key` as they are, once the list itself is checked."""
        if key not in mapping:
            absent = self.member(shape, mapping, key, path)
            return absent or []
        return self.items(shape.fields[key].spec, mapping[key], child(path, key))

    def instances(self, document, uses_eni):
        path = "containerInstances"
        instances = []
        seen_ids = set()
        running_total = 0
        for index, item in enumerate(self.list_member(SCENARIO, document, path, "")):
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
        item = INSTANCE.mapping(self, value, path)
        if item is None:
            return None
        before = self.problem_count
        instance_id = self.member(INSTANCE, item, "ec2InstanceId", path)
        agent_connected = self.member(INSTANCE, item, "agentConnected", path)
        agent_version = None
        version_text = self.member(INSTANCE, item, "agentVersion", path)
        if version_text is not None:
            agent_version = parse_version(version_text)
            if agent_version is None:
                self.problem(child(path, "agentVersion"), "must be a version such as 1.80.0")
        registered_at = None
        moment_text = self.member(INSTANCE, item, "registeredAt", path)
        if moment_text is not None:
            registered_at = self.moment(moment_text, child(path, "registeredAt"))
        attributes = self.attributes(item, path)
        resources = self.registered_resources(item, path)
        trunked = TRUNK_ATTRIBUTE in attributes
        running_tasks = [
            self.running_task(task, child(child(path, "runningTasks"), index))
            for index, task in enumerate(self.list_member(INSTANCE, item, "runningTasks", path))
        ]
        eni_limit = None
        if "maxEni" in item:
            eni_limit = self.member(INSTANCE, item, "maxEni", path)
        elif not trunked:
            eni_limit = ENI_LIMITS.get(attributes.get(TYPE_ATTRIBUTE))
        if self.problem_count > before:
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

    def moment(self, text, path):
        try:
            moment = datetime.fromisoformat(text)
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        except (ValueError, OverflowError):
            self.problem(path, "must be a date and time such as 2026-01-10T08:00:00Z")
            return None

    def attributes(self, item, instance_path):
        path = child(instance_path, "attributes")
        attributes = {}
        for index, value in enumerate(
            self.list_member(INSTANCE, item, "attributes", instance_path)
        ):
            item_path = child(path, index)
            entry = ATTRIBUTE.mapping(self, value, item_path)
            if entry is None:
                continue
            name = self.member(ATTRIBUTE, entry, "name", item_path)
            # AWS leaves out the value of a flag attribute; null is read the same way.
            attribute_value = None
            if entry.get("value") is not None:
                attribute_value = self.member(ATTRIBUTE, entry, "value", item_path)
            if name is None:
                continue
            if name in attributes:
                self.problem(child(item_path, "name"), f"attribute {name} appears more than once")
            attributes[name] = attribute_value
        return attributes

    def registered_resources(self, item, instance_path):
        path = child(instance_path, "registeredResources")
        found = {"CPU": None, "MEMORY": None, "PORTS": None, "PORTS_UDP": frozenset()}
        if "registeredResources" not in item or item["registeredResources"] is None:
            self.member(INSTANCE, {}, "registeredResources", instance_path)
            return found
        named = set()
        for index, value in enumerate(
            self.list_member(INSTANCE, item, "registeredResources", instance_path)
        ):
            item_path = child(path, index)
            entry = RESOURCE.mapping(self, value, item_path)
            if entry is None:
                continue
            name = entry.get("name")
            if not isinstance(name, str):
                continue
            named.add(name)
            if name in ("CPU", "MEMORY"):
                found[name] = self.read(
                    RESOURCE.fields["integerValue"].spec,
                    entry.get("integerValue"),
                    child(item_path, "integerValue"),
                )
            elif name in ("PORTS", "PORTS_UDP"):
                ports = self.read(
                    RESOURCE.fields["stringSetValue"].spec,
                    entry.get("stringSetValue"),
                    child(item_path, "stringSetValue"),
                )
                protocol = "tcp" if name == "PORTS" else "udp"
                found[name] = frozenset((protocol, port) for port in ports if port is not None)
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

    def running_task(self, value, path):
        item = RUNNING_TASK.mapping(self, value, path)
        if item is None:
            return None
        group = self.member(RUNNING_TASK, item, "group", path)
        cpu = self.member(RUNNING_TASK, item, "cpu", path)
        memory = self.member(RUNNING_TASK, item, "memory", path)
        mode = self.member(RUNNING_TASK, item, "networkMode", path)
        ports_path = child(path, "hostPorts")
        ports = set()
        for index, entry in enumerate(self.list_member(RUNNING_TASK, item, "hostPorts", path)):
            port = self.read(
                RUNNING_TASK.fields["hostPorts"].spec.item, entry, child(ports_path, index)
            )
            if port is not None and port in ports:
                self.problem(child(ports_path, index), f"{format_port(port)} appears twice")
            if port is not None:
                ports.add(port)
        if ports and mode in ("awsvpc", "none"):
            self.problem(ports_path, f"a task in {mode} mode holds no host ports")
        if None in (group, cpu, memory):
            return None
        return RunningTask(group, cpu, memory, frozenset(ports), uses_eni=mode == "awsvpc")

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
        if len(in_use) > MAX_RESERVED_PORTS:
            self.problem(
                tasks_path,
                f"hold host ports that, with the instance's reserved ones, make {len(in_use)}; "
                f"ECS allows at most {MAX_RESERVED_PORTS} reserved host ports per container "
                "instance",
            )
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
        item = TASK_DEFINITION.mapping(self, value, path)
        if item is None:
            return None
        before = self.problem_count
        family = self.member(TASK_DEFINITION, item, "family", path)
        mode = self.member(TASK_DEFINITION, item, "networkMode", path) or "bridge"
        task_cpu = self.member(TASK_DEFINITION, item, "cpu", path)
        task_memory = self.member(TASK_DEFINITION, item, "memory", path)
        containers_path = child(path, "containerDefinitions")
        containers = self.list_member(TASK_DEFINITION, item, "containerDefinitions", path)
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
        constraints = self.constraints(item, path, TASK_DEFINITION, "taskDefinition")
        if self.problem_count > before:
            return None
        requirements = TaskRequirements(
            network_mode=mode,
            cpu=task_cpu if task_cpu is not None else container_cpu,
            memory=task_memory if task_memory is not None else container_memory,
            host_ports=frozenset(ports),
            uses_eni=mode == "awsvpc",
        )
        return {"family": family, "requirements": requirements, "constraints": constraints}

    def container(self, value, path, mode, task_has_memory, task_ports):
        item = CONTAINER.mapping(self, value, path)
        if item is None:
            return None
        before = self.problem_count
        self.member(CONTAINER, item, "name", path)
        cpu = self.member(CONTAINER, item, "cpu", path)
        memory = self.member(CONTAINER, item, "memory", path)
        reservation = self.member(CONTAINER, item, "memoryReservation", path)
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
        mappings = self.list_member(CONTAINER, item, "portMappings", path)
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
        if self.problem_count > before:
            return None
        return cpu, reservation if reservation is not None else (memory or 0)

    def port_mapping(self, value, path, mode):
        """The static host port a mapping takes on the instance, or None (dynamic, awsvpc, bad)."""
        item = PORT_MAPPING.mapping(self, value, path)
        if item is None:
            return None
        container_port = self.member(PORT_MAPPING, item, "containerPort", path)
        host_port = None
        # hostPort null is how the AWS CLI's output writes a dynamic port.
        if item.get("hostPort") is not None:
            host_port = self.member(PORT_MAPPING, item, "hostPort", path)
        protocol = self.member(PORT_MAPPING, item, "protocol", path)
        if protocol is None or container_port is None:
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

    def strategies(self, document):
        path = "placementStrategy"
        strategies = []
        for index, item in enumerate(self.list_member(SCENARIO, document, path, "")):
            item_path = child(path, index)
            entry = STRATEGY.mapping(self, item, item_path)
            if entry is None:
                continue
            kind = self.member(STRATEGY, entry, "type", item_path)
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
        return strategies

    def constraints(self, mapping, path, shape, source):
        """The placementConstraints of the request (source "request") or of a task definition."""
        constraints = []
        list_path = child(path, "placementConstraints")
        for index, item in enumerate(
            self.list_member(shape, mapping, "placementConstraints", path)
        ):
            item_path = child(list_path, index)
            entry = CONSTRAINT.mapping(self, item, item_path)
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
                query = self.expression(entry, item_path)
                if query is not None:
                    constraints.append(Constraint("memberOf", source, query))
            else:
                allowed = (
                    ["memberOf"] if source == "taskDefinition" else ["distinctInstance", "memberOf"]
                )
                self.problem(child(item_path, "type"), f"must be {either(allowed)}")
        return constraints

    def expression(self, entry, item_path):
        path = child(item_path, "expression")
        if entry.get("expression") is None:
            self.problem(path, "memberOf needs a cluster query language expression")
            return None
        text = self.member(CONSTRAINT, entry, "expression", item_path)
        if text is None:
            return None
        try:
            return parse_query(text)
        except QuerySyntaxError as error:
            self.problem(path, str(error))
            return None
