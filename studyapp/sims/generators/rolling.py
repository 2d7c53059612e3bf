"""
The most tasks running and the fewest healthy during a rolling update, from the desired count
and the deployment configuration. The key is read off the rolling update simulator's timeline;
the distractors are the bounds rounded the wrong way (minimumHealthyPercent rounds up,
maximumPercent down) and the bounds mixed up with the desired count.
"""

import random

from studyapp.sims import rolling
from studyapp.sims.generators.question import (
    GeneratedQuestion,
    Option,
    Table,
    document_text,
    first_passing,
)

NAME = "rolling"
TITLE = "Rolling update: most tasks running, fewest healthy"
STUCK = "Neither: the deployment cannot start"
MINIMUM_PERCENTS = (0, 25, 33, 50, 60, 66, 75, 90)
MAXIMUM_PERCENTS = (110, 125, 133, 150, 175, 200)


def generate(seed):
    return first_passing(seed, build, tables_of, keys_of)


def bounds_text(most, fewest):
    return f"At most {most} tasks at once; never fewer than {fewest} healthy"


def _answer(result):
    if result["stuck"]:
        return STUCK
    steps = result["steps"]
    return bounds_text(max(s["total"] for s in steps), min(s["healthy"] for s in steps))


def keys_of(document):
    return [_answer(rolling.simulate(document))]


def build(seed):
    rng = random.Random(f"{NAME}:{seed}")
    desired = rng.randint(3, 15)
    minimum = rng.choice(MINIMUM_PERCENTS)
    maximum = rng.choice(MAXIMUM_PERCENTS)
    document = {
        "desiredCount": desired,
        "deploymentConfiguration": {
            "minimumHealthyPercent": minimum,
            "maximumPercent": maximum,
        },
    }
    result = rolling.simulate(document)
    key = _answer(result)
    # The mistakes: each bound rounded the other way, and desired taken as the upper bound.
    exact_lower, exact_upper = desired * minimum / 100, desired * maximum / 100
    floor_lower, ceil_upper = desired * minimum // 100, -(-desired * maximum // 100)
    lower, upper = result["minimumHealthy"], result["maximumRunning"]
    wrong = {
        bounds_text(ceil_upper, floor_lower): (
            f"Both bounds rounded the wrong way: {desired} x {maximum}% = {exact_upper:g} rounds "
            f"down to {upper} tasks, and {desired} x {minimum}% = {exact_lower:g} rounds up to "
            f"{lower} healthy."
        ),
        bounds_text(upper, floor_lower): (
            f"minimumHealthyPercent rounds up: {desired} x {minimum}% = {exact_lower:g} means at "
            f"least {lower} healthy tasks."
        ),
        bounds_text(ceil_upper, lower): (
            f"maximumPercent rounds down: {desired} x {maximum}% = {exact_upper:g} allows at most "
            f"{upper} tasks."
        ),
        bounds_text(desired + upper, lower): (
            "maximumPercent caps all tasks, old and new together, not the new ones on top of the "
            "desired count."
        ),
        STUCK: (
            "The bounds leave room: ECS can start a new task or stop an old one, so the "
            "deployment proceeds."
        ),
    }
    if key == STUCK:
        wrong[STUCK] = "Right"
    wrong.pop(key, None)
    if len(wrong) < 3:
        return None
    distractors = list(wrong.items())
    rng.shuffle(distractors)
    options = [Option(key, True, "Right: read off the deployment's timeline.")]
    options += [Option(text, False, feedback) for text, feedback in distractors[:3]]
    rng.shuffle(options)
    return GeneratedQuestion(
        generator=NAME,
        simulator="rolling",
        seed=seed,
        stem=(
            f"A service runs {desired} tasks and is updated to a new task definition revision "
            "with the rolling update deployment configuration below; every new task starts and "
            "passes its health checks. During the deployment, what is the largest number of tasks "
            "running at once, and the smallest number of healthy tasks?"
        ),
        tables=tables_of(document),
        document_json=document_text(document),
        options=tuple(options),
        explanation=(
            f"Lower bound: ceil({desired} x {minimum}%) = {lower} healthy tasks "
            "(minimumHealthyPercent rounds up).",
            f"Upper bound: floor({desired} x {maximum}%) = {upper} tasks "
            "(maximumPercent rounds down).",
            result["message"],
            *_timeline(result),
        ),
    )


def _timeline(result):
    return tuple(
        f"At {step['elapsedSeconds']} s: {step['total']} tasks, {step['healthy']} healthy."
        for step in result["steps"][:8]
    )


def tables_of(document):
    configuration = document["deploymentConfiguration"]
    return (
        Table(
            "Service and deployment configuration",
            ("desiredCount", "minimumHealthyPercent", "maximumPercent"),
            (
                (
                    str(document["desiredCount"]),
                    str(configuration["minimumHealthyPercent"]),
                    str(configuration["maximumPercent"]),
                ),
            ),
        ),
    )
