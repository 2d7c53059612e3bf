"""
A blue/green deployment of an ECS service, step by step (plain Python), with either deployment
controller:

- CODE_DEPLOY: CodeDeploy creates a replacement (green) task set, runs the AppSpec lifecycle
  event hooks, routes test traffic through the optional test listener, shifts production traffic
  by a deployment configuration (all at once, canary or linear, predefined or custom) and deletes
  the original (blue) task set after terminationWaitTimeInMinutes.
- ECS (strategy BLUE_GREEN, 2025): ECS scales up a green service revision, runs the lifecycle
  hooks of its stages, shifts test and then all production traffic, waits bakeTimeInMinutes and
  cleans blue up. (ECS's LINEAR and CANARY strategies are not simulated.)

`simulate(document)` takes:

    {
      "deploymentController": "CODE_DEPLOY",   # or "ECS"; default CODE_DEPLOY
      "desiredCount": 4,                       # 1-1000 (a bound of the simulator)
      "deploymentConfigName": "CodeDeployDefault.ECSCanary10Percent5Minutes",
                                               # CODE_DEPLOY only; default ECSAllAtOnce
      "trafficRoutingConfig": {                # CODE_DEPLOY only, instead of a name: custom
        "type": "TimeBasedLinear",             # AllAtOnce, TimeBasedCanary or TimeBasedLinear
        "timeBasedLinear": {"linearPercentage": 20, "linearInterval": 2}
      },                                       # (timeBasedCanary: canaryPercentage,
                                               #  canaryInterval); the simulator's bounds:
                                               #  percentages 1-99, intervals 1-2880 minutes
      "testListener": true,                    # default false
      "terminationWaitTimeInMinutes": 5,       # CODE_DEPLOY only: 0-2880, default 5
      "bakeTimeInMinutes": 10,                 # ECS only, and required there: 0-1440
      "hooks": {"AfterAllowTestTraffic": "Failed"},
                                               # CODE_DEPLOY: BeforeInstall, AfterInstall,
                                               # AfterAllowTestTraffic, BeforeAllowTraffic,
                                               # AfterAllowTraffic: "Succeeded" or "Failed".
                                               # ECS: RECONCILE_SERVICE, PRE_SCALE_UP,
                                               # POST_SCALE_UP, TEST_TRAFFIC_SHIFT,
                                               # POST_TEST_TRAFFIC_SHIFT,
                                               # PRODUCTION_TRAFFIC_SHIFT,
                                               # POST_PRODUCTION_TRAFFIC_SHIFT:
                                               # "SUCCEEDED" or "FAILED"
      "alarmAtMinute": 7,                      # a CloudWatch alarm enters ALARM then (1-100000)
      "timing": {"scaleUpMinutes": 2, "hookMinutes": 1}   # the simulator's durations, 0-60
    }

plus an optional `title` and `teaches`, which presets carry and the engine ignores. Any value
of the wrong type or out of range, any unknown member, and any member of the other controller
is InvalidInput with its path (`trafficRoutingConfig.timeBasedLinear.linearPercentage`). The
cost is bounded by construction: at most 100 production shifts (linear, 1 %) and 20 other steps.

The result names the outcome (COMPLETED, ROLLED_BACK, or FAILED when a failure came before green
existed and there was nothing to roll back), a `message` saying why, `productionShifts` (1 all at
once, 2 canary, ceil(100 / percentage) linear), and the steps:

    {"minute": 5, "stage": "AllowTraffic", "hook": null,
     "events": ["Shift 1 of 2: green's production share goes from 0 % to 10 % ..."],
     "blue": {"tasks": 4, "state": "RUNNING"}, "green": {"tasks": 4, "state": "RUNNING"},
     "production": {"blue": 90, "green": 10},
     "test": {"blue": 0, "green": 100}}       # null without a test listener

The model and its own choices are described in timeline.py.
"""

from studyapp.sims.bluegreen.engine import schema, simulate

__all__ = ["schema", "simulate"]
