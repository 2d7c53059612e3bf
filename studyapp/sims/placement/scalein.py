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

As in placement, the per-instance facts (the group's tasks, the largest of them) and, for a
first spread strategy, the instances grouped by value are kept current between stops, so a
stop costs a pass over the remaining candidates rather than over every task of the cluster.
"""

from studyapp.sims.placement.engine import FULLEST


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
