"""
The rolling update simulator's entry point: read the document, work out the bounds and the
circuit breaker threshold, play the deployment. See the package docstring for the shapes.
"""

from studyapp.sims.rolling.timeline import MAX_STEPS, Deployment, Settings
from studyapp.sims.validation import InvalidInput, Problem, child

DOCUMENT_KEYS = ("desiredCount", "deploymentConfiguration", "timing", "failingNewTasks")
CONFIGURATION_KEYS = ("minimumHealthyPercent", "maximumPercent", "deploymentCircuitBreaker")
MAX_DESIRED_COUNT = 1000
MAX_PERCENT = 1000
MAX_SECONDS = 3600
MAX_FAILING_TASKS = 10_000
# Simulator defaults: AWS documents the 40 s, not how long a task takes to start or to stop.
DEFAULT_TIMING = {"startSeconds": 30, "healthySeconds": 40, "stopSeconds": 30}


def simulate(document):
    desired, minimum_percent, maximum_percent, breaker, timing, failing = _read(document)
    # Integer arithmetic, so 4 x 75 % is exactly 3 and never 3.0000000001 rounded up to 4.
    lower = -(-desired * minimum_percent // 100)
    upper = desired * maximum_percent // 100
    threshold = min(200, max(3, (desired + 1) // 2))
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


def _message(outcome, desired, lower, upper, deployment):
    if outcome == "STUCK":
        return (
            f"The deployment cannot proceed: starting a new task would exceed the upper bound of "
            f"{upper} tasks (maximumPercent) and stopping an old one would leave fewer than "
            f"{lower} healthy (minimumHealthyPercent). Raise maximumPercent, lower "
            "minimumHealthyPercent or change the desired count."
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
            "New tasks keep failing and nothing stops the deployment: ECS keeps replacing them "
            "and reports that the service is unable to consistently start tasks successfully. "
            f"The simulator stopped after {deployment.failures} failed launches; turn on the "
            "deployment circuit breaker to fail (and roll back) such a deployment."
        )
    return f"All {desired} tasks run the new revision."


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _read(document):
    if not isinstance(document, dict):
        raise InvalidInput([Problem("", "the document must be a JSON object")])
    problems = _unknown_keys(document, "", DOCUMENT_KEYS)
    desired = document.get("desiredCount")
    if not _is_int(desired) or not 1 <= desired <= MAX_DESIRED_COUNT:
        problems.append(
            Problem("desiredCount", f"must be a whole number from 1 to {MAX_DESIRED_COUNT}")
        )
    configuration = document.get("deploymentConfiguration", {})
    if not isinstance(configuration, dict):
        problems.append(Problem("deploymentConfiguration", "must be an object"))
        configuration = {}
    problems += _unknown_keys(configuration, "deploymentConfiguration", CONFIGURATION_KEYS)
    minimum_percent = _read_int(
        configuration, "minimumHealthyPercent", 100, (0, 100), "deploymentConfiguration", problems
    )
    maximum_percent = _read_int(
        configuration,
        "maximumPercent",
        200,
        (100, MAX_PERCENT),
        "deploymentConfiguration",
        problems,
    )
    breaker = _read_breaker(configuration.get("deploymentCircuitBreaker", {}), problems)
    timing = _read_timing(document.get("timing", {}), problems)
    failing = document.get("failingNewTasks", 0)
    if failing != "all" and (not _is_int(failing) or not 0 <= failing <= MAX_FAILING_TASKS):
        problems.append(
            Problem(
                "failingNewTasks",
                f'must be "all" or a whole number from 0 to {MAX_FAILING_TASKS:,} (the first '
                "new tasks launched that fail to start)",
            )
        )
    if problems:
        raise InvalidInput(problems)
    return desired, minimum_percent, maximum_percent, breaker, timing, failing


def _unknown_keys(mapping, path, known):
    return [
        Problem(child(path, str(key)), f"unknown field; the fields are {', '.join(known)}")
        for key in mapping
        if key not in known
    ]


def _read_int(mapping, key, default, bounds, path, problems):
    value = mapping.get(key, default)
    low, high = bounds
    if not _is_int(value) or not low <= value <= high:
        problems.append(Problem(child(path, key), f"must be a whole number from {low} to {high}"))
        return default
    return value


def _read_breaker(breaker, problems):
    path = "deploymentConfiguration.deploymentCircuitBreaker"
    if not isinstance(breaker, dict):
        problems.append(Problem(path, "must be an object with enable and rollback"))
        return {"enable": False, "rollback": False}
    problems += _unknown_keys(breaker, path, ("enable", "rollback"))
    settings = {}
    for key in ("enable", "rollback"):
        value = breaker.get(key, False)
        if not isinstance(value, bool):
            problems.append(Problem(child(path, key), "must be true or false"))
            value = False
        settings[key] = value
    return settings


def _read_timing(timing, problems):
    if not isinstance(timing, dict):
        problems.append(Problem("timing", "must be an object"))
        return dict(DEFAULT_TIMING)
    problems += _unknown_keys(timing, "timing", tuple(DEFAULT_TIMING))
    return {
        key: _read_int(timing, key, default, (0, MAX_SECONDS), "timing", problems)
        for key, default in DEFAULT_TIMING.items()
    }
