"""
Scale-in: choosing which tasks of the group to stop, as ECS does, and explaining each choice.

The candidates are every task of the group, those running before the simulation and those it
placed. The placement strategies (or their defaults) apply in order, each keeping its best:

- spread(field) keeps the tasks on instances whose value of the field has the most tasks of the
  group, so every stop evens the spread. Tasks on instances lacking the attribute stop first:
  they sit outside the spread, and placement treats those instances as the fullest too.
- binpack(resource) keeps the tasks whose instance would have the most of the resource left
  once the task stops (its remaining amount plus the task's own use), so the emptiest instances
  empty first and the rest stay packed.
- random picks one task uniformly, with the run's random.Random(seed).

Remaining ties go to the newest task, as ECS stops newest first: tasks the simulation placed
are newer than running ones and later placements newer than earlier ones; running tasks are
taken as started in document order (instance by instance, then list order), the last newest.
ECS breaks age ties at random; the document order removes them. Each stop updates resources
and counts before the next choice. Asking for more stops than there are tasks of the group
stops them all.

As in placement, the per-instance facts (the group's tasks, the largest of them) are kept
current between stops, and the common chains are ranked without scanning the candidates:
leading spread(attribute) strategies work on cells of instances sharing their values, and the
binpack (on one resource) and spread(instanceId) strategies after them, with the newest-task
tie-break, on a heap per cell (their keys change only on the instance a task stops on). A chain
led by random draws the k-th oldest task from a Fenwick tree over task ages. Any other chain
scans the candidates at every stop; all paths charge the run's work budget.
"""

import heapq
from collections import Counter

from studyapp.sims.placement.engine import (
    FULLEST,
    INSTANCE_FIELDS,
    grouped_strategy_step,
    remove_newest_first,
)

RESOURCES = ("cpu", "memory")
# A candidate of a scanning stop costs about ten placement candidates: a dict entry, a list of
# its tasks, and the count and the newest task read from them.
SCANNED_STOP_CANDIDATE = 10


def stop_tasks(cluster):
    return _ScaleIn(cluster).run()


class _ScaleIn:
    def __init__(self, cluster):
        self.cluster = cluster
        group = cluster.scenario.group
        self.group_tasks = [
            [task for task in tasks if task.group == group] for tasks in cluster.tasks
        ]
        # How many of the group's tasks on each instance have each size, and the largest size.
        self.sizes = {
            resource: [
                Counter(getattr(task, resource) for task in tasks) for tasks in self.group_tasks
            ]
            for resource in RESOURCES
        }
        self.largest = {
            resource: [max(sizes, default=0) for sizes in self.sizes[resource]]
            for resource in RESOURCES
        }
        self.hosting = {index for index, tasks in enumerate(self.group_tasks) if tasks}
        self.remaining = sum(map(len, self.group_tasks))
        self.work = cluster.work
        strategies = cluster.scenario.strategies
        leading = 0
        while leading < len(strategies) and strategies[leading].field in cluster.spread_values:
            leading += 1
        self.leading = strategies[:leading]
        ranked = leading
        while ranked < len(strategies) and (
            strategies[ranked].type == "binpack" or strategies[ranked].field in INSTANCE_FIELDS
        ):
            ranked += 1
        self.ranked = strategies[leading:ranked]
        # A binpack keeps only the tasks of the instance's largest size, so a later binpack on
        # the other resource ranks per task, not per instance: such chains are scanned.
        binpacked = {strategy.field for strategy in self.ranked if strategy.type == "binpack"}
        self.binpacked = next(iter(binpacked)) if len(binpacked) == 1 else None
        if len(binpacked) > 1:
            self.ranked = ()
        self.cells = None
        self.ages = None
        self.buckets = {}
        if len(self.leading) + len(self.ranked) == len(strategies):
            self.build_cells()
        elif strategies[0].type == "random":
            self.ages = _AgeTree(cluster.next_age)
            self.task_of_age = {}
            for index in self.hosting:
                for task in self.group_tasks[index]:
                    self.ages.add(task.age)
                    self.task_of_age[task.age] = (index, task)
        self.bucket_field = strategies[0].field if self.leading else None
        if self.bucket_field and self.cells is None:
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
        steps = [
            {
                "step": "candidates",
                "candidates": self.remaining,
                "instances": cluster.listed(self.hosting),
                "explanation": (
                    f"{self.remaining} tasks of group {cluster.scenario.group} are running."
                ),
            }
        ]
        self.work.spend(1)
        if self.cells is not None:
            return self.choose_ranked(steps)
        if self.ages is not None:
            return self.choose_at_random(steps)
        return self.choose_by_scanning(steps)

    def choose_by_scanning(self, steps):
        """Any chain: every strategy scans the candidates left."""
        cluster = self.cluster
        candidates = self.hosting
        narrowed = None
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
            self.work.spend(SCANNED_STOP_CANDIDATE * len(candidates))
            steps.append(self.strategy_step(strategy, candidates, narrowed, explanation))
        self.work.spend(SCANNED_STOP_CANDIDATE * len(candidates))
        tied = self.count(candidates, narrowed)
        index = max(candidates, key=lambda i: self.tasks_of(i, narrowed)[-1].age)
        task = self.tasks_of(index, narrowed)[-1]
        steps.append(self.pick_step(index, tied, chosen is not None))
        return index, task, steps

    def strategy_step(self, strategy, candidates, narrowed, explanation):
        return {
            "step": "strategy",
            "strategy": strategy.as_dict(),
            "candidates": self.count(candidates, narrowed),
            "instances": self.cluster.listed(candidates),
            "explanation": explanation,
        }

    def pick_step(self, index, tied, at_random):
        name = self.cluster.ids[index]
        if at_random:
            explanation = f"The task on {name} that random chose."
        elif tied == 1:
            explanation = f"The only task left after the strategies, on {name}."
        else:
            explanation = f"{tied} tasks tie after the strategies; the newest, on {name}, stops."
        return {"step": "pick", "candidates": 1, "instances": [name], "explanation": explanation}

    def choose_at_random(self, steps):
        """A chain led by random: the k-th oldest of all the group's tasks, from the age tree."""
        cluster = self.cluster
        ordered = _AgesInOrder(self.ages, self.remaining)
        index, task = self.task_of_age[cluster.random.choice(ordered)]
        self.work.spend(self.ages.depth)
        explanation = (
            f"Chose the task on {cluster.ids[index]} at random (seed {cluster.scenario.seed}) "
            f"among {self.remaining}."
        )
        candidates, narrowed = [index], {index: [task]}
        for strategy in cluster.scenario.strategies:
            steps.append(self.strategy_step(strategy, candidates, narrowed, explanation))
            explanation = "Nothing left to narrow: random already chose one task."
        steps.append(self.pick_step(index, 1, at_random=True))
        return index, task, steps

    def choose_ranked(self, steps):
        """Leading spreads over cells, then the ranked strategies from the cells' heaps."""
        cluster = self.cluster
        cells = list(self.cells_filled.values())
        self.work.spend(1 + len(cells))
        for position, strategy in enumerate(self.leading):
            loads = {}
            for cell in cells:
                value = cell.values[position]
                if value not in loads:
                    loads[value] = cluster.spread_load(strategy.field, value)
            self.work.spend(len(cells) + len(loads))
            most = max(loads.values())
            kept_values = [value for value, load in loads.items() if load == most]
            cells = [cell for cell in cells if loads[cell.values[position]] == most]
            instances = [cell.members for cell in cells]
            tasks = sum(cell.tasks for cell in cells)
            explanation = self.spread_explanation(strategy.field, most, kept_values)
            steps.append(
                grouped_strategy_step(
                    self.cluster.ids, strategy, instances, explanation, candidates=tasks
                )
            )
        best = min(self.best_in(cell) for cell in cells)
        index = best[1]
        tied = sum(cell.tasks for cell in cells)
        for level, strategy in enumerate(self.ranked):
            prefix = tuple(-part for part in best[0][: level + 1])
            kept = [cell for cell in cells if prefix in cell.tied[level]]
            instances = [cell.tied[level][prefix] for cell in kept]
            tied = sum(cell.tied_tasks[level][prefix] for cell in kept)
            if strategy.type == "binpack":
                explanation = self.binpack_explanation(strategy.field, prefix[-1])
            else:
                explanation = self.spread_instances_explanation(prefix[-1])
            steps.append(
                grouped_strategy_step(
                    self.cluster.ids, strategy, instances, explanation, candidates=tied
                )
            )
        task = self.candidates_on(index)[1]
        steps.append(self.pick_step(index, tied, at_random=False))
        return index, task, steps

    def build_cells(self):
        cluster = self.cluster
        self.cells = {}
        self.cells_filled = {}
        self.versions = [0] * cluster.size
        self.keys = [None] * cluster.size
        self.cell_of = []
        for index in range(cluster.size):
            values = tuple(
                cluster.spread_values[strategy.field][index] for strategy in self.leading
            )
            cell = self.cells.get(values)
            if cell is None:
                cell = self.cells[values] = _StopCell(values, len(self.ranked))
            self.cell_of.append(cell)
        for index in sorted(self.hosting):
            self.enter(index)

    def candidates_on(self, index):
        """How many of the instance's tasks a binpack in the chain keeps (all of them without
        one), and the newest of those."""
        tasks = self.group_tasks[index]
        resource = self.binpacked
        if resource is None:
            return len(tasks), tasks[-1]
        largest = self.largest[resource][index]
        for scanned, task in enumerate(reversed(tasks), start=1):
            if getattr(task, resource) == largest:
                self.work.spend(scanned)
                return self.sizes[resource][index][largest], task
        raise AssertionError("the largest size belongs to one of the instance's tasks")

    def ranking_keys(self, index):
        """The instance's key for each ranked strategy: the most wins."""
        keys = []
        for strategy in self.ranked:
            if strategy.type == "binpack":
                left = (
                    self.cluster.cpu_left if strategy.field == "cpu" else self.cluster.memory_left
                )
                keys.append(left[index] + self.largest[strategy.field][index])
            else:
                keys.append(len(self.group_tasks[index]))
        return tuple(keys)

    def enter(self, index):
        cell = self.cell_of[index]
        if not cell.members:
            self.cells_filled[cell.values] = cell
        candidates, newest = self.candidates_on(index)
        tasks = len(self.group_tasks[index])
        cell.members.add(index)
        cell.tasks += tasks
        keys = self.ranking_keys(index)
        counts = []
        for level, strategy in enumerate(self.ranked):
            if strategy.type == "binpack":
                tasks = candidates
            counts.append(tasks)
            prefix = keys[: level + 1]
            cell.tied[level].setdefault(prefix, set()).add(index)
            cell.tied_tasks[level][prefix] = cell.tied_tasks[level].get(prefix, 0) + tasks
        self.keys[index] = (keys, counts)
        ranking = (*(-key for key in keys), -newest.age)
        heapq.heappush(cell.heap, (ranking, index, self.versions[index]))

    def leave(self, index):
        cell = self.cell_of[index]
        cell.members.discard(index)
        if not cell.members:
            del self.cells_filled[cell.values]
        cell.tasks -= len(self.group_tasks[index])
        self.versions[index] += 1
        keys, counts = self.keys[index]
        for level, tasks in enumerate(counts):
            prefix = keys[: level + 1]
            members = cell.tied[level][prefix]
            members.discard(index)
            cell.tied_tasks[level][prefix] -= tasks
            if not members:
                del cell.tied[level][prefix]
                del cell.tied_tasks[level][prefix]

    def best_in(self, cell):
        heap, versions = cell.heap, self.versions
        while heap[0][2] != versions[heap[0][1]]:
            heapq.heappop(heap)
            self.work.spend(1)
        return heap[0]

    def tasks_of(self, index, narrowed):
        """The instance's candidate tasks, oldest first."""
        return narrowed[index] if narrowed is not None else self.group_tasks[index]

    def count(self, candidates, narrowed):
        return sum(len(self.tasks_of(index, narrowed)) for index in candidates)

    def stop(self, index, task):
        if self.cells is not None:
            self.leave(index)
        if self.ages is not None:
            self.ages.remove(task.age)
        self.cluster.remove_task(index, task)
        tasks = self.group_tasks[index]
        remove_newest_first(tasks, task)
        self.remaining -= 1
        for resource in RESOURCES:
            sizes = self.sizes[resource][index]
            size = getattr(task, resource)
            sizes[size] -= 1
            if not sizes[size]:
                del sizes[size]
                if size == self.largest[resource][index]:
                    self.work.spend(len(sizes))
                    self.largest[resource][index] = max(sizes, default=0)
        if not tasks:
            self.hosting.discard(index)
            if self.buckets:
                value = self.cluster.spread_values[self.bucket_field][index]
                self.buckets[value].discard(index)
        elif self.cells is not None:
            self.enter(index)

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
        return kept, self.spread_explanation(field, most, kept_values)

    @staticmethod
    def spread_explanation(field, most, kept_values):
        name = field.removeprefix("attribute:")
        if most == FULLEST:
            return f"Stopping a task on an instance without {name} first: it is outside the spread."
        shown = ", ".join(sorted(kept_values))
        return (
            f"Kept the tasks in {shown}: the most tasks of the group per {name} ({most}), so "
            "stopping one evens the spread."
        )

    def spread_instances(self, candidates):
        group_tasks = self.cluster.group_tasks
        most = max(map(group_tasks.__getitem__, candidates))
        kept = [index for index in candidates if group_tasks[index] == most]
        return kept, self.spread_instances_explanation(most)

    @staticmethod
    def spread_instances_explanation(most):
        return f"Kept the tasks on the instances running the most tasks of the group ({most})."

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
        return kept, narrowed, self.binpack_explanation(resource, most)

    @staticmethod
    def binpack_explanation(resource, most):
        unit = "CPU units" if resource == "cpu" else "MiB of memory"
        return (
            f"Kept the tasks whose instance would have the most {resource} left once stopped: "
            f"{most} {unit}."
        )

    def pick_at_random(self, candidates, narrowed):
        cluster = self.cluster
        ordered = sorted(
            ((index, task) for index in candidates for task in self.tasks_of(index, narrowed)),
            key=lambda pair: pair[1].age,
        )
        self.work.spend(SCANNED_STOP_CANDIDATE * len(ordered))
        chosen = cluster.random.choice(ordered)
        explanation = (
            f"Chose the task on {cluster.ids[chosen[0]]} at random (seed {cluster.scenario.seed}) "
            f"among {len(ordered)}."
        )
        return chosen, explanation


class _StopCell:
    """Hosting instances sharing one value of each leading spread field (see _ScaleIn)."""

    __slots__ = ("heap", "members", "tasks", "tied", "tied_tasks", "values")

    def __init__(self, values, ranked_strategies):
        self.values = values
        self.members = set()
        self.tasks = 0
        self.heap = []
        self.tied = [{} for _ in range(ranked_strategies)]
        self.tied_tasks = [{} for _ in range(ranked_strategies)]


class _AgeTree:
    """A Fenwick tree over task ages: which ages are still running, and the k-th oldest."""

    def __init__(self, size):
        self.size = size
        self.counts = [0] * (size + 1)
        self.depth = max(1, size.bit_length())

    def add(self, age, change=1):
        position = age + 1
        while position <= self.size:
            self.counts[position] += change
            position += position & -position

    def remove(self, age):
        self.add(age, -1)

    def kth(self, rank):
        """The age of the task with `rank` older tasks still running."""
        position = 0
        step = 1 << (self.depth - 1)
        while step:
            ahead = position + step
            if ahead <= self.size and self.counts[ahead] <= rank:
                position = ahead
                rank -= self.counts[ahead]
            step >>= 1
        return position


class _AgesInOrder:
    """The running tasks' ages oldest first, as a sequence random.choice can index."""

    def __init__(self, tree, length):
        self.tree = tree
        self.length = length

    def __len__(self):
        return self.length

    def __getitem__(self, rank):
        return self.tree.kth(rank)
