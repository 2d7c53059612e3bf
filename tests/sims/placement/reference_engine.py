"""
The placement engine as it was before it became incremental (issue 14), kept verbatim as the
oracle the incremental engine is compared with: every candidate set is a plain set or list and
every strategy scans it. Slow at the limits, simple to read. Not used by the app.
"""

import random
from collections import Counter
from dataclasses import dataclass

from studyapp.sims.placement.engine import service_event
from studyapp.sims.placement.scenario import MAX_RESERVED_PORTS, format_port

RESOURCE_REASONS = ("AGENT", "RESOURCE:CPU", "RESOURCE:MEMORY", "RESOURCE:PORTS", "RESOURCE:ENI")
AGENT, CPU, MEMORY, PORTS, ENI = range(len(RESOURCE_REASONS))
CONSTRAINT_REASONS = {
    "memberOf": "MemberOf placement constraint unsatisfied.",
    "distinctInstance": "DistinctInstance placement constraint unsatisfied.",
}
RULED_OUT_BY_RESOURCE = (
    "agent disconnected",
    "short of CPU",
    "short of memory",
    "host port in use or over 100 reserved",
    "no ENI left",
)
FULLEST = float("inf")
LISTED_CANDIDATES = 25
LISTED_SPREAD_VALUES = 12


class InstanceView:
    """What the cluster query language reads about an instance, kept current by the cluster."""

    __slots__ = (
        "agent_connected",
        "agent_version",
        "attributes",
        "ec2_instance_id",
        "registered_at",
        "running_tasks_count",
        "task_groups",
    )

    def __init__(self, instance):
        self.ec2_instance_id = instance.ec2_instance_id
        self.agent_connected = instance.agent_connected
        self.agent_version = instance.agent_version
        self.registered_at = instance.registered_at
        self.attributes = instance.attributes
        self.running_tasks_count = len(instance.running_tasks)
        self.task_groups = Counter(task.group for task in instance.running_tasks)


@dataclass
class TaskOnInstance:
    group: str
    cpu: int
    memory: int
    host_ports: frozenset
    uses_eni: bool
    age: int
    placed_as: int | None
    running_index: int | None


class Cluster:
    """The instances' state during a run, and the placement of the scenario's tasks."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.random = random.Random(scenario.seed)
        instances = scenario.instances
        self.size = len(instances)
        self.ids = [instance.ec2_instance_id for instance in instances]
        self.zones = [instance.availability_zone for instance in instances]
        self.views = [InstanceView(instance) for instance in instances]
        self.cpu_left = []
        self.memory_left = []
        self.eni_left = []
        self.ports_in_use = []
        self.tasks = []
        age = 0
        for instance in instances:
            running = instance.running_tasks
            self.cpu_left.append(instance.cpu - sum(task.cpu for task in running))
            self.memory_left.append(instance.memory - sum(task.memory for task in running))
            self.eni_left.append(
                None
                if instance.eni_limit is None
                else instance.eni_limit
                - instance.enis_for_the_instance
                - sum(task.uses_eni for task in running)
            )
            ports = set(instance.reserved_ports)
            for task in running:
                ports |= task.host_ports
            self.ports_in_use.append(ports)
            on_instance = []
            for index, task in enumerate(running):
                on_instance.append(
                    TaskOnInstance(
                        task.group,
                        task.cpu,
                        task.memory,
                        task.host_ports,
                        task.uses_eni,
                        age=age,
                        placed_as=None,
                        running_index=index,
                    )
                )
                age += 1
            self.tasks.append(on_instance)
        self.next_age = age
        group = scenario.group
        self.group_tasks = [view.task_groups[group] for view in self.views]
        self.spread_values = {}
        self.spread_counts = {}
        for strategy in scenario.strategies:
            field = strategy.field
            if strategy.type == "spread" and field.startswith("attribute:"):
                name = field.removeprefix("attribute:")
                values = [instance.attributes.get(name) for instance in instances]
                counts = Counter()
                for value, tasks in zip(values, self.group_tasks, strict=True):
                    counts[value] += tasks
                self.spread_values[field] = values
                self.spread_counts[field] = counts
        self.placements = []
        self.failures = []
        self.explanations = []

    def spread_load(self, field, value):
        """How many tasks of the group share `value`; lacking the attribute counts as fullest."""
        return FULLEST if value is None else self.spread_counts[field][value]

    def add_task(self, index, task):
        self.cpu_left[index] -= task.cpu
        self.memory_left[index] -= task.memory
        self.ports_in_use[index] |= task.host_ports
        if task.uses_eni:
            self.eni_left[index] -= 1
        self.tasks[index].append(task)
        self._count(index, task.group, +1)

    def remove_task(self, index, task):
        self.cpu_left[index] += task.cpu
        self.memory_left[index] += task.memory
        self.ports_in_use[index] -= task.host_ports
        if task.uses_eni:
            self.eni_left[index] += 1
        self.tasks[index].remove(task)
        self._count(index, task.group, -1)

    def _count(self, index, group, change):
        view = self.views[index]
        view.running_tasks_count += change
        view.task_groups[group] += change
        if not view.task_groups[group]:
            del view.task_groups[group]
        if group == self.scenario.group:
            self.group_tasks[index] += change
            for field, values in self.spread_values.items():
                self.spread_counts[field][values[index]] += change

    def listed(self, candidates):
        """Candidate ids in containerInstances order, or None when too many to be worth listing."""
        if len(candidates) > LISTED_CANDIDATES:
            return None
        return [self.ids[index] for index in sorted(candidates)]

    def place_all(self):
        placer = _Placer(self)
        for number in range(1, self.scenario.count + 1):
            placer.place(number)


class _Placer:
    """The per-task four-step loop, over candidate sets kept current between tasks."""

    def __init__(self, cluster):
        self.cluster = cluster
        scenario = cluster.scenario
        self.requirements = scenario.requirements
        self.constraint_checks = [self.constraint_check(c) for c in scenario.constraints]
        self.passed = len(RESOURCE_REASONS) + len(self.constraint_checks)
        self.stage = [self.first_unmet(index) for index in range(cluster.size)]
        self.stage_counts = Counter(self.stage)
        self.resources_ok = {
            index for index, stage in enumerate(self.stage) if stage >= len(RESOURCE_REASONS)
        }
        self.eligible = {index for index, stage in enumerate(self.stage) if stage == self.passed}
        first = scenario.strategies[0]
        self.bucket_field = first.field if first.field in cluster.spread_values else None
        self.buckets = {}
        if self.bucket_field:
            values = cluster.spread_values[self.bucket_field]
            for value in set(values):
                self.buckets[value] = set()
            for index in self.eligible:
                self.buckets[values[index]].add(index)
        self.failure_cache = None
        self.requirement_text = describe_requirements(self.requirements)

    def constraint_check(self, constraint):
        cluster = self.cluster
        if constraint.type == "distinctInstance":
            group_tasks = cluster.group_tasks
            return lambda index: group_tasks[index] == 0
        query = constraint.query
        views = cluster.views
        if query.dynamic:
            return lambda index: query.matches(views[index])
        return [query.matches(view) for view in views].__getitem__

    def first_unmet(self, index):
        """The first check the instance fails, in the order failure reasons are ranked."""
        cluster = self.cluster
        needs = self.requirements
        if not cluster.views[index].agent_connected:
            return AGENT
        if cluster.cpu_left[index] < needs.cpu:
            return CPU
        if cluster.memory_left[index] < needs.memory:
            return MEMORY
        in_use = cluster.ports_in_use[index]
        if needs.host_ports and (
            not needs.host_ports.isdisjoint(in_use)
            or len(in_use) + len(needs.host_ports) > MAX_RESERVED_PORTS
        ):
            return PORTS
        if needs.uses_eni and cluster.eni_left[index] < 1:
            return ENI
        for offset, allows in enumerate(self.constraint_checks):
            if not allows(index):
                return len(RESOURCE_REASONS) + offset
        return self.passed

    def recheck(self, index):
        old = self.stage[index]
        new = self.first_unmet(index)
        if new == old:
            return
        self.stage[index] = new
        self.stage_counts[old] -= 1
        self.stage_counts[new] += 1
        resources_ok = new >= len(RESOURCE_REASONS)
        if resources_ok:
            self.resources_ok.add(index)
        else:
            self.resources_ok.discard(index)
        bucket = (
            self.buckets[self.cluster.spread_values[self.bucket_field][index]]
            if self.bucket_field
            else None
        )
        if new == self.passed:
            self.eligible.add(index)
            if bucket is not None:
                bucket.add(index)
        else:
            self.eligible.discard(index)
            if bucket is not None:
                bucket.discard(index)

    def place(self, number):
        cluster = self.cluster
        steps = [self.resources_step()]
        if self.resources_ok:
            steps.append(self.constraints_step())
        if not self.eligible:
            self.fail(number, steps)
            return
        candidates = self.eligible
        chosen_at_random = False
        for position, strategy in enumerate(cluster.scenario.strategies):
            if chosen_at_random:
                explanation = "Nothing left to narrow: random already chose one instance."
            elif strategy.type == "random":
                candidates, explanation = self.pick_at_random(candidates)
                chosen_at_random = True
            elif strategy.type == "binpack":
                candidates, explanation = self.binpack(candidates, strategy.field)
            elif strategy.field in cluster.spread_values:
                candidates, explanation = self.spread_attribute(
                    candidates, strategy.field, from_buckets=position == 0
                )
            else:
                candidates, explanation = self.spread_instances(candidates)
            steps.append(
                {
                    "step": "strategy",
                    "strategy": strategy.as_dict(),
                    "candidates": len(candidates),
                    "instances": cluster.listed(candidates),
                    "explanation": explanation,
                }
            )
        winner = min(candidates)
        steps.append(self.pick_step(winner, len(candidates), chosen_at_random))
        task = TaskOnInstance(
            cluster.scenario.group,
            self.requirements.cpu,
            self.requirements.memory,
            self.requirements.host_ports,
            self.requirements.uses_eni,
            age=cluster.next_age,
            placed_as=number,
            running_index=None,
        )
        cluster.next_age += 1
        cluster.add_task(winner, task)
        self.recheck(winner)
        self.failure_cache = None
        cluster.placements.append(
            {
                "task": number,
                "containerInstance": cluster.ids[winner],
                "availabilityZone": cluster.zones[winner],
            }
        )
        cluster.explanations.append(
            {
                "task": number,
                "containerInstance": cluster.ids[winner],
                "reason": None,
                "steps": steps,
            }
        )

    def resources_step(self):
        cluster = self.cluster
        ruled_out = self.ruled_out(range(len(RESOURCE_REASONS)))
        kept = len(self.resources_ok)
        explanation = (
            f"{kept} of {cluster.size} instances have the agent connected and room for "
            f"{self.requirement_text}."
        )
        if ruled_out:
            explanation += f" Ruled out: {', '.join(ruled_out)}."
        return {
            "step": "resources",
            "candidates": kept,
            "instances": cluster.listed(self.resources_ok),
            "explanation": explanation,
        }

    def constraints_step(self):
        cluster = self.cluster
        constraints = cluster.scenario.constraints
        kept = len(self.eligible)
        if not constraints:
            explanation = "No placement constraints: every instance with room stays."
        else:
            ruled_out = self.ruled_out(range(len(RESOURCE_REASONS), self.passed))
            explanation = (
                f"{kept} of {len(self.resources_ok)} satisfy every constraint "
                f"({', '.join(constraint.label for constraint in constraints)})."
            )
            if ruled_out:
                explanation += f" Ruled out (first unmet constraint): {', '.join(ruled_out)}."
        return {
            "step": "constraints",
            "candidates": kept,
            "instances": cluster.listed(self.eligible),
            "explanation": explanation,
        }

    def ruled_out(self, stages):
        """How many instances stopped at each of `stages`, as "2 short of memory" phrases."""
        phrases = []
        for stage in stages:
            if not self.stage_counts[stage]:
                continue
            if stage < len(RESOURCE_REASONS):
                label = RULED_OUT_BY_RESOURCE[stage]
            else:
                constraint = self.cluster.scenario.constraints[stage - len(RESOURCE_REASONS)]
                label = f"by {constraint.label}"
            phrases.append(f"{self.stage_counts[stage]} {label}")
        return phrases

    def pick_at_random(self, candidates):
        cluster = self.cluster
        ordered = sorted(candidates)
        chosen = cluster.random.choice(ordered)
        explanation = (
            f"Chose {cluster.ids[chosen]} at random (seed {cluster.scenario.seed}) among "
            f"{len(ordered)} candidate{'s' if len(ordered) != 1 else ''}."
        )
        return [chosen], explanation

    def binpack(self, candidates, resource):
        cluster = self.cluster
        left = cluster.cpu_left if resource == "cpu" else cluster.memory_left
        least = min(map(left.__getitem__, candidates))
        kept = [index for index in candidates if left[index] == least]
        need = self.requirements.cpu if resource == "cpu" else self.requirements.memory
        unit = "CPU units" if resource == "cpu" else "MiB of memory"
        explanation = (
            f"Kept the instance{'s' if len(kept) != 1 else ''} with the least {resource} left: "
            f"{least - need} {unit} after placing the task ({least} before)."
        )
        return kept, explanation

    def spread_instances(self, candidates):
        group_tasks = self.cluster.group_tasks
        fewest = min(map(group_tasks.__getitem__, candidates))
        kept = [index for index in candidates if group_tasks[index] == fewest]
        explanation = (
            f"Kept the instances running the fewest tasks of group {self.cluster.scenario.group}: "
            f"{fewest}."
        )
        return kept, explanation

    def spread_attribute(self, candidates, field, from_buckets):
        cluster = self.cluster
        values = cluster.spread_values[field]
        if from_buckets:
            present = [value for value, members in self.buckets.items() if members]
        else:
            present = {values[index] for index in candidates}
        loads = {value: cluster.spread_load(field, value) for value in present}
        fewest = min(loads.values())
        kept_values = [value for value in present if loads[value] == fewest]
        if len(kept_values) == len(present):
            kept = candidates
        elif from_buckets and len(kept_values) == 1:
            kept = self.buckets[kept_values[0]]
        elif from_buckets:
            kept = set().union(*(self.buckets[value] for value in kept_values))
        else:
            wanted = set(kept_values)
            kept = [index for index in candidates if values[index] in wanted]
        return kept, self.spread_explanation(field, loads, fewest, kept_values)

    def spread_explanation(self, field, loads, fewest, kept_values):
        group = self.cluster.scenario.group
        name = field.removeprefix("attribute:")
        if fewest == FULLEST:
            return f"No candidate has attribute {name}, so spread leaves them all."
        shown = sorted(value for value in loads if value is not None)
        counts = ", ".join(f"{value} {loads[value]}" for value in shown[:LISTED_SPREAD_VALUES])
        if len(shown) > LISTED_SPREAD_VALUES:
            counts += f", and {len(shown) - LISTED_SPREAD_VALUES} more"
        explanation = f"Tasks of group {group} per {name} among the candidates' values: {counts}."
        if None in loads:
            explanation += (
                f" Candidates without {name} count as fullest and are kept only when no "
                "candidate has it."
            )
        kept = sorted(kept_values)
        shown_kept = ", ".join(kept[:LISTED_SPREAD_VALUES])
        if len(kept) > LISTED_SPREAD_VALUES:
            shown_kept += f" and {len(kept) - LISTED_SPREAD_VALUES} more"
        return explanation + f" Kept the instances in {shown_kept} (fewest: {fewest})."

    def pick_step(self, winner, remaining, chosen_at_random):
        name = self.cluster.ids[winner]
        if chosen_at_random:
            explanation = f"{name}: the instance random chose."
        elif remaining == 1:
            explanation = f"{name}: the only candidate left after the strategies."
        else:
            explanation = (
                f"{remaining} candidates tie after the strategies; {name} wins as the first of "
                "them in containerInstances."
            )
        return {"step": "pick", "candidates": 1, "instances": [name], "explanation": explanation}

    def fail(self, number, steps):
        cluster = self.cluster
        if self.failure_cache is None:
            closest = max(range(cluster.size), key=lambda index: (self.stage[index], -index))
            stage = self.stage[closest]
            clash = stage == PORTS and not self.requirements.host_ports.isdisjoint(
                cluster.ports_in_use[closest]
            )
            self.failure_cache = (
                self.reason(stage),
                self.failure_detail(closest),
                service_event(cluster.scenario.group, stage, clash, cluster.ids[closest]),
            )
        reason, detail, event = self.failure_cache
        cluster.failures.append(
            {"task": number, "reason": reason, "detail": detail, "serviceEvent": event}
        )
        cluster.explanations.append(
            {"task": number, "containerInstance": None, "reason": reason, "steps": steps}
        )

    def reason(self, stage):
        if stage < len(RESOURCE_REASONS):
            return RESOURCE_REASONS[stage]
        constraint = self.cluster.scenario.constraints[stage - len(RESOURCE_REASONS)]
        return CONSTRAINT_REASONS[constraint.type]

    def failure_detail(self, closest):
        cluster = self.cluster
        needs = self.requirements
        name = cluster.ids[closest]
        stage = self.stage[closest]
        if stage == AGENT:
            problem = "has its container agent disconnected"
        elif stage == CPU:
            problem = f"has {cluster.cpu_left[closest]} CPU units left; the task needs {needs.cpu}"
        elif stage == MEMORY:
            problem = (
                f"has {cluster.memory_left[closest]} MiB of memory left; the task needs "
                f"{needs.memory} MiB"
            )
        elif stage == PORTS:
            in_use = cluster.ports_in_use[closest]
            clash = sorted(needs.host_ports & in_use)
            if clash:
                problem = f"already has host port {', '.join(map(format_port, clash))} in use"
            else:
                problem = (
                    f"already holds {len(in_use)} reserved host ports (its own and its tasks'); "
                    f"the task's {len(needs.host_ports)} more would pass ECS's limit of "
                    f"{MAX_RESERVED_PORTS} per container instance"
                )
        elif stage == ENI:
            problem = "has no ENI left for another awsvpc task (the primary ENI counts too)"
        else:
            constraint = cluster.scenario.constraints[stage - len(RESOURCE_REASONS)]
            if constraint.type == "distinctInstance":
                problem = (
                    f"already runs a task of group {cluster.scenario.group} (distinctInstance)"
                )
            else:
                problem = f"does not satisfy {constraint.label}"
        ruled_out = self.ruled_out(range(self.passed))
        return (
            f"No container instance meets every requirement. The closest match, {name}, "
            f"{problem}. Instances by first unmet requirement: {', '.join(ruled_out)}."
        )


def describe_requirements(requirements):
    parts = [f"{requirements.cpu} CPU units", f"{requirements.memory} MiB of memory"]
    if requirements.host_ports:
        ports = ", ".join(format_port(port) for port in sorted(requirements.host_ports))
        parts.append(f"host port {ports}")
    if requirements.uses_eni:
        parts.append("an ENI")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def stop_tasks(cluster):
    return _ScaleIn(cluster).run()


class _ScaleIn:
    def __init__(self, cluster):
        self.cluster = cluster
        group = cluster.scenario.group
        self.group_tasks = [
            [task for task in tasks if task.group == group] for tasks in cluster.tasks
        ]
        self.largest = {
            "cpu": [max((task.cpu for task in tasks), default=0) for tasks in self.group_tasks],
            "memory": [
                max((task.memory for task in tasks), default=0) for tasks in self.group_tasks
            ],
        }
        self.hosting = {index for index, tasks in enumerate(self.group_tasks) if tasks}
        self.remaining = sum(map(len, self.group_tasks))
        first = cluster.scenario.strategies[0]
        self.bucket_field = first.field if first.field in cluster.spread_values else None
        self.buckets = {}
        if self.bucket_field:
            values = cluster.spread_values[self.bucket_field]
            for index in self.hosting:
                self.buckets.setdefault(values[index], set()).add(index)

    def run(self):
        cluster = self.cluster
        stopped = []
        for number in range(1, cluster.scenario.stop_count + 1):
            if not self.hosting:
                break
            index, task, steps = self.choose()
            self.stop(index, task)
            stopped.append(
                {
                    "stop": number,
                    "containerInstance": cluster.ids[index],
                    "availabilityZone": cluster.zones[index],
                    "task": task.placed_as,
                    "runningTask": task.running_index,
                    "steps": steps,
                }
            )
        return stopped

    def choose(self):
        """The instance and task to stop next, with the steps that led there."""
        cluster = self.cluster
        candidates = self.hosting
        narrowed = None
        steps = [
            {
                "step": "candidates",
                "candidates": self.remaining,
                "instances": cluster.listed(candidates),
                "explanation": (
                    f"{self.remaining} tasks of group {cluster.scenario.group} are running."
                ),
            }
        ]
        chosen = None
        for position, strategy in enumerate(cluster.scenario.strategies):
            if chosen is not None:
                explanation = "Nothing left to narrow: random already chose one task."
            elif strategy.type == "random":
                chosen, explanation = self.pick_at_random(candidates, narrowed)
                candidates, narrowed = [chosen[0]], {chosen[0]: [chosen[1]]}
            elif strategy.type == "binpack":
                candidates, narrowed, explanation = self.binpack(
                    candidates, narrowed, strategy.field
                )
            elif strategy.field in cluster.spread_values:
                candidates, explanation = self.spread_attribute(
                    candidates, strategy.field, from_buckets=position == 0
                )
            else:
                candidates, explanation = self.spread_instances(candidates)
            steps.append(
                {
                    "step": "strategy",
                    "strategy": strategy.as_dict(),
                    "candidates": self.count(candidates, narrowed),
                    "instances": cluster.listed(candidates),
                    "explanation": explanation,
                }
            )
        tied = self.count(candidates, narrowed)
        index = max(candidates, key=lambda i: self.tasks_of(i, narrowed)[-1].age)
        task = self.tasks_of(index, narrowed)[-1]
        name = cluster.ids[index]
        if chosen is not None:
            explanation = f"The task on {name} that random chose."
        elif tied == 1:
            explanation = f"The only task left after the strategies, on {name}."
        else:
            explanation = f"{tied} tasks tie after the strategies; the newest, on {name}, stops."
        steps.append(
            {"step": "pick", "candidates": 1, "instances": [name], "explanation": explanation}
        )
        return index, task, steps

    def tasks_of(self, index, narrowed):
        """The instance's candidate tasks, oldest first."""
        return narrowed[index] if narrowed is not None else self.group_tasks[index]

    def count(self, candidates, narrowed):
        return sum(len(self.tasks_of(index, narrowed)) for index in candidates)

    def stop(self, index, task):
        self.cluster.remove_task(index, task)
        tasks = self.group_tasks[index]
        tasks.remove(task)
        self.remaining -= 1
        self.largest["cpu"][index] = max((each.cpu for each in tasks), default=0)
        self.largest["memory"][index] = max((each.memory for each in tasks), default=0)
        if not tasks:
            self.hosting.discard(index)
            if self.bucket_field:
                value = self.cluster.spread_values[self.bucket_field][index]
                self.buckets[value].discard(index)

    def spread_attribute(self, candidates, field, from_buckets):
        cluster = self.cluster
        values = cluster.spread_values[field]
        if from_buckets:
            present = [value for value, members in self.buckets.items() if members]
        else:
            present = {values[index] for index in candidates}
        loads = {value: cluster.spread_load(field, value) for value in present}
        most = max(loads.values())
        kept_values = [value for value in present if loads[value] == most]
        if len(kept_values) == len(present):
            kept = candidates
        elif from_buckets:
            kept = set().union(*(self.buckets[value] for value in kept_values))
        else:
            wanted = set(kept_values)
            kept = [index for index in candidates if values[index] in wanted]
        name = field.removeprefix("attribute:")
        if most == FULLEST:
            return (
                kept,
                f"Stopping a task on an instance without {name} first: it is outside the spread.",
            )
        shown = ", ".join(sorted(kept_values))
        return kept, (
            f"Kept the tasks in {shown}: the most tasks of the group per {name} ({most}), so "
            "stopping one evens the spread."
        )

    def spread_instances(self, candidates):
        group_tasks = self.cluster.group_tasks
        most = max(map(group_tasks.__getitem__, candidates))
        kept = [index for index in candidates if group_tasks[index] == most]
        return (
            kept,
            f"Kept the tasks on the instances running the most tasks of the group ({most}).",
        )

    def binpack(self, candidates, narrowed, resource):
        left = self.cluster.cpu_left if resource == "cpu" else self.cluster.memory_left

        def size(task):
            return task.cpu if resource == "cpu" else task.memory

        if narrowed is None:
            largest = self.largest[resource]
            freed = {index: left[index] + largest[index] for index in candidates}
        else:
            freed = {
                index: max(left[index] + size(task) for task in narrowed[index])
                for index in candidates
            }
        most = max(freed.values())
        kept = [index for index in candidates if freed[index] == most]
        narrowed = {
            index: [
                task for task in self.tasks_of(index, narrowed) if left[index] + size(task) == most
            ]
            for index in kept
        }
        unit = "CPU units" if resource == "cpu" else "MiB of memory"
        explanation = (
            f"Kept the tasks whose instance would have the most {resource} left once stopped: "
            f"{most} {unit}."
        )
        return kept, narrowed, explanation

    def pick_at_random(self, candidates, narrowed):
        cluster = self.cluster
        ordered = sorted(
            ((index, task) for index in candidates for task in self.tasks_of(index, narrowed)),
            key=lambda pair: pair[1].age,
        )
        chosen = cluster.random.choice(ordered)
        explanation = (
            f"Chose the task on {cluster.ids[chosen[0]]} at random (seed {cluster.scenario.seed}) "
            f"among {len(ordered)}."
        )
        return chosen, explanation
