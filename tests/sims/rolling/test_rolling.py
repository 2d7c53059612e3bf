"""Rolling updates: the documented examples, the circuit breaker, and the bounds at every step."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.rolling import simulate
from studyapp.sims.rolling.timeline import (
    MAX_WORK,
    WORK_ADVICE,
    WORK_UNIT,
    Deployment,
    Settings,
)
from studyapp.sims.validation import InvalidInput, WorkBudget


def deploy(desired, minimum=None, maximum=None, **extra):
    configuration = {}
    if minimum is not None:
        configuration["minimumHealthyPercent"] = minimum
    if maximum is not None:
        configuration["maximumPercent"] = maximum
    return simulate({"desiredCount": desired, "deploymentConfiguration": configuration, **extra})


def first_actions(result):
    return {(a["action"], a["revision"]): a["count"] for a in result["steps"][0]["actions"]}


def test_desired_4_minimum_50_may_stop_2_first():
    result = deploy(4, minimum=50)
    assert result["minimumHealthy"] == 2
    assert result["mayStopFirst"] == 2
    assert first_actions(result)[("STOP", "old")] == 2
    assert result["outcome"] == "COMPLETED"


def test_desired_2_minimum_75_cannot_stop_any_first():
    result = deploy(2, minimum=75)
    assert result["minimumHealthy"] == 2  # 1.5 rounds up
    assert result["mayStopFirst"] == 0
    assert ("STOP", "old") not in first_actions(result)
    assert first_actions(result)[("START", "new")] == 2


def test_desired_4_maximum_200_may_start_4_first():
    result = deploy(4, maximum=200)
    assert result["maximumRunning"] == 8
    assert result["mayStartFirst"] == 4
    assert first_actions(result) == {("START", "new"): 4}


def test_desired_3_with_100_and_125_is_stuck():
    result = deploy(3, minimum=100, maximum=125)
    assert result["maximumRunning"] == 3  # 3.75 rounds down
    assert result["minimumHealthy"] == 3
    assert result["stuck"] is True
    assert result["outcome"] == "STUCK"
    # The service event, word for word:
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html
    assert result["message"].startswith(
        "service web was unable to stop or start tasks during a deployment because of the "
        "service deployment configuration. Update the minimumHealthyPercent or maximumPercent "
        "value and try again."
    )
    assert len(result["steps"]) == 1
    assert result["steps"][0]["actions"] == []


def test_defaults_are_100_and_200():
    result = simulate({"desiredCount": 4})
    assert (result["minimumHealthyPercent"], result["maximumPercent"]) == (100, 200)
    assert (result["minimumHealthy"], result["maximumRunning"]) == (4, 8)


def test_the_topic_page_walkthrough_4_tasks_at_100_and_150():
    result = deploy(4, minimum=100, maximum=150)
    moves = [
        (step["elapsedSeconds"], a["action"], a["revision"], a["count"])
        for step in result["steps"]
        for a in step["actions"]
    ]
    assert moves == [
        (0, "START", "new", 2),
        (70, "STOP", "old", 2),
        (100, "START", "new", 2),
        (170, "STOP", "old", 2),
    ]
    last = result["steps"][-1]
    assert last["rolloutState"] == "COMPLETED"
    assert last["new"] == {"pending": 0, "running": 0, "healthy": 4, "stopping": 0}
    assert last["old"] == {"pending": 0, "running": 0, "healthy": 0, "stopping": 0}


def test_without_health_checks_a_task_counts_healthy_40_seconds_after_running():
    result = deploy(1, timing={"startSeconds": 25})
    became_healthy = [
        step["elapsedSeconds"]
        for step in result["steps"]
        if any("became healthy" in event for event in step["events"])
    ]
    assert became_healthy == [65]


def test_timing_is_configurable_down_to_zero():
    result = deploy(2, timing={"startSeconds": 0, "healthySeconds": 0, "stopSeconds": 0})
    assert result["outcome"] == "COMPLETED"
    assert result["durationSeconds"] == 0


@pytest.mark.parametrize(
    ("desired", "threshold"),
    [(1, 3), (6, 3), (7, 4), (10, 5), (25, 13), (399, 200), (400, 200), (1000, 200)],
)
def test_circuit_breaker_threshold(desired, threshold):
    result = simulate({"desiredCount": desired, "deploymentConfiguration": {"maximumPercent": 100}})
    assert result["circuitBreaker"]["threshold"] == threshold


# The threshold as AWS documents it: 0.5 x desired rounded up, kept between 3 and 200
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html),
# and the configurable ThresholdConfiguration
# (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ThresholdConfiguration.html):
# BOUNDED_PERCENT (default, value 50), UNBOUNDED_PERCENT, COUNT.
def threshold_for(desired, configuration):
    breaker = {"enable": True, "thresholdConfiguration": configuration}
    document = {
        "desiredCount": desired,
        "deploymentConfiguration": {"maximumPercent": 100, "deploymentCircuitBreaker": breaker},
    }
    return simulate(document)["circuitBreaker"]["threshold"]


@pytest.mark.parametrize(
    ("desired", "configuration", "threshold"),
    [
        (10, {}, 5),
        (10, {"type": "BOUNDED_PERCENT", "value": 50}, 5),
        (10, {"type": "BOUNDED_PERCENT", "value": 10}, 3),
        (10, {"type": "BOUNDED_PERCENT", "value": 25}, 3),
        (20, {"type": "BOUNDED_PERCENT", "value": 25}, 5),
        (7, {"type": "BOUNDED_PERCENT", "value": 30}, 3),
        (15, {"type": "BOUNDED_PERCENT", "value": 30}, 5),
        (1000, {"type": "BOUNDED_PERCENT", "value": 100}, 200),
        (10, {"type": "UNBOUNDED_PERCENT", "value": 10}, 1),
        (7, {"type": "UNBOUNDED_PERCENT", "value": 30}, 3),
        (1000, {"type": "UNBOUNDED_PERCENT", "value": 100}, 1000),
        (10, {"type": "COUNT", "value": 1}, 1),
        (1000, {"type": "COUNT", "value": 500}, 500),
    ],
)
def test_threshold_configuration(desired, configuration, threshold):
    assert threshold_for(desired, configuration) == threshold


def test_a_count_threshold_of_one_fails_the_deployment_at_the_first_failed_task():
    breaker = {"enable": True, "thresholdConfiguration": {"type": "COUNT", "value": 1}}
    result = simulate(
        {
            "desiredCount": 10,
            "deploymentConfiguration": {"maximumPercent": 110, "deploymentCircuitBreaker": breaker},
            "failingNewTasks": 1,
        }
    )
    assert result["outcome"] == "FAILED"
    assert result["circuitBreaker"]["failures"] == 1


@pytest.mark.parametrize(
    ("configuration", "path"),
    [
        ({"type": "PERCENT", "value": 50}, "thresholdConfiguration.type"),
        ({"type": "COUNT", "value": 0}, "thresholdConfiguration.value"),
        ({"type": "COUNT", "value": 10_001}, "thresholdConfiguration.value"),
        ({"type": "COUNT", "value": 2.5}, "thresholdConfiguration.value"),
    ],
)
def test_a_bad_threshold_configuration_names_its_path(configuration, path):
    breaker = {"enable": True, "thresholdConfiguration": configuration}
    with pytest.raises(InvalidInput) as raised:
        simulate(
            {"desiredCount": 4, "deploymentConfiguration": {"deploymentCircuitBreaker": breaker}}
        )
    paths = [problem.path for problem in raised.value.problems]
    assert paths == [f"deploymentConfiguration.deploymentCircuitBreaker.{path}"]


BREAKER = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}


def test_circuit_breaker_rolls_back_to_the_old_revision():
    result = simulate(
        {"desiredCount": 4, "deploymentConfiguration": BREAKER, "failingNewTasks": "all"}
    )
    assert result["outcome"] == "ROLLED_BACK"
    assert result["circuitBreaker"]["failures"] >= result["circuitBreaker"]["threshold"]
    assert result["circuitBreaker"]["triggeredAtSeconds"] == 30
    last = result["steps"][-1]
    assert last["old"]["healthy"] == 4
    assert last["new"] == {"pending": 0, "running": 0, "healthy": 0, "stopping": 0}
    assert last["deploying"] == "old"


def test_rollback_stops_new_tasks_that_are_still_starting():
    # 10 tasks at 50/100: the first 5 new tasks fail, the circuit breaker trips at 5
    result = simulate(
        {
            "desiredCount": 10,
            "deploymentConfiguration": {
                "minimumHealthyPercent": 50,
                "maximumPercent": 100,
                **BREAKER,
            },
            "failingNewTasks": 5,
            "timing": {"stopSeconds": 10},
        }
    )
    assert result["outcome"] == "ROLLED_BACK"
    assert result["steps"][-1]["old"]["healthy"] == 10


def test_circuit_breaker_without_rollback_fails_the_deployment():
    result = simulate(
        {
            "desiredCount": 4,
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": {"enable": True, "rollback": False}
            },
            "failingNewTasks": "all",
        }
    )
    assert result["outcome"] == "FAILED"
    assert result["steps"][-1]["rolloutState"] == "FAILED"
    assert result["steps"][-1]["old"]["healthy"] == 4


def test_failures_below_the_threshold_do_not_stop_the_deployment():
    result = simulate(
        {"desiredCount": 10, "deploymentConfiguration": BREAKER, "failingNewTasks": 4}
    )
    assert result["outcome"] == "COMPLETED"
    assert result["circuitBreaker"]["failures"] == 4
    assert result["circuitBreaker"]["triggeredAtSeconds"] is None


def test_without_a_circuit_breaker_failing_tasks_are_retried_until_the_simulator_stops():
    result = simulate({"desiredCount": 2, "failingNewTasks": "all"})
    assert result["outcome"] == "IN_PROGRESS"
    assert result["circuitBreaker"]["failures"] >= 10
    # service-event-messages-list.html, word for word.
    assert '"service web is unable to consistently start tasks successfully."' in result["message"]


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], ""),
        ({}, "desiredCount"),
        ({"desiredCount": 0}, "desiredCount"),
        ({"desiredCount": "4"}, "desiredCount"),
        ({"desiredCount": 1001}, "desiredCount"),
        ({"desiredCount": 4, "deploymentConfiguration": []}, "deploymentConfiguration"),
        (
            {"desiredCount": 4, "deploymentConfiguration": {"minimumHealthyPercent": 101}},
            "deploymentConfiguration.minimumHealthyPercent",
        ),
        (
            {"desiredCount": 4, "deploymentConfiguration": {"maximumPercent": 99}},
            "deploymentConfiguration.maximumPercent",
        ),
        (
            {"desiredCount": 4, "deploymentConfiguration": {"maximumPercent": 150.5}},
            "deploymentConfiguration.maximumPercent",
        ),
        (
            {"desiredCount": 4, "deploymentConfiguration": {"maximumPercnt": 150}},
            "deploymentConfiguration.maximumPercnt",
        ),
        (
            {
                "desiredCount": 4,
                "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": "yes"}},
            },
            "deploymentConfiguration.deploymentCircuitBreaker.enable",
        ),
        ({"desiredCount": 4, "timing": {"startSeconds": -1}}, "timing.startSeconds"),
        ({"desiredCount": 4, "timing": {"healthySeconds": 3601}}, "timing.healthySeconds"),
        ({"desiredCount": 4, "timing": 30}, "timing"),
        ({"desiredCount": 4, "failingNewTasks": "some"}, "failingNewTasks"),
        ({"desiredCount": 4, "failingNewTasks": -1}, "failingNewTasks"),
        ({"desiredCount": 4, "serviceName": "web"}, "serviceName"),
    ],
)
def test_bad_input_is_invalid_input_with_its_path(document, path):
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    assert path in [problem.path for problem in raised.value.problems]


DEPLOYMENTS = st.fixed_dictionaries(
    {
        "desiredCount": st.integers(1, 40),
        "deploymentConfiguration": st.fixed_dictionaries(
            {
                "minimumHealthyPercent": st.integers(0, 100),
                "maximumPercent": st.integers(100, 300),
                "deploymentCircuitBreaker": st.fixed_dictionaries(
                    {"enable": st.booleans(), "rollback": st.booleans()}
                ),
            }
        ),
        "timing": st.fixed_dictionaries(
            {
                "startSeconds": st.integers(0, 60),
                "healthySeconds": st.integers(0, 60),
                "stopSeconds": st.integers(0, 60),
            }
        ),
        "failingNewTasks": st.integers(0, 50) | st.just("all"),
    }
)


@settings(max_examples=300, deadline=None)
@given(DEPLOYMENTS)
def test_the_bounds_hold_at_every_step(document):
    result = simulate(document)
    desired = document["desiredCount"]
    configuration = document["deploymentConfiguration"]
    lower = math.ceil(desired * configuration["minimumHealthyPercent"] / 100)
    upper = math.floor(desired * configuration["maximumPercent"] / 100)
    assert (result["minimumHealthy"], result["maximumRunning"]) == (lower, upper)
    assert result["stuck"] == (lower == upper == desired)
    previous = 0
    for step in result["steps"]:
        tasks = [step[revision][state] for revision in ("old", "new") for state in step["old"]]
        assert step["total"] == sum(tasks)
        assert step["healthy"] == step["old"]["healthy"] + step["new"]["healthy"]
        assert step["total"] <= upper
        assert step["healthy"] >= lower
        assert step["elapsedSeconds"] >= previous
        previous = step["elapsedSeconds"]
    last = result["steps"][-1]
    if result["outcome"] == "COMPLETED":
        assert last["new"]["healthy"] == desired
        assert last["total"] == desired
    if result["outcome"] == "ROLLED_BACK":
        assert last["old"]["healthy"] == desired
        assert last["total"] == desired
    json.dumps(result, allow_nan=False)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
DOCUMENTS = JSON | st.fixed_dictionaries(
    {"desiredCount": st.integers(-1, 1001) | JSON},
    optional={
        "deploymentConfiguration": JSON
        | st.dictionaries(
            st.sampled_from(
                ["minimumHealthyPercent", "maximumPercent", "deploymentCircuitBreaker"]
            ),
            st.integers(-1, 1001) | JSON,
        ),
        "timing": JSON,
        "failingNewTasks": JSON | st.just("all"),
    },
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_arbitrary_input_raises_nothing_but_invalid_input(document):
    try:
        json.dumps(simulate(document), allow_nan=False)
    except InvalidInput as error:
        assert error.problems


SLOWEST_AT_THE_LIMITS = Settings(
    desired_count=1000,
    lower=1000,
    upper=1010,
    start_seconds=1,
    healthy_seconds=2,
    stop_seconds=3,
    failing_new_tasks=1999,
    circuit_breaker=False,
    rollback=False,
    threshold=200,
)


def test_the_costliest_deployment_found_at_the_limits_stays_within_the_work_budget():
    deployment = Deployment(SLOWEST_AT_THE_LIMITS)
    deployment.run()
    assert len(deployment.steps) > 500
    assert 1_000_000 < deployment.work.spent <= MAX_WORK


def test_a_deployment_past_its_work_budget_is_refused_naming_the_limit():
    deployment = Deployment(SLOWEST_AT_THE_LIMITS, WorkBudget(10_000, WORK_UNIT, WORK_ADVICE))
    with pytest.raises(InvalidInput) as refused:
        deployment.run()
    assert "more than 10,000 task visits" in str(refused.value)
    assert deployment.work.spent <= 10_000 + 2 * 2000


@settings(max_examples=100, deadline=None)
@given(
    desired=st.integers(min_value=1, max_value=1000),
    value=st.integers(min_value=1, max_value=100),
)
def test_percentage_thresholds_round_up_and_only_the_bounded_one_is_kept_in_3_to_200(
    desired, value
):
    exact = desired * value / 100
    unbounded = threshold_for(desired, {"type": "UNBOUNDED_PERCENT", "value": value})
    assert exact <= unbounded < exact + 1
    bounded = threshold_for(desired, {"type": "BOUNDED_PERCENT", "value": value})
    assert bounded == min(200, max(3, unbounded))
