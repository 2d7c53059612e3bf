"""
Placing tasks one at a time, as ECS does, and keeping the account of every choice.

For each task the four documented steps run in order: keep the instances whose agent is
connected and that have the CPU, memory, host ports and (awsvpc) ENI the task needs; keep those
satisfying every constraint (the task definition's, then the request's); let each strategy in
turn narrow the candidates to its best; pick. The placement then updates the instance's
resources and the group counts the next task sees.

Rules chosen where ECS documents nothing:

- binpack keeps the candidates with the least remaining CPU or memory (the task's need is the
  same everywhere, so "least left after placement" and "least left now" pick the same ones).
- spread counts the tasks of the group (running ones included) on every instance of the
  cluster, not only on the candidates, per value of the field, and keeps the candidates whose
  value has the fewest. Instances that lack the attribute, or have it without a value, count as
  the fullest: spread uses them only when no candidate has the attribute. `host` is the same as
  `instanceId`: the count is per instance.
- random picks uniformly among the remaining candidates, in containerInstances order, with one
  random.Random(seed) for the whole run; later strategies have nothing left to narrow.
- Ties left after the strategies go to the instance listed first in containerInstances.
- The failure reason: an instance is checked in the order agent, CPU, memory, ports, ENI, then
  the constraints in order, and its first unmet check is its reason. The task's reason is the
  one of the closest match, the instance that got furthest through the checks (the first listed
  among equals), as ECS's own "closest matching container instance" message does. A failed task
  changes nothing, so every later task fails the same way.

The checks depend only on the instance itself (its resources, ports, ENIs, its own tasks for
distinctInstance, runningTasksCount and task:group), so after a placement only the chosen
instance is checked again; the candidate sets are kept up to date instead of being rebuilt for
every task, and the strategies rank them from structures kept current too (see _Placer), which
is what makes thousands of instances and tasks fast.

Every run charges a WorkBudget of MAX_WORK candidate evaluations (instances examined, heap
entries dropped, memberOf expressions evaluated, by length); past it the run stops with
InvalidInput naming the limit, whatever the chain, so no document holds a worker.
tests/sims/placement/reference_engine.py keeps the engine as it was before, scanning every
candidate for every task, as the oracle test_reference.py compares this one with.
"""

import bisect
import heapq
import random
from collections import Counter
from dataclasses import dataclass

from studyapp.sims.placement.scenario import (
    MAX_RESERVED_PORTS,
    SERVICE_GROUP_PREFIX,
    format_port,
)
from studyapp.sims.validation import WorkBudget

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
INSTANCE_FIELDS = ("instanceId", "host")
LABEL_LENGTH = 80
# Half a second or so of this engine's work on the benchmark machine (bench/worst_cases/sims.py),
# leaving room for reading the document, the fixed cost of every task's explanation and writing
# the result within the 2 s a request may take.
MAX_WORK = 3_000_000
# A memberOf expression is evaluated term by term; a term is some 40 characters and costs about
# as much as five candidate evaluations.
EXPRESSION_CHARACTERS_PER_UNIT = 8
WORK_UNIT = "candidate evaluations (instances examined, summed over every task placed or stopped)"
WORK_ADVICE = (
    "use fewer instances, tasks or tasks to stop, or strategies the simulator ranks without "
    "scanning every candidate (spread over an attribute, then binpack or spread(instanceId))"
)


def grouped_strategy_step(ids, strategy, groups, explanation, candidates=None):
    """
    A strategy's step over the instances kept, given as groups of instance indexes; the
    instances are listed only when few. `candidates` is what the step counts, the instances
    themselves unless given (scale-in counts tasks).
    """
    count = sum(map(len, groups))
    listed = None
    if count <= LISTED_CANDIDATES:
        listed = [ids[index] for index in sorted(set().union(*groups))]
    return {
        "step": "strategy",
        "strategy": strategy.as_dict(),
        "candidates": count if candidates is None else candidates,
        "instances": listed,
        "explanation": explanation,
    }


def remove_newest_first(tasks, task):
    """Remove `task` itself from a list kept oldest first; scale-in stops mostly the newest, so
    searching from the end costs a step or two where list.remove would compare every task."""
    for position in range(len(tasks) - 1, -1, -1):
        if tasks[position] is task:
            del tasks[position]
            return
    raise ValueError("the task is not on this instance")


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


class _Cell:
    """
    The eligible instances sharing one value of each leading spread(attribute) field: their
    indices in order, and for the ranked strategies a heap of (keys, index, version) entries
    and, per prefix of the keys, the set of instances sharing it.
    """

    __slots__ = ("heap", "ordered", "tied", "values")

    def __init__(self, values, ranked_strategies):
        self.values = values
        self.ordered = []
        self.heap = []
        self.tied = [{} for _ in range(ranked_strategies)]


class _SortedUnion:
    """Several sorted lists of instance indices read as one sorted sequence, for random.choice:
    its k-th item is found by bisecting the index range, without merging the lists."""

    def __init__(self, lists, work):
        self.lists = lists
        self.size = sum(map(len, lists))
        self.work = work

    def __len__(self):
        return self.size

    def __getitem__(self, position):
        if len(self.lists) == 1:
            return self.lists[0][position]
        low, high = 0, max(ordered[-1] for ordered in self.lists)
        while low < high:
            middle = (low + high) // 2
            self.work.spend(len(self.lists))
            if sum(bisect.bisect_right(ordered, middle) for ordered in self.lists) > position:
                high = middle
            else:
                low = middle + 1
        return low


class Cluster:
    """The instances' state during a run, and the placement of the scenario's tasks."""

    def __init__(self, scenario, work=None):
        self.scenario = scenario
        self.work = work or WorkBudget(MAX_WORK, WORK_UNIT, WORK_ADVICE)
        self.work.spend(len(scenario.instances))
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
        remove_newest_first(self.tasks[index], task)
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
    """
    The per-task four-step loop, over candidate structures kept current between tasks.

    The strategy chain is read in three parts. Leading spread(attribute) strategies work on
    cells, the eligible instances sharing one value of every leading field: a cell's load is
    the same for all its members, so each of those strategies costs a pass over the non-empty
    cells, not over the instances. The binpack and spread(instanceId) strategies that follow
    rank instances by keys of their own (CPU or memory left, the group's tasks on it), which
    change only for the instance that takes a task; each cell keeps them in a heap, and the
    instances sharing each prefix of the keys in a set, so the best instance and the size of
    every tie come from the heap tops of the kept cells. Whatever follows (random, or another
    spread(attribute) after binpack) narrows an explicit list of the instances left.
    """

    def __init__(self, cluster):
        self.cluster = cluster
        scenario = cluster.scenario
        self.work = cluster.work
        self.requirements = scenario.requirements
        self.constraint_checks = [self.constraint_check(c) for c in scenario.constraints]
        self.passed = len(RESOURCE_REASONS) + len(self.constraint_checks)
        self.stage = [self.first_unmet(index) for index in range(cluster.size)]
        self.stage_counts = Counter(self.stage)
        self.resources_ok = {
            index for index, stage in enumerate(self.stage) if stage >= len(RESOURCE_REASONS)
        }
        self.eligible = {index for index, stage in enumerate(self.stage) if stage == self.passed}
        strategies = scenario.strategies
        leading = 0
        while leading < len(strategies) and strategies[leading].field in cluster.spread_values:
            leading += 1
        keyed = leading
        while keyed < len(strategies) and (
            strategies[keyed].type == "binpack" or strategies[keyed].field in INSTANCE_FIELDS
        ):
            keyed += 1
        self.leading = strategies[:leading]
        self.keyed = strategies[leading:keyed]
        self.rest = strategies[keyed:]
        self.key_sources = [
            cluster.group_tasks
            if strategy.type == "spread"
            else cluster.cpu_left
            if strategy.field == "cpu"
            else cluster.memory_left
            for strategy in self.keyed
        ]
        self.versions = [0] * cluster.size
        self.keys = [None] * cluster.size
        cells = {}
        self.cell_of = []
        for index in range(cluster.size):
            values = tuple(
                cluster.spread_values[strategy.field][index] for strategy in self.leading
            )
            cell = cells.get(values)
            if cell is None:
                cell = cells[values] = _Cell(values, len(self.keyed))
            self.cell_of.append(cell)
        self.filled = {}
        for index in sorted(self.eligible):
            self.enter(index)
        self.failure_cache = None
        self.first_steps = None
        self.requirement_text = describe_requirements(self.requirements)

    def constraint_check(self, constraint):
        cluster = self.cluster
        if constraint.type == "distinctInstance":
            group_tasks = cluster.group_tasks
            return lambda index: group_tasks[index] == 0
        query = constraint.query
        views = cluster.views
        cost = 1 + len(query.text) // EXPRESSION_CHARACTERS_PER_UNIT
        if query.dynamic:

            def allows(index):
                self.work.spend(cost)
                return query.matches(views[index])

            return allows
        self.work.spend(cost * len(views))
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
        if needs.host_ports and not ports_fit(needs.host_ports, cluster.ports_in_use[index]):
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
        self.first_steps = None
        self.stage_counts[old] -= 1
        self.stage_counts[new] += 1
        if new >= len(RESOURCE_REASONS):
            self.resources_ok.add(index)
        else:
            self.resources_ok.discard(index)
        if new == self.passed:
            self.eligible.add(index)
        else:
            self.eligible.discard(index)

    def enter(self, index):
        """Add an eligible instance to its cell, ranked by its current keys."""
        cell = self.cell_of[index]
        if not cell.ordered:
            self.filled[cell.values] = cell
        bisect.insort(cell.ordered, index)
        if self.keyed:
            keys = tuple(source[index] for source in self.key_sources)
            self.keys[index] = keys
            heapq.heappush(cell.heap, (keys, index, self.versions[index]))
            for level, tied in enumerate(cell.tied):
                tied.setdefault(keys[: level + 1], set()).add(index)

    def leave(self, index):
        """Take an instance out of its cell; its heap entry goes stale and is dropped later."""
        cell = self.cell_of[index]
        del cell.ordered[bisect.bisect_left(cell.ordered, index)]
        if not cell.ordered:
            del self.filled[cell.values]
        self.versions[index] += 1
        if self.keyed:
            keys = self.keys[index]
            for level, tied in enumerate(cell.tied):
                members = tied[keys[: level + 1]]
                members.discard(index)
                if not members:
                    del tied[keys[: level + 1]]

    def best_in(self, cell):
        """The cell's (keys, index, version) entry that ranks first, stale entries dropped."""
        heap, versions = cell.heap, self.versions
        while heap[0][2] != versions[heap[0][1]]:
            heapq.heappop(heap)
            self.work.spend(1)
        return heap[0]

    def place(self, number):
        if self.first_steps is None:
            # They change only when an instance's first unmet check does.
            self.first_steps = [self.resources_step()]
            if self.resources_ok:
                self.first_steps.append(self.constraints_step())
        steps = list(self.first_steps)
        if not self.eligible:
            self.fail(number, steps)
            return
        cells = list(self.filled.values())
        self.work.spend(1 + len(cells))
        for position, strategy in enumerate(self.leading):
            cells, explanation = self.spread_cells(cells, position, strategy.field)
            tied = [cell.ordered for cell in cells]
            steps.append(self.strategy_step(strategy, tied, explanation))
        best = None
        if self.keyed:
            best = min(self.best_in(cell) for cell in cells)
            for level, strategy in enumerate(self.keyed):
                prefix = best[0][: level + 1]
                tied = [cell.tied[level][prefix] for cell in cells if prefix in cell.tied[level]]
                explanation = self.ranked_explanation(strategy, best[0][level], tied)
                steps.append(self.strategy_step(strategy, tied, explanation))
        if not self.rest:
            # Every strategy was leading or ranked, so `tied` holds the instances left.
            remaining = sum(map(len, tied))
            winner = best[1] if best else min(cell.ordered[0] for cell in cells)
            chosen_at_random = False
        else:
            if self.keyed:
                candidates = set().union(*tied)
                self.work.spend(len(candidates))
            else:
                # Only random can follow leading spreads directly: anything else is ranked.
                candidates = _SortedUnion([cell.ordered for cell in cells], self.work)
            candidates, chosen_at_random = self.narrow(candidates, steps)
            winner = min(candidates)
            remaining = len(candidates)
        steps.append(self.pick_step(winner, remaining, chosen_at_random))
        self.record(number, winner, steps)

    def narrow(self, candidates, steps):
        """The strategies after the ranked ones, each scanning the candidates left."""
        cluster = self.cluster
        chosen_at_random = False
        for strategy in self.rest:
            if chosen_at_random:
                explanation = "Nothing left to narrow: random already chose one instance."
            elif strategy.type == "random":
                candidates, explanation = self.pick_at_random(candidates)
                chosen_at_random = True
            else:
                self.work.spend(len(candidates))
                if strategy.type == "binpack":
                    candidates, explanation = self.binpack(candidates, strategy.field)
                elif strategy.field in cluster.spread_values:
                    candidates, explanation = self.spread_attribute(candidates, strategy.field)
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
        return candidates, chosen_at_random

    def record(self, number, winner, steps):
        cluster = self.cluster
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
        self.leave(winner)
        cluster.add_task(winner, task)
        self.recheck(winner)
        if winner in self.eligible:
            self.enter(winner)
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

    def strategy_step(self, strategy, tied, explanation):
        """A strategy's step, `tied` being the sorted or unordered groups of instances kept."""
        return grouped_strategy_step(self.cluster.ids, strategy, tied, explanation)

    def spread_cells(self, cells, position, field):
        """spread(attribute) over whole cells: keep those whose value has the fewest tasks."""
        loads = {}
        for cell in cells:
            value = cell.values[position]
            if value not in loads:
                loads[value] = self.cluster.spread_load(field, value)
        self.work.spend(len(cells) + len(loads))
        fewest = min(loads.values())
        kept_values = [value for value, load in loads.items() if load == fewest]
        kept = [cell for cell in cells if loads[cell.values[position]] == fewest]
        return kept, self.spread_explanation(field, loads, fewest, kept_values)

    def ranked_explanation(self, strategy, key, tied):
        if strategy.type == "spread":
            return self.fewest_tasks_explanation(key)
        return self.binpack_explanation(strategy.field, key, sum(map(len, tied)))

    def fewest_tasks_explanation(self, fewest):
        return (
            f"Kept the instances running the fewest tasks of group {self.cluster.scenario.group}: "
            f"{fewest}."
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
                f"({', '.join(short_label(constraint) for constraint in constraints)})."
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
                label = f"by {short_label(constraint)}"
            phrases.append(f"{self.stage_counts[stage]} {label}")
        return phrases

    def pick_at_random(self, candidates):
        """Uniformly among the candidates in containerInstances order (a sorted sequence)."""
        cluster = self.cluster
        ordered = candidates if isinstance(candidates, _SortedUnion) else sorted(candidates)
        self.work.spend(1 if isinstance(candidates, _SortedUnion) else len(ordered))
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
        return kept, self.binpack_explanation(resource, least, len(kept))

    def binpack_explanation(self, resource, least, kept):
        need = self.requirements.cpu if resource == "cpu" else self.requirements.memory
        unit = "CPU units" if resource == "cpu" else "MiB of memory"
        return (
            f"Kept the instance{'s' if kept != 1 else ''} with the least {resource} left: "
            f"{least - need} {unit} after placing the task ({least} before)."
        )

    def spread_instances(self, candidates):
        group_tasks = self.cluster.group_tasks
        fewest = min(map(group_tasks.__getitem__, candidates))
        kept = [index for index in candidates if group_tasks[index] == fewest]
        return kept, self.fewest_tasks_explanation(fewest)

    def spread_attribute(self, candidates, field):
        cluster = self.cluster
        values = cluster.spread_values[field]
        present = {values[index] for index in candidates}
        loads = {value: cluster.spread_load(field, value) for value in present}
        fewest = min(loads.values())
        kept_values = [value for value in present if loads[value] == fewest]
        if len(kept_values) == len(present):
            kept = candidates
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
                problem = f"does not satisfy {short_label(constraint)}"
        ruled_out = self.ruled_out(range(self.passed))
        return (
            f"No container instance meets every requirement. The closest match, {name}, "
            f"{problem}. Instances by first unmet requirement: {', '.join(ruled_out)}."
        )


def service_event(group, stage, port_clash, closest):
    """
    The service event ECS writes when it cannot place a task of a service (None for other
    groups), word for word from service-event-messages-list.html: the documented sentence, and
    the closest-match sentence for the three causes the page words (CPU, the agent, a port in
    use). The page gives no sentence for the other causes, so the event stops after the first.
    """
    if not group.startswith(SERVICE_GROUP_PREFIX):
        return None
    name = group.removeprefix(SERVICE_GROUP_PREFIX)
    event = (
        f"service {name} was unable to place a task because no container instance met all of "
        "its requirements."
    )
    closest_match = f" The closest matching container-instance {closest}"
    if stage == CPU:
        event += closest_match + " has insufficient CPU units available."
    elif stage == AGENT:
        event += closest_match + ' encountered error "AGENT".'
    elif stage == PORTS and port_clash:
        event += closest_match + " is already using a port required by your task."
    return event


def ports_fit(needed, in_use):
    """Whether a task's static host ports fit beside those `in_use` on an instance: none of them
    taken, and at most MAX_RESERVED_PORTS in all, the instance's reserved ports and every
    running task's counted (service-event-messages-list.html, "Too many ports registered")."""
    return needed.isdisjoint(in_use) and len(in_use) + len(needed) <= MAX_RESERVED_PORTS


def short_label(constraint):
    """A constraint as a task's explanation names it. Every task repeats it, so a long expression
    is cut (the summary keeps it whole): ten 2,000-character expressions made 70 MB of result."""
    label = constraint.label
    return label if len(label) <= LABEL_LENGTH else f"{label[: LABEL_LENGTH - 2]}…)"


def describe_requirements(requirements):
    parts = [f"{requirements.cpu} CPU units", f"{requirements.memory} MiB of memory"]
    if requirements.host_ports:
        ports = ", ".join(format_port(port) for port in sorted(requirements.host_ports))
        parts.append(f"host port {ports}")
    if requirements.uses_eni:
        parts.append("an ENI")
    return ", ".join(parts[:-1]) + " and " + parts[-1]
