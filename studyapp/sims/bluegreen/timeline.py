"""
A blue/green deployment played out minute by minute: CodeDeploy's lifecycle events for an ECS
service (deployment controller CODE_DEPLOY), or ECS's own lifecycle stages (deployment
controller ECS with strategy BLUE_GREEN).

The model, and what in it is the simulator's own choice:
- Blue is the running revision, green the new one. Each is NOT_CREATED, STARTING, RUNNING or
  DELETED; green is scaled to the full desired count, as both controllers do.
- Every lifecycle event or stage is one step, whether or not a hook runs at it; a hook takes
  `hookMinutes` (a Lambda function's answer takes as long as it takes: the simulator's figure).
- Production and test traffic are whole percentages that always add up to 100. Green receives
  production traffic only once every hook before the traffic shift has succeeded.
- A CloudWatch alarm entering ALARM at `alarmAtMinute` (1 or later) stops the deployment at
  that minute, wherever it is, until the blue tasks are deleted (the simulator's reading: the
  deployment is still in progress while they wait). Rollback (automatic rollback on, in
  CodeDeploy's terms) sends all production and test traffic back to blue at once and deletes
  green.
- A failing hook before green exists (BeforeInstall, PRE_SCALE_UP) has nothing to roll back:
  the deployment fails and blue keeps serving.
"""

from dataclasses import dataclass

NOT_CREATED = "NOT_CREATED"
STARTING = "STARTING"
RUNNING = "RUNNING"
DELETED = "DELETED"

# The lifecycle events a CodeDeploy hook may run at, in the order they run (AWS CodeDeploy user
# guide, "AppSpec 'hooks' section").
CODE_DEPLOY_HOOKS = (
    "BeforeInstall",
    "AfterInstall",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
)
# The ECS lifecycle stages a hook may run at (ECS API reference,
# DeploymentLifecycleHook.lifecycleStages). RECONCILE_SERVICE happens only when more than one
# service revision is ACTIVE, which a simulated deployment never starts with.
ECS_HOOK_STAGES = (
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
)
# The stages whose hooks ECS runs again while it rolls back (ECS developer guide, "Lifecycle
# hooks for Amazon ECS service deployments").
ECS_ROLLBACK_HOOK_STAGES = ("PRODUCTION_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT")


@dataclass(frozen=True)
class Shift:
    """How production traffic moves: the green share after each shift, and the minutes between."""

    percentages: tuple
    interval_minutes: int
    description: str


def shift_plan(kind, percentage, interval_minutes):
    """
    The production shifts of a traffic routing: all at once (one shift to 100), canary (the
    percentage, then the rest one interval later) or linear (the percentage every interval until
    all of it: ceil(100 / percentage) shifts).
    """
    if kind == "AllAtOnce":
        return Shift((100,), 0, "all production traffic at once")
    if kind == "TimeBasedCanary":
        return Shift(
            (percentage, 100),
            interval_minutes,
            f"{percentage} % of production traffic, then the other {100 - percentage} % "
            f"{minutes(interval_minutes)} later",
        )
    steps = -(-100 // percentage)
    return Shift(
        tuple(min(100, percentage * step) for step in range(1, steps + 1)),
        interval_minutes,
        f"{percentage} % more production traffic every {minutes(interval_minutes)} until all "
        f"of it ({steps} shifts)",
    )


def minutes(count):
    return f"{count} minute{'s' if count != 1 else ''}"


class AlarmRaised(Exception):
    """The CloudWatch alarm entered ALARM during a wait; `minute` is when."""


class HookFailed(Exception):
    pass


@dataclass
class Revision:
    tasks: int = 0
    state: str = NOT_CREATED

    def as_dict(self):
        return {"tasks": self.tasks, "state": self.state}


class Deployment:
    """
    One deployment's state and steps. `run()` plays it to the end and returns the outcome:
    COMPLETED, ROLLED_BACK or FAILED (nothing to roll back).
    """

    hook_failure = ""  # the status a failing hook reports, in the controller's spelling
    new_name = ""  # what the controller calls green

    def __init__(self, settings):
        self.settings = settings
        self.now = 0
        self.blue = Revision(settings.desired_count, RUNNING)
        self.green = Revision()
        self.production_green = 0
        self.test_green = 0 if settings.test_listener else None
        self.steps = []
        self.hooks_run = []
        self.reason = ""

    def _record(self, stage, events, hook=None):
        self.steps.append(
            {
                "minute": self.now,
                "stage": stage,
                "hook": hook,
                "events": events,
                "blue": self.blue.as_dict(),
                "green": self.green.as_dict(),
                "production": {"blue": 100 - self.production_green, "green": self.production_green},
                "test": None
                if self.test_green is None
                else {"blue": 100 - self.test_green, "green": self.test_green},
            }
        )

    def _wait(self, minutes):
        """Let `minutes` pass, unless the alarm enters ALARM first: then stop at that minute."""
        alarm = self.settings.alarm_at_minute
        if alarm is not None and self.now < alarm <= self.now + minutes:
            self.now = alarm
            raise AlarmRaised
        self.now += minutes

    def _lifecycle(self, stage, events):
        """A stage or event at which a hook may run: the hook's run, or moving straight on."""
        status = self.settings.hooks.get(stage)
        if status is None:
            self._record(stage, [*events, "No hook is configured here, so it moves straight on."])
            return
        self._wait(self.settings.hook_minutes)
        self.hooks_run.append(stage)
        if status == self.hook_failure:
            self._record(
                stage,
                [*events, f"The {stage} hook returns {status}."],
                {"name": stage, "status": status},
            )
            raise HookFailed(stage)
        self._record(
            stage,
            [*events, f"The {stage} hook returns {status}, so the deployment continues."],
            {"name": stage, "status": status},
        )

    def run(self):
        try:
            self._play()
        except HookFailed as failed:
            return self._fail_or_roll_back(
                f"the {failed.args[0]} hook returned {self.hook_failure}"
            )
        except AlarmRaised:
            return self._fail_or_roll_back(
                f"the CloudWatch alarm entered the ALARM state at minute {self.now}"
            )
        return "COMPLETED"

    def _fail_or_roll_back(self, why):
        if self.green.state == NOT_CREATED:
            self.reason = (
                f"The deployment failed because {why}, before any {self.new_name} existed: "
            )
            self.reason += "there is nothing to roll back, and blue keeps serving all traffic."
            self._record(
                "Failed",
                [
                    f"The deployment stops: {why}.",
                    f"No {self.new_name} was created, so blue keeps all production traffic.",
                ],
            )
            return "FAILED"
        self.reason = (
            f"The deployment rolled back because {why}: all traffic is back on blue and green "
            "is deleted."
        )
        shares = []
        if self.production_green:
            shares.append(f"{self.production_green} % of production traffic")
        if self.test_green:
            shares.append(f"{self.test_green} % of test traffic")
        moved = " and ".join(shares) if shares else "no traffic (green had none yet)"
        self.production_green = 0
        if self.test_green is not None:
            self.test_green = 0
        self.green = Revision(0, DELETED)
        self._record(
            "Rollback",
            [
                f"The deployment stops: {why}.",
                f"Rollback moves {moved} back to blue at once and deletes the green "
                f"{self.new_name}; blue's {self.blue.tasks} tasks never stopped serving.",
                *self._rollback_notes(),
            ],
        )
        return "ROLLED_BACK"

    def _rollback_notes(self):
        return []

    def _shift_production(self, stage, plan):
        for index, share in enumerate(plan.percentages):
            if index:
                self._wait(plan.interval_minutes)
            before = self.production_green
            self.production_green = share
            events = [
                f"Shift {index + 1} of {len(plan.percentages)}: green's production share goes "
                f"from {before} % to {share} %; blue keeps {100 - share} %."
            ]
            if index == 0:
                events.insert(
                    0, f"Production traffic moves by the configuration: {plan.description}."
                )
            if share < 100:
                events.append(f"It waits {minutes(plan.interval_minutes)} before the next shift.")
            self._record(stage, events)

    def _scale_up(self, stage, why):
        self.green = Revision(self.settings.desired_count, STARTING)
        self._record(
            stage,
            [
                f"{why}: {self.settings.desired_count} green tasks start, as many as blue runs. "
                "Green receives no production traffic yet."
            ],
        )
        self._wait(self.settings.scale_up_minutes)
        self.green = Revision(self.settings.desired_count, RUNNING)

    def _keep_blue_then_delete(self, stages, wait, waiting, deleted):
        """Blue runs on without traffic for `wait` minutes (an alarm may roll back), then goes."""
        waiting_stage, deleting_stage = stages
        self._record(waiting_stage, [waiting])
        self._wait(wait)
        self.blue = Revision(0, DELETED)
        self._record(deleting_stage, [deleted])

    def _route_test_traffic(self):
        if self.test_green is None:
            return ["There is no test listener, so no test traffic is routed."]
        self.test_green = 100
        return ["The test listener now sends all test traffic to green; production stays on blue."]


class CodeDeployDeployment(Deployment):
    hook_failure = "Failed"
    new_name = "replacement task set"

    def _play(self):
        settings = self.settings
        self._record(
            "Start",
            [
                f"CodeDeploy starts the deployment: the original (blue) task set runs "
                f"{settings.desired_count} tasks and receives all production traffic."
            ],
        )
        self._lifecycle(
            "BeforeInstall",
            ["Before the replacement task set is created; a failure here cannot be rolled back."],
        )
        self._scale_up("Install", "CodeDeploy creates the replacement (green) task set")
        self._record(
            "Install",
            [
                f"After {minutes(settings.scale_up_minutes)} the green tasks are running and "
                "registered with the second target group."
            ],
        )
        self._lifecycle("AfterInstall", ["Green exists and has a target group, but no traffic."])
        self._record("AllowTestTraffic", self._route_test_traffic())
        self._lifecycle("AfterAllowTestTraffic", ["After test traffic reaches green."])
        self._lifecycle(
            "BeforeAllowTraffic", ["The last check before any production traffic moves."]
        )
        self._shift_production("AllowTraffic", settings.shift)
        self._lifecycle("AfterAllowTraffic", ["Green receives all production traffic."])
        self._keep_blue_then_delete(
            ("End", "End"),
            settings.termination_wait_minutes,
            f"CodeDeploy waits {minutes(settings.termination_wait_minutes)} "
            "(terminationWaitTimeInMinutes) before deleting the original task set; blue's "
            "tasks keep running without production traffic, ready for a rollback.",
            "The original (blue) task set is deleted: the deployment succeeded.",
        )
        self.reason = "Green serves all production traffic and the original task set is deleted."


class EcsDeployment(Deployment):
    hook_failure = "FAILED"
    new_name = "service revision"

    def _play(self):
        settings = self.settings
        self._record(
            "Start",
            [
                f"ECS starts a blue/green deployment: the blue service revision runs "
                f"{settings.desired_count} tasks and receives all production traffic. With only "
                "one ACTIVE revision there is no RECONCILE_SERVICE stage"
                + (", so its hook does not run." if "RECONCILE_SERVICE" in settings.hooks else ".")
            ],
        )
        self._lifecycle("PRE_SCALE_UP", ["Green has not started; blue has all production traffic."])
        self._scale_up("SCALE_UP", "ECS scales the green service revision up")
        self._lifecycle(
            "POST_SCALE_UP",
            [f"After {minutes(settings.scale_up_minutes)} the green tasks are running."],
        )
        self._lifecycle("TEST_TRAFFIC_SHIFT", self._route_test_traffic())
        self._lifecycle("POST_TEST_TRAFFIC_SHIFT", ["The test traffic shift is complete."])
        self._shift_production("PRODUCTION_TRAFFIC_SHIFT", settings.shift)
        self._lifecycle("PRODUCTION_TRAFFIC_SHIFT", ["Production traffic has moved to green."])
        self._lifecycle(
            "POST_PRODUCTION_TRAFFIC_SHIFT", ["The production traffic shift is complete."]
        )
        self._keep_blue_then_delete(
            ("BAKE_TIME", "CLEAN_UP"),
            settings.bake_time_minutes,
            f"Bake time: both revisions run for {minutes(settings.bake_time_minutes)} "
            "(bakeTimeInMinutes) while ECS watches the alarms; blue is kept for a quick rollback.",
            "The bake time passed without an alarm: ECS scales blue down and deletes it.",
        )
        self.reason = "Green serves all production traffic and the blue revision is scaled down."

    def _rollback_notes(self):
        configured = [stage for stage in ECS_ROLLBACK_HOOK_STAGES if stage in self.settings.hooks]
        if not configured:
            return []
        return [
            "While rolling back, ECS runs the hooks configured for "
            + " and ".join(configured)
            + " again."
        ]


@dataclass(frozen=True)
class Settings:
    desired_count: int
    shift: Shift
    test_listener: bool
    hooks: dict
    alarm_at_minute: int | None
    scale_up_minutes: int
    hook_minutes: int
    termination_wait_minutes: int = 0
    bake_time_minutes: int = 0


CONTROLLERS = {"CODE_DEPLOY": CodeDeployDeployment, "ECS": EcsDeployment}
