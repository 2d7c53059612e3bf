"""The open-loop model of a class (bench/_openloop.py): arrivals, think times, the search."""

import importlib.util
import itertools
import math
import random
import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location(
    "bench_openloop", Path(__file__).resolve().parents[2] / "bench" / "_openloop.py"
)
openloop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(openloop)


# Arrivals


def test_arrivals_are_increasing_and_as_many_as_asked():
    offsets = openloop.arrival_offsets(5.0, 200, random.Random(1))
    assert len(offsets) == 200
    assert all(later > earlier for earlier, later in itertools.pairwise(offsets))
    assert offsets[0] > 0


def test_arrivals_come_at_the_rate_asked_with_exponential_gaps():
    rate = 4.0
    offsets = openloop.arrival_offsets(rate, 20_000, random.Random(2))
    gaps = [b - a for a, b in zip([0.0, *offsets], offsets, strict=False)]
    # A Poisson process: gaps are exponential, mean 1/rate and standard deviation 1/rate too.
    assert statistics.mean(gaps) == pytest.approx(1 / rate, rel=0.03)
    assert statistics.stdev(gaps) == pytest.approx(1 / rate, rel=0.05)
    # In any one second the count is Poisson: variance about equal to the mean.
    per_second = [0] * math.ceil(offsets[-1])
    for at in offsets:
        per_second[int(at)] += 1
    assert statistics.mean(per_second) == pytest.approx(rate, rel=0.05)
    assert statistics.variance(per_second) == pytest.approx(rate, rel=0.15)


def test_the_same_seed_gives_the_same_arrivals_and_another_seed_others():
    first = openloop.arrival_offsets(3.0, 50, random.Random(7))
    assert first == openloop.arrival_offsets(3.0, 50, random.Random(7))
    assert first != openloop.arrival_offsets(3.0, 50, random.Random(8))


@pytest.mark.parametrize("rate", [0, -1.5])
def test_an_arrival_rate_of_zero_or_less_is_refused_by_name(rate):
    with pytest.raises(ValueError, match="arrival rate must be above 0"):
        openloop.arrival_offsets(rate, 10, random.Random(1))


# Think times


@pytest.mark.parametrize("moment", sorted(openloop.THINK))
def test_every_think_time_falls_within_its_range_and_centres_on_its_median(moment):
    think = openloop.THINK[moment]
    rng = random.Random(3)
    draws = [think.draw(rng) for _ in range(5000)]
    assert min(draws) >= think.low
    assert max(draws) <= think.high
    assert statistics.median(draws) == pytest.approx(think.median, rel=0.1)
    assert len(set(draws)) > 4000  # spread over the range, not piled on its bounds


def test_the_documented_ranges_of_the_brief_hold():
    assert (openloop.THINK["question"].low, openloop.THINK["question"].high) == (20, 60)
    assert (openloop.THINK["card"].low, openloop.THINK["card"].high) == (5, 15)
    assert openloop.THINK["topic"].median > openloop.THINK["question"].median


@given(
    median=st.floats(0.5, 100),
    sigma=st.floats(0.05, 3),
    below=st.floats(0.05, 0.95),
    above=st.floats(1.05, 20),
    seed=st.integers(0, 2**32),
)
def test_a_draw_never_leaves_its_range_even_when_most_draws_fall_outside(
    median, sigma, below, above, seed
):
    think = openloop.Think(median=median, sigma=sigma, low=median * below, high=median * above)
    rng = random.Random(seed)
    for _ in range(20):
        assert think.low <= think.draw(rng) <= think.high


def test_a_range_the_distribution_rarely_reaches_is_clamped_not_looped_on():
    far = openloop.Think(median=1, sigma=0.01, low=50, high=60)
    assert far.draw(random.Random(1)) == 50
    below = openloop.Think(median=100, sigma=0.01, low=1, high=2)
    assert below.draw(random.Random(1)) == 2


def test_activities_are_drawn_with_their_weights():
    rng = random.Random(4)
    drawn = [openloop.choose_activity(rng) for _ in range(20_000)]
    for name, weight in openloop.ACTIVITIES:
        assert drawn.count(name) / len(drawn) == pytest.approx(weight, abs=0.015)
    assert sum(weight for _, weight in openloop.ACTIVITIES) == pytest.approx(1)


# The capacity search


def threshold(capacity):
    """A fake measure: a class passes when it is no larger than `capacity`."""
    return lambda size: size <= capacity


def test_the_search_doubles_then_bisects_to_within_the_resolution():
    found, tried = openloop.find_capacity(threshold(1300), start=200, limit=10_000, resolution=0.1)
    assert [size for size, _ in tried[:4]] == [200, 400, 800, 1600]
    assert [ok for _, ok in tried[:4]] == [True, True, True, False]
    # Bisecting 800..1600: 1200 passes, 1400 fails, 1300 passes; 1400 is within 1.1 x 1300.
    assert [size for size, _ in tried[4:]] == [1200, 1400, 1300]
    assert found == 1300


@given(
    capacity=st.integers(0, 5000),
    start=st.integers(1, 5000),
    limit=st.integers(1, 5000),
    resolution=st.floats(0.01, 1),
)
def test_the_search_ends_on_a_pass_within_the_resolution_of_a_failure(
    capacity, start, limit, resolution
):
    start = min(start, limit)
    found, tried = openloop.find_capacity(threshold(capacity), start, limit, resolution)
    assert found == min(capacity, limit) or found <= capacity < found * (1 + resolution) + 1
    assert found <= capacity
    if found:
        assert (found, True) in tried
    failures = [size for size, ok in tried if not ok]
    if found < limit:
        # The smallest size that failed is within the resolution of the answer (or next to it).
        assert min(failures) <= max(found + 1, found * (1 + resolution))
    assert all(1 <= size <= limit for size, _ in tried)
    assert len(tried) == len(set(tried))  # no size measured twice
    assert len(tried) <= 2 * math.log2(max(2, limit)) + 4


def test_a_start_that_fails_halves_until_a_size_passes():
    found, tried = openloop.find_capacity(threshold(70), start=400, limit=4000, resolution=0.1)
    assert [size for size, _ in tried[:3]] == [400, 200, 100]
    assert tried[3] == (50, True)
    assert found <= 70 < found * 1.1


def test_no_size_passing_gives_zero_and_passing_at_the_limit_gives_the_limit():
    assert openloop.find_capacity(threshold(0), 8, 100, 0.1)[0] == 0
    found, tried = openloop.find_capacity(threshold(10**6), 300, 1000, 0.1)
    assert found == 1000
    assert tried == [(300, True), (600, True), (1000, True)]


@pytest.mark.parametrize(
    ("start", "limit", "resolution", "message"),
    [
        (0, 10, 0.1, "start must be between"),
        (11, 10, 0.1, "start must be between"),
        (5, 10, 0, "resolution must be above 0"),
    ],
)
def test_a_search_that_cannot_end_is_refused(start, limit, resolution, message):
    with pytest.raises(ValueError, match=message):
        next(openloop.capacity_search(start, limit, resolution))


# Verdict and report


@pytest.mark.parametrize(
    ("p99", "errors", "passes"),
    [(250, 0, True), (251, 0, False), (12, 1, False), (float("nan"), 0, False)],
)
def test_a_step_passes_only_with_no_error_and_the_p99_within_the_target(p99, errors, passes):
    assert openloop.step_passes(p99, errors, 250) is passes


def a_step(students, p99, passed):
    return {
        "students": students,
        "bare_view_per_second": 1234.4,
        "per_second": 98.76,
        "p50": 8.2,
        "p95": 40.6,
        "p99": p99,
        "slowest_endpoint": {"endpoint": "POST /review/rate/ (htmx)", "p99": 310.0},
        "errors": 0 if passed else 3,
        "client_cores": 0.123,
        "gunicorn_cores": 1.456,
        "other_cores": 0.2,
        "loop_lag_p99_ms": float("nan"),
        "passed": passed,
    }


def test_the_steps_table_has_a_row_per_step_in_order_with_its_figures():
    table = openloop.steps_table([a_step(800, 180.4, True), a_step(1600, 412.0, False)])
    header, rule, first, second = table.splitlines()
    assert header.count("|") == rule.count("|") == first.count("|") == second.count("|")
    assert first == (
        "| 800 | 1234 | 98.8 | 8 | 41 | 180 | POST /review/rate/ (htmx) 310 | 0 | 0.12 | 1.46 "
        "| 0.20 | - | pass |"
    )
    assert second.startswith("| 1600 |")
    assert second.endswith("| 3 | 0.12 | 1.46 | 0.20 | - | fail |")
