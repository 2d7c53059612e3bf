"""
The open-loop model of a class, as plain Python with no I/O: when students arrive, what each
does next and how long they think before their next click, the search for the largest class one
server carries, and the tables that report it. bench/_lesson.py runs the model against gunicorn.

Think times are lognormal (people's reading and response times are right-skewed: most are near
the median, a few take much longer), cut to a range: a draw outside it is drawn again, so no
pause is shorter than the fastest reader or longer than the slowest, and every draw depends only
on the student's own seeded random generator.
"""

import math
from dataclasses import dataclass

# Redraws before a value outside the range is clamped into it; with the ranges below at most
# 7 % of draws fall outside, so the clamp is as good as never reached.
MAX_REDRAWS = 50


@dataclass(frozen=True)
class Think:
    """A pause drawn from a lognormal distribution with this median, cut to [low, high] s."""

    median: float
    sigma: float
    low: float
    high: float

    def draw(self, rng):
        for _ in range(MAX_REDRAWS):
            value = rng.lognormvariate(math.log(self.median), self.sigma)
            if self.low <= value <= self.high:
                return value
        return min(self.high, max(self.low, value))


# What a student reads before the next click, in seconds (docs/performance.md, "Students per
# box", gives the reasons for each range).
THINK = {
    "question": Think(median=35, sigma=0.3, low=20, high=60),  # a question and its options
    "explanation": Think(median=10, sigma=0.5, low=3, high=30),  # the reveal of a practice answer
    "card": Think(median=9, sigma=0.3, low=5, high=15),  # a review card
    "rating": Think(median=3, sigma=0.4, low=1, high=8),  # a review answer's reveal, then a rating
    "topic": Think(median=120, sigma=0.5, low=45, high=300),  # a topic page
    "retry": Think(median=5, sigma=0.3, low=2, high=10),  # an error page, before reloading
}

# What a student present in the lesson does next, and how often: the study loop of the app.
ACTIVITIES = (("practice", 0.5), ("review", 0.4), ("topic", 0.1))


def choose_activity(rng):
    """One of ACTIVITIES' names, drawn with its weight."""
    names = [name for name, _ in ACTIVITIES]
    weights = [weight for _, weight in ACTIVITIES]
    return rng.choices(names, weights)[0]


def arrival_offsets(rate, count, rng):
    """
    Seconds from now at which `count` students arrive, a Poisson process of `rate` per second:
    independent exponential gaps, so the schedule never waits on how fast the server answers.
    """
    if rate <= 0:
        raise ValueError(f"the arrival rate must be above 0 per second, not {rate}")
    offsets = []
    at = 0.0
    for _ in range(count):
        at += rng.expovariate(rate)
        offsets.append(at)
    return offsets


def capacity_search(start, limit, resolution):
    """
    The class sizes to try, as a generator: send it whether the last size passed, it yields the
    next, and returns (largest size that passed, 0 if none) when done. Doubling from `start`
    until a size fails or `limit` is reached (halving instead while `start` fails), then
    bisecting between the largest pass and the smallest failure until the failure is within
    `resolution` (a fraction, 0.1 = 10 %) of the pass. Assumes that a class larger than one that
    failed would fail too.
    """
    if not 1 <= start <= limit:
        raise ValueError(f"start must be between 1 and the limit {limit}, not {start}")
    if resolution <= 0:
        raise ValueError(f"resolution must be above 0, not {resolution}")
    passed, failed = 0, None
    size = start
    while True:
        if (yield size):
            passed = size
        else:
            failed = size
        if failed is None:  # every size so far passed: double
            if size >= limit:
                return passed
            size = min(limit, size * 2)
        elif passed == 0:  # nothing passed yet: halve
            if size == 1:
                return 0
            size //= 2
        elif failed - passed <= max(1, passed * resolution):
            return passed
        else:
            size = (passed + failed) // 2


def find_capacity(measure, start, limit, resolution):
    """capacity_search run by `measure(size) -> bool`: (largest size passed, [(size, ok)])."""
    tried = []
    search = capacity_search(start, limit, resolution)
    size = next(search)
    try:
        while True:
            ok = measure(size)
            tried.append((size, ok))
            size = search.send(ok)
    except StopIteration as done:
        return done.value, tried


def _ms(value):
    return "-" if value is None or math.isnan(value) else f"{value:.0f}"


def steps_table(steps):
    """One Markdown row per class size tried, in the order tried."""
    lines = [
        "| students | bare view req/s | req/s | p50 ms | p95 ms | p99 ms | slowest endpoint p99 "
        "| errors | load generator cores | gunicorn cores | other processes cores "
        "| loop lag p99 ms | verdict |",
        "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for step in steps:
        slowest = step["slowest_endpoint"]
        lines.append(
            f"| {step['students']} | {step['bare_view_per_second']:.0f} "
            f"| {step['per_second']:.1f} | {_ms(step['p50'])} | {_ms(step['p95'])} "
            f"| {_ms(step['p99'])} | {slowest['endpoint']} {_ms(slowest['p99'])} "
            f"| {step['errors']} | {step['client_cores']:.2f} | {step['gunicorn_cores']:.2f} "
            f"| {step['other_cores']:.2f} | {_ms(step['loop_lag_p99_ms'])} "
            f"| {'pass' if step['passed'] else 'fail'} |"
        )
    return "\n".join(lines)


def step_passes(p99_ms, errors, p99_target_ms):
    """A class size is carried when nothing failed and the p99 is within the target."""
    return errors == 0 and not math.isnan(p99_ms) and p99_ms <= p99_target_ms
