"""
The rolling update simulator's entry point: read the document, work out the bounds and the
circuit breaker threshold, play the deployment. See the package docstring for the shapes.
"""

from studyapp.sims.rolling.timeline import MAX_STEPS, Deployment, Settings
from studyapp.sims.validation import (
    REQUIRED,
    Boolean,
    Choice,
    Field,
    Integer,
    Object,
    OneOf,
    Reader,
    document_schema,
)

MAX_DESIRED_COUNT = 1000
MAX_PERCENT = 1000
MAX_SECONDS = 3600
MAX_FAILING_TASKS = 10_000
# ThresholdConfiguration (API reference): how the circuit breaker's threshold is worked out.
THRESHOLD_TYPES = ("BOUNDED_PERCENT", "UNBOUNDED_PERCENT", "COUNT")
DEFAULT_THRESHOLD = {"type": "BOUNDED_PERCENT", "value": 50}
MIN_BOUNDED_THRESHOLD = 3
MAX_BOUNDED_THRESHOLD = 200
# The API gives no upper bound; the simulator's keeps a run short.
MAX_THRESHOLD_VALUE = 10_000
# The service events ECS writes when the bounds leave it nothing to do and when new tasks keep
# failing, word for word (service-event-messages-list.html), for a service named "web".
STUCK_SERVICE_EVENT = (
    "service web was unable to stop or start tasks during a deployment because of the service "
    "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try "
    "again."
)
START_IMPAIRED_SERVICE_EVENT = "service web is unable to consistently start tasks successfully."
# Simulator defaults: AWS documents the 40 s, not how long a task takes to start or to stop.
DEFAULT_TIMING = {"startSeconds": 30, "healthySeconds": 40, "stopSeconds": 30}


def simulate(document):
    desired, minimum_percent, maximum_percent, breaker, timing, failing = _read(document)
    # Integer arithmetic, so 4 x 75 % is exactly 3 and never 3.0000000001 rounded up to 4.
    lower = -(-desired * minimum_percent // 100)
    upper = desired * maximum_percent // 100
    threshold = failure_threshold(desired, breaker["thresholdConfiguration"])
    deployment = Deployment(
        Settings(
            desired_count=desired,
            lower=lower,
            upper=upper,
            start_seconds=timing["startSeconds"],
            healthy_seconds=timing["healthySeconds"],
            stop_seconds=timing["stopSeconds"],
            failing_new_tasks=None if failing == "all" else failing,
            circuit_breaker=breaker["enable"],
            rollback=breaker["rollback"],
            threshold=threshold,
        )
    )
    outcome = deployment.run()
    return {
        "desiredCount": desired,
        "minimumHealthyPercent": minimum_percent,
        "maximumPercent": maximum_percent,
        "minimumHealthy": lower,
        "maximumRunning": upper,
        "mayStopFirst": desired - lower,
        "mayStartFirst": upper - desired,
        "stuck": outcome == "STUCK",
        "message": _message(outcome, desired, lower, upper, deployment),
        "outcome": outcome,
        "circuitBreaker": {
            **breaker,
            "threshold": threshold,
            "failures": deployment.failures,
            "triggeredAtSeconds": deployment.triggered_at,
        },
        "timing": timing,
        "failingNewTasks": failing,
        "durationSeconds": deployment.now,
        "steps": deployment.steps,
    }


def failure_threshold(desired, configuration):
    """
    How many failed tasks trip the circuit breaker. The percentage types multiply the value by
    the desired count and round up; BOUNDED_PERCENT (the default, with 50) then keeps the result
    between 3 and 200 (developer guide, deployment-circuit-breaker.html: "rounded up", "minimum
    threshold of 3 and a maximum threshold of 200"); COUNT is the threshold itself
    (API reference, ThresholdConfiguration).
    """
    kind, value = configuration["type"], configuration["value"]
    if kind == "COUNT":
        return value
    # Integer arithmetic: 50 % of 5 is exactly 2.5, rounded up to 3.
    threshold = -(-desired * value // 100)
    if kind == "BOUNDED_PERCENT":
        threshold = min(MAX_BOUNDED_THRESHOLD, max(MIN_BOUNDED_THRESHOLD, threshold))
    return threshold


def _message(outcome, desired, lower, upper, deployment):
    if outcome == "STUCK":
        return (
            f"{STUCK_SERVICE_EVENT} Starting a new task would exceed the upper bound of {upper} "
            f"tasks (maximumPercent) and stopping an old one would leave fewer than {lower} "
            "healthy (minimumHealthyPercent)."
        )
    if outcome == "FAILED":
        return (
            "The circuit breaker failed the deployment and rollback is off, so the service keeps "
            "the tasks it has and launches no more of the new revision."
        )
    if outcome == "ROLLED_BACK":
        return "The circuit breaker failed the deployment and ECS rolled back to the old revision."
    if outcome == "IN_PROGRESS" and len(deployment.steps) >= MAX_STEPS:
        return (
            f"The simulator stopped after {MAX_STEPS} steps with the deployment still in progress."
        )
    if outcome == "IN_PROGRESS":
        return (
            f"New tasks keep failing and nothing stops the deployment: ECS keeps replacing them, "
            f'more and more slowly, and writes the service event "{START_IMPAIRED_SERVICE_EVENT}" '
            f"The simulator stopped after {deployment.failures} failed launches; turn on the "
            "deployment circuit breaker to fail (and roll back) such a deployment."
        )
    return f"All {desired} tasks run the new revision."


def _read(document):
    reader = Reader()
    read = reader.read(document_spec(), document, "")
    reader.raise_problems()
    configuration = read["deploymentConfiguration"]
    return (
        read["desiredCount"],
        configuration["minimumHealthyPercent"],
        configuration["maximumPercent"],
        configuration["deploymentCircuitBreaker"],
        read["timing"],
        read["failingNewTasks"],
    )


def document_spec():
    seconds = Integer(0, MAX_SECONDS)
    threshold = Object(
        {
            "type": Field(Choice(THRESHOLD_TYPES), DEFAULT_THRESHOLD["type"]),
            "value": Field(Integer(1, MAX_THRESHOLD_VALUE), DEFAULT_THRESHOLD["value"]),
        },
        description=(
            "The circuit breaker's failure threshold: a percentage of the desired count (rounded "
            "up; BOUNDED_PERCENT keeps it between 3 and 200) or a COUNT of failed tasks."
        ),
    )
    breaker = Object(
        {
            "enable": Field(Boolean(), False),
            "rollback": Field(Boolean(), False),
            "thresholdConfiguration": Field(threshold),
        },
        description=(
            "The deployment circuit breaker; enable and rollback default to false, the threshold "
            "to BOUNDED_PERCENT 50."
        ),
    )
    configuration = Object(
        {
            "minimumHealthyPercent": Field(Integer(0, 100), 100),
            "maximumPercent": Field(Integer(100, MAX_PERCENT), 200),
            "deploymentCircuitBreaker": Field(breaker),
        }
    )
    timing = Object(
        {key: Field(seconds, default) for key, default in DEFAULT_TIMING.items()},
        description="The simulator's durations in seconds (AWS documents only the 40 s wait).",
    )
    failing = OneOf(
        (Choice(("all",)), Integer(0, MAX_FAILING_TASKS)),
        f'must be "all" or a whole number from 0 to {MAX_FAILING_TASKS:,} (the first new tasks '
        "launched that fail to start)",
        description="How many of the first new tasks fail to start, or all of them.",
    )
    return Object(
        {
            "desiredCount": Field(
                Integer(1, MAX_DESIRED_COUNT),
                REQUIRED,
                f"is required: a whole number from 1 to {MAX_DESIRED_COUNT:,}",
            ),
            "deploymentConfiguration": Field(configuration),
            "timing": Field(timing),
            "failingNewTasks": Field(failing, 0),
        }
    )


def schema():
    return document_schema(document_spec(), "Rolling update simulator document")
