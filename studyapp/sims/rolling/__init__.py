"""
A rolling update (ECS deployment controller, ROLLING strategy) step by step (plain Python).

`simulate(document)` takes the service's desired count and deployment configuration in the ECS
API's names, plus the simulator's timing and failure settings:

    {
      "desiredCount": 4,                                  # 1-1000 (a bound of the simulator)
      "deploymentConfiguration": {
        "minimumHealthyPercent": 50,                      # 0-100, default 100
        "maximumPercent": 200,                            # 100-1000, default 200
        "deploymentCircuitBreaker": {"enable": true, "rollback": true,   # default both false
                                     "thresholdConfiguration": {"type": "BOUNDED_PERCENT",
                                                                "value": 50}}   # the default
      },
      "timing": {                                         # optional, seconds, 0-3600 each
        "startSeconds": 30,     # launch to RUNNING (simulator default; AWS gives no figure)
        "healthySeconds": 40,   # RUNNING to counted healthy: 40 s is ECS's wait when there is no
                                # container or load balancer health check
        "stopSeconds": 30       # stop decision to STOPPED (Fargate's default stopTimeout)
      },
      "failingNewTasks": 0      # how many of the first new tasks fail to start, or "all"
    }

Any value of the wrong type or out of range, and any unknown member, is InvalidInput with its
path (`deploymentConfiguration.maximumPercent`). So is a deployment that would cost more than
the simulator's work limit, 3,000,000 task visits (the tasks present, summed over every step;
see timeline.py), with an empty path: the costliest found within the limits takes 1.4 million.

Bounds as AWS documents them: minimumHealthy = ceil(desired x minimumHealthyPercent / 100),
maximumRunning = floor(desired x maximumPercent / 100). Circuit breaker threshold, from its
thresholdConfiguration (API reference, ThresholdConfiguration; default BOUNDED_PERCENT 50):
BOUNDED_PERCENT is value % of desired, rounded up, kept between 3 and 200 (the developer guide's
deployment-circuit-breaker.html: 0.5 x desired rounded up, between 3 and 200); UNBOUNDED_PERCENT
the same without the bounds; COUNT the value itself. The value is 1-10,000 (a bound of the
simulator; the API gives none), and a missing type or value takes the default's. The
scheduling model and its own choices are described in timeline.py.

The result:

    {
      "desiredCount": 4, "minimumHealthyPercent": 50, "maximumPercent": 200,
      "minimumHealthy": 2, "maximumRunning": 8,
      "mayStopFirst": 2,          # old tasks ECS may stop before any new one is healthy
      "mayStartFirst": 4,         # new tasks ECS may start before stopping any old one
      "stuck": false,
      "message": "All 4 tasks run the new revision.",
      "outcome": "COMPLETED",     # or STUCK, FAILED (breaker without rollback), ROLLED_BACK,
                                  # IN_PROGRESS (tasks keep failing with no breaker; the
                                  # simulator stops after 2 failed launches per desired task)
      "circuitBreaker": {"enable": false, "rollback": false,
                         "thresholdConfiguration": {"type": "BOUNDED_PERCENT", "value": 50},
                         "threshold": 3, "failures": 0, "triggeredAtSeconds": null},
      "timing": {"startSeconds": 30, "healthySeconds": 40, "stopSeconds": 30},
      "failingNewTasks": 0,
      "durationSeconds": 100,
      "steps": [
        {
          "elapsedSeconds": 0,
          "events": ["Deployment of the new revision starts; 4 old tasks are running and healthy."],
          "actions": [
            {"action": "STOP", "revision": "old", "count": 2,
             "reason": "2 healthy tasks remain, not below the lower bound of 2 (...)"},
            {"action": "START", "revision": "new", "count": 4,
             "reason": "8 tasks in all, not above the upper bound of 8 (maximumPercent)"}
          ],
          "old": {"pending": 0, "running": 0, "healthy": 2, "stopping": 2},
          "new": {"pending": 4, "running": 0, "healthy": 0, "stopping": 0},
          "total": 8,        # every task ECS still has: what maximumPercent limits
          "healthy": 2,      # what minimumHealthyPercent protects
          "failures": 0,     # the circuit breaker's count so far
          "deploying": "new",  # the revision ECS is moving to: "old" once it rolls back
          "rolloutState": "IN_PROGRESS"   # FAILED once the breaker trips without rollback;
        },                                # COMPLETED in the closing step
        ...
      ]
    }

A completed deployment (or rollback) ends with a closing step at the same second as the last
change, with no actions and an event saying so.

When the bounds leave no room (desired 3 with 100/125: both bounds are 3), the first step is the
only one, `stuck` is true and `message` starts with the service event ECS writes then, word for
word (service-event-messages-list.html), for a service named web, and goes on to say why. Tasks
that keep failing with no circuit breaker quote that page's "is unable to consistently start
tasks successfully." event.
"""

from studyapp.sims.rolling.engine import schema, simulate

__all__ = ["schema", "simulate"]
