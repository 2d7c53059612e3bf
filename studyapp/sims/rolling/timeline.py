"""
A rolling update played out second by second, as the ECS service scheduler would run it.

The model, and what in it is the simulator's own choice:
- Every task is PENDING (provisioning, pulling its image), RUNNING (not yet counted healthy),
  HEALTHY (counted toward minimumHealthyPercent) or STOPPING (ECS has decided to stop it).
- The lower bound protects HEALTHY tasks; the upper bound counts every task ECS still has, so a
  STOPPING task counts until it has stopped (AWS: tasks in RUNNING or PENDING count toward
  maximumPercent, and a stopping task is still RUNNING until it stops).
- At every decision point ECS uses all the room the bounds give it: it stops outgoing tasks down
  to the lower bound and starts replacements up to the upper bound, never more replacements than
  the desired count. Outgoing tasks that never became healthy (during a rollback) are stopped
  first, since stopping them costs no healthy capacity.
- Failing new tasks are the first N new tasks launched (or all of them); each stops before it
  reaches RUNNING, which is what the circuit breaker counts while no new task runs.
- A step is each moment at which something changes; tasks changing at the same second are
  grouped in one step. With zero durations several steps share a second.
"""

from collections import Counter
from dataclasses import dataclass

from studyapp.sims.validation import WorkBudget

PENDING = "pending"
RUNNING = "running"
HEALTHY = "healthy"
STOPPING = "stopping"
STATES = (PENDING, RUNNING, HEALTHY, STOPPING)

MAX_STEPS = 1000
FAILURE_CAP_PER_TASK = 2
# The limits allow about 1,000 steps over 2,000 tasks (old, new and stopping), charged twice a
# step: 4,000,000. The worst found, 1.4 million, took 0.5 s; past 3 million is refused.
MAX_WORK = 3_000_000
WORK_UNIT = "task visits (tasks present, summed over every step)"
WORK_ADVICE = "lower desiredCount or give the tasks longer start, health and stop times"


@dataclass
class Task:
    revision: str
    state: str
    due: int | None = None
    fails: bool = False


@dataclass(frozen=True)
class Settings:
    desired_count: int
    lower: int
    upper: int
    start_seconds: int
    healthy_seconds: int
    stop_seconds: int
    failing_new_tasks: int | None  # None: every new task fails
    circuit_breaker: bool
    rollback: bool
    threshold: int


class Deployment:
    def __init__(self, settings, work=None):
        self.settings = settings
        self.work = work or WorkBudget(MAX_WORK, WORK_UNIT, WORK_ADVICE)
        self.tasks = [Task("old", HEALTHY) for _ in range(settings.desired_count)]
        self.now = 0
        self.target, self.outgoing = "new", "old"
        self.rollout_state = "IN_PROGRESS"
        self.failures = 0
        self.new_launches = 0
        self.steps = []
        self.triggered_at = None

    def run(self):
        """Play the deployment to its end and return the outcome (see the package docstring)."""
        self._record(
            [
                f"Deployment of the new revision starts; {self.settings.desired_count} old "
                "tasks are running and healthy."
            ],
            self._schedule(),
        )
        while True:
            outcome = self._outcome()
            if outcome in ("COMPLETED", "ROLLED_BACK"):
                self.rollout_state = "COMPLETED"
                self._record([self._completion_event()], [])
            if outcome:
                return outcome
            if len(self.steps) >= MAX_STEPS or self._gave_up():
                return "IN_PROGRESS"
            # Each turn of the loop passes over the tasks a few times.
            self.work.spend(len(self.tasks))
            self.now = min(task.due for task in self.tasks if task.due is not None)
            events = self._advance() + self._check_circuit_breaker()
            actions = [] if self.rollout_state == "FAILED" else self._schedule()
            self._record(events, actions)

    def _outcome(self):
        if len(self.tasks) == self.settings.desired_count and all(
            task.revision == self.target and task.state == HEALTHY for task in self.tasks
        ):
            return "ROLLED_BACK" if self.target == "old" else "COMPLETED"
        if any(task.due is not None for task in self.tasks):
            return None
        return "FAILED" if self.rollout_state == "FAILED" else "STUCK"

    def _completion_event(self):
        if self.target == "old":
            return "The rollback deployment is COMPLETED: the service runs the old revision again."
        return (
            "The service reaches a steady state on the new revision: the deployment is COMPLETED."
        )

    def _gave_up(self):
        """
        Without a circuit breaker ECS retries failing tasks for ever; the simulator stops after
        FAILURE_CAP_PER_TASK failed launches per desired task (at least 10) to keep the page short.
        """
        cap = max(10, FAILURE_CAP_PER_TASK * self.settings.desired_count)
        return not self.settings.circuit_breaker and self.failures >= cap

    def _advance(self):
        changes = {}
        gone = []
        for task in self.tasks:
            if task.due is None or task.due > self.now:
                continue
            if task.state == PENDING and task.fails:
                gone.append(task)
                self.failures += 1
                kind = "failed to start and stopped before reaching RUNNING"
            elif task.state == PENDING:
                task.state, task.due = RUNNING, self.now + self.settings.healthy_seconds
                kind = "reached RUNNING"
            elif task.state == RUNNING:
                task.state, task.due = HEALTHY, None
                kind = "became healthy"
            else:
                gone.append(task)
                kind = "stopped"
            changes[(task.revision, kind)] = changes.get((task.revision, kind), 0) + 1
        if gone:
            leaving = set(map(id, gone))
            self.tasks = [task for task in self.tasks if id(task) not in leaving]
        return [
            f"{count} {revision} task{'s' if count > 1 else ''} {kind}."
            for (revision, kind), count in changes.items()
        ]

    def _check_circuit_breaker(self):
        settings = self.settings
        if (
            not settings.circuit_breaker
            or self.target != "new"
            or self.rollout_state == "FAILED"
            or self.failures < settings.threshold
        ):
            return []
        self.rollout_state, self.triggered_at = "FAILED", self.now
        events = [
            f"The circuit breaker counted {self.failures} failed tasks, reaching its threshold of "
            f"{settings.threshold}: the deployment is FAILED and ECS launches no more new tasks."
        ]
        if settings.rollback:
            self.target, self.outgoing = "old", "new"
            self.rollout_state = "IN_PROGRESS"
            events.append(
                "Rollback is on: ECS starts a deployment back to the last COMPLETED one, the old "
                "revision."
            )
        return events

    def _schedule(self):
        actions = []
        unproven = [
            task
            for task in self.tasks
            if task.revision == self.outgoing and task.state in (PENDING, RUNNING)
        ]
        if unproven:
            self._stop(unproven)
            actions.append(
                self._action(
                    "STOP",
                    self.outgoing,
                    len(unproven),
                    "they never became healthy, so stopping them costs no healthy capacity",
                )
            )
        healthy = self._count(states=(HEALTHY,))
        outgoing_healthy = [
            task for task in self.tasks if task.revision == self.outgoing and task.state == HEALTHY
        ]
        stop_count = min(healthy - self.settings.lower, len(outgoing_healthy))
        if stop_count > 0:
            self._stop(outgoing_healthy[:stop_count])
            actions.append(
                self._action(
                    "STOP",
                    self.outgoing,
                    stop_count,
                    f"{healthy - stop_count} healthy tasks remain, not below the lower bound of "
                    f"{self.settings.lower} (minimumHealthyPercent)",
                )
            )
        target_active = self._count(revision=self.target, states=(PENDING, RUNNING, HEALTHY))
        total = self._count(states=STATES)
        start_count = min(self.settings.desired_count - target_active, self.settings.upper - total)
        if start_count > 0:
            for _ in range(start_count):
                self.tasks.append(
                    Task(
                        self.target,
                        PENDING,
                        self.now + self.settings.start_seconds,
                        fails=self.target == "new" and self._next_new_launch_fails(),
                    )
                )
            actions.append(
                self._action(
                    "START",
                    self.target,
                    start_count,
                    f"{total + start_count} tasks in all, not above the upper bound of "
                    f"{self.settings.upper} (maximumPercent)",
                )
            )
        return actions

    def _next_new_launch_fails(self):
        self.new_launches += 1
        limit = self.settings.failing_new_tasks
        return limit is None or self.new_launches <= limit

    def _stop(self, tasks):
        for task in tasks:
            task.state, task.due = STOPPING, self.now + self.settings.stop_seconds

    def _count(self, revision=None, states=STATES):
        return sum(
            1
            for task in self.tasks
            if task.state in states and (revision is None or task.revision == revision)
        )

    @staticmethod
    def _action(action, revision, count, reason):
        return {"action": action, "revision": revision, "count": count, "reason": reason}

    def _record(self, events, actions):
        if not events and not actions:
            return
        self.work.spend(len(self.tasks))
        counts = Counter((task.revision, task.state) for task in self.tasks)
        self.steps.append(
            {
                "elapsedSeconds": self.now,
                "events": events,
                "actions": actions,
                **{
                    revision: {state: counts[revision, state] for state in STATES}
                    for revision in ("old", "new")
                },
                "total": len(self.tasks),
                "healthy": counts["old", HEALTHY] + counts["new", HEALTHY],
                "failures": self.failures,
                "deploying": self.target,
                "rolloutState": self.rollout_state,
            }
        )
