"""
Blue/green deployments: CodeDeploy's configurations and lifecycle events, ECS's own blue/green
stages and bake time, rollback, the reader's errors, and properties over random deployments.
"""

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.bluegreen import simulate
from studyapp.sims.bluegreen.engine import PREDEFINED
from studyapp.sims.bluegreen.timeline import CODE_DEPLOY_HOOKS, ECS_HOOK_STAGES
from studyapp.sims.validation import MAX_LISTED_PROBLEMS, InvalidInput
from tests.sims.rolling.test_rolling import JSON

CODEDEPLOY_CONFIGURATIONS = (
    "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"
)
APPSPEC_HOOKS = (
    "https://docs.aws.amazon.com/codedeploy/latest/userguide/"
    "reference-appspec-file-structure-hooks.html"
)
TERMINATION_OPTION = (
    "https://docs.aws.amazon.com/codedeploy/latest/APIReference/"
    "API_BlueInstanceTerminationOption.html"
)
BLUE_GREEN_HOOK_SYNTAX = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green-hook-syntax.html"
)
ECS_LIFECYCLE_STAGES = (
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html"
)
ECS_DEPLOYMENT_CONFIGURATION = (
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html"
)
ECS_LIFECYCLE_HOOKS = (
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html"
)
ECS_BLUE_GREEN_WORKFLOW = (
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
    "blue-green-deployment-how-it-works.html"
)


def code_deploy(**document):
    return simulate({"desiredCount": 4, **document})


def ecs(**document):
    return simulate(
        {"deploymentController": "ECS", "desiredCount": 4, "bakeTimeInMinutes": 5, **document}
    )


def production_shifts(result):
    """(minute, green's production share) at each step where that share changed upward."""
    shifts, share = [], 0
    for step in result["steps"]:
        green = step["production"]["green"]
        if green > share:
            shifts.append((step["minute"], green))
        share = green
    return shifts


def problems(document):
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    return {problem.path: problem.message for problem in raised.value.problems}


# CodeDeploy's predefined configurations, as the CodeDeploy user guide lists them for the ECS
# compute platform (CODEDEPLOY_CONFIGURATIONS).


def test_all_at_once_shifts_all_production_traffic_in_one_step():
    result = code_deploy(deploymentConfigName="CodeDeployDefault.ECSAllAtOnce")
    assert [share for _, share in production_shifts(result)] == [100]
    assert result["productionShifts"] == 1


def test_without_a_configuration_codedeploy_deploys_all_at_once():
    result = code_deploy()
    assert result["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    assert result["productionShifts"] == 1


@pytest.mark.parametrize(
    ("name", "interval"),
    [
        ("CodeDeployDefault.ECSCanary10Percent5Minutes", 5),
        ("CodeDeployDefault.ECSCanary10Percent15Minutes", 15),
    ],
)
def test_canary_configurations_shift_10_percent_then_the_rest_after_the_interval(name, interval):
    result = code_deploy(deploymentConfigName=name)
    (first_minute, first), (second_minute, second) = production_shifts(result)
    assert (first, second) == (10, 100)
    assert second_minute - first_minute == interval


@pytest.mark.parametrize(
    ("name", "interval"),
    [
        ("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", 1),
        ("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", 3),
    ],
)
def test_linear_configurations_shift_10_percent_every_interval_until_all(name, interval):
    result = code_deploy(deploymentConfigName=name)
    shifts = production_shifts(result)
    assert [share for _, share in shifts] == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    minutes = [minute for minute, _ in shifts]
    assert {later - earlier for earlier, later in itertools.pairwise(minutes)} == {interval}
    assert result["productionShifts"] == 10


def test_the_five_predefined_ecs_configurations_are_known():
    assert set(PREDEFINED) == {
        "CodeDeployDefault.ECSAllAtOnce",
        "CodeDeployDefault.ECSCanary10Percent5Minutes",
        "CodeDeployDefault.ECSCanary10Percent15Minutes",
        "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
    }
    assert (
        "ECSAllAtOnce"
        in problems({"desiredCount": 1, "deploymentConfigName": "Fast"})["deploymentConfigName"]
    )


def test_a_custom_linear_configuration_rounds_its_last_shift_to_100():
    result = code_deploy(trafficRoutingConfig=custom("TimeBasedLinear", 30, 2))
    assert [share for _, share in production_shifts(result)] == [30, 60, 90, 100]
    assert result["deploymentConfigName"] is None
    assert result["trafficRouting"] == {
        "type": "TimeBasedLinear",
        "percentage": 30,
        "intervalMinutes": 2,
    }


def test_a_custom_canary_configuration_uses_its_percentage_and_interval():
    result = code_deploy(trafficRoutingConfig=custom("TimeBasedCanary", 25, 7))
    (first_minute, first), (second_minute, second) = production_shifts(result)
    assert (first, second, second_minute - first_minute) == (25, 100, 7)


def test_a_custom_configuration_names_what_is_missing_or_out_of_bounds():
    found = problems(
        {
            "desiredCount": 2,
            "trafficRoutingConfig": {
                "type": "TimeBasedLinear",
                "timeBasedLinear": {"linearPercentage": 100},
            },
        }
    )
    assert found == {
        "trafficRoutingConfig.timeBasedLinear.linearPercentage": "must be a whole number from 1 "
        "to 99",
        "trafficRoutingConfig.timeBasedLinear.linearInterval": "is required when type is "
        "TimeBasedLinear",
    }
    assert "trafficRoutingConfig.type" in problems({"desiredCount": 2, "trafficRoutingConfig": {}})


def test_a_predefined_name_and_a_custom_routing_together_are_refused():
    found = problems(
        {
            "desiredCount": 2,
            "deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
            "trafficRoutingConfig": {"type": "AllAtOnce"},
        }
    )
    assert "not both" in found["trafficRoutingConfig"]


# CodeDeploy's lifecycle events and hooks (APPSPEC_HOOKS).


def test_codedeploy_runs_the_lifecycle_events_in_the_documented_order():
    stages = []
    for step in code_deploy(testListener=True)["steps"]:
        if not stages or stages[-1] != step["stage"]:
            stages.append(step["stage"])
    assert stages == [
        "Start",
        "BeforeInstall",
        "Install",
        "AfterInstall",
        "AllowTestTraffic",
        "AfterAllowTestTraffic",
        "BeforeAllowTraffic",
        "AllowTraffic",
        "AfterAllowTraffic",
        "End",
    ]


def test_the_test_listener_sends_test_traffic_to_green_before_production_moves():
    result = code_deploy(testListener=True)
    allow_test = next(step for step in result["steps"] if step["stage"] == "AllowTestTraffic")
    assert allow_test["test"] == {"blue": 0, "green": 100}
    assert allow_test["production"] == {"blue": 100, "green": 0}
    assert all(step["test"] is None for step in code_deploy()["steps"])


def test_a_failed_before_install_hook_cannot_be_rolled_back_so_the_deployment_fails():
    result = code_deploy(hooks={"BeforeInstall": "Failed"})
    assert result["outcome"] == "FAILED"
    last = result["steps"][-1]
    assert last["green"] == {"tasks": 0, "state": "NOT_CREATED"}
    assert last["production"] == {"blue": 100, "green": 0}
    assert "nothing to roll back" in result["message"]


def test_a_failed_after_allow_test_traffic_hook_rolls_test_traffic_back_to_blue():
    result = code_deploy(testListener=True, hooks={"AfterAllowTestTraffic": "Failed"})
    assert result["outcome"] == "ROLLED_BACK"
    assert "AfterAllowTestTraffic hook returned Failed" in result["message"]
    last = result["steps"][-1]
    assert last["test"] == {"blue": 100, "green": 0}
    assert last["production"] == {"blue": 100, "green": 0}
    assert last["green"]["state"] == "DELETED"
    assert last["blue"] == {"tasks": 4, "state": "RUNNING"}


def test_each_hook_takes_the_hook_time_and_is_reported():
    result = code_deploy(
        hooks={name: "Succeeded" for name in CODE_DEPLOY_HOOKS},
        timing={"scaleUpMinutes": 2, "hookMinutes": 3},
        terminationWaitTimeInMinutes=0,
    )
    assert result["hooksRun"] == list(CODE_DEPLOY_HOOKS)
    assert result["durationMinutes"] == 2 + 5 * 3


def test_an_alarm_during_a_canary_interval_rolls_back_at_that_minute():
    result = code_deploy(
        deploymentConfigName="CodeDeployDefault.ECSCanary10Percent15Minutes", alarmAtMinute=9
    )
    assert result["outcome"] == "ROLLED_BACK"
    last = result["steps"][-1]
    assert last["minute"] == 9
    assert last["production"] == {"blue": 100, "green": 0}
    assert "10 % of production traffic" in " ".join(last["events"])


# The termination wait (TERMINATION_OPTION: at most 2,880 minutes; BLUE_GREEN_HOOK_SYNTAX's
# AdditionalOptions: 5 minutes by default).


def test_the_original_task_set_is_deleted_after_the_termination_wait_default_5_minutes():
    result = code_deploy(timing={"scaleUpMinutes": 0, "hookMinutes": 0})
    assert result["terminationWaitTimeInMinutes"] == 5
    end = [step for step in result["steps"] if step["stage"] == "End"]
    assert end[-1]["minute"] - end[0]["minute"] == 5
    assert end[0]["blue"]["state"] == "RUNNING"
    assert end[-1]["blue"] == {"tasks": 0, "state": "DELETED"}
    assert result["outcome"] == "COMPLETED"


def test_the_termination_wait_is_at_most_2880_minutes():
    assert code_deploy(terminationWaitTimeInMinutes=2880)["durationMinutes"] >= 2880
    assert problems({"desiredCount": 1, "terminationWaitTimeInMinutes": 2881}) == {
        "terminationWaitTimeInMinutes": "must be a whole number from 0 to 2,880"
    }


def test_an_alarm_during_the_termination_wait_still_rolls_back():
    result = code_deploy(terminationWaitTimeInMinutes=60, alarmAtMinute=30)
    assert result["outcome"] == "ROLLED_BACK"
    assert result["steps"][-1]["production"] == {"blue": 100, "green": 0}


# ECS's own blue/green deployments: stages (ECS_LIFECYCLE_STAGES), bakeTimeInMinutes
# (ECS_DEPLOYMENT_CONFIGURATION), hook results and rollback (ECS_LIFECYCLE_HOOKS).


def test_ecs_runs_its_blue_green_stages_in_order():
    stages = []
    for step in ecs(testListener=True)["steps"]:
        if not stages or stages[-1] != step["stage"]:
            stages.append(step["stage"])
    assert stages == [
        "Start",
        "PRE_SCALE_UP",
        "SCALE_UP",
        "POST_SCALE_UP",
        "TEST_TRAFFIC_SHIFT",
        "POST_TEST_TRAFFIC_SHIFT",
        "PRODUCTION_TRAFFIC_SHIFT",
        "POST_PRODUCTION_TRAFFIC_SHIFT",
        "BAKE_TIME",
        "CLEAN_UP",
    ]


def test_ecs_keeps_blue_for_the_bake_time_after_production_has_shifted():
    result = ecs(bakeTimeInMinutes=20)
    bake = next(step for step in result["steps"] if step["stage"] == "BAKE_TIME")
    clean_up = result["steps"][-1]
    assert bake["production"] == {"blue": 0, "green": 100}
    assert bake["blue"]["state"] == "RUNNING"
    assert clean_up["minute"] - bake["minute"] == 20
    assert clean_up["blue"]["state"] == "DELETED"
    assert result["outcome"] == "COMPLETED"


def test_ecs_requires_a_bake_time_of_0_to_1440_minutes():
    assert (
        "is required"
        in problems({"deploymentController": "ECS", "desiredCount": 1})["bakeTimeInMinutes"]
    )
    assert problems({"deploymentController": "ECS", "desiredCount": 1, "bakeTimeInMinutes": 1441})[
        "bakeTimeInMinutes"
    ] == ("must be a whole number from 0 to 1,440")


def test_ecs_shifts_all_production_traffic_at_once():
    assert [share for _, share in production_shifts(ecs())] == [100]


def test_an_ecs_hook_returning_failed_rolls_back_and_reruns_the_traffic_shift_hooks():
    result = ecs(
        hooks={"PRODUCTION_TRAFFIC_SHIFT": "SUCCEEDED", "POST_PRODUCTION_TRAFFIC_SHIFT": "FAILED"}
    )
    assert result["outcome"] == "ROLLED_BACK"
    last = result["steps"][-1]
    assert last["production"] == {"blue": 100, "green": 0}
    assert "runs the hooks configured for PRODUCTION_TRAFFIC_SHIFT again" in " ".join(
        last["events"]
    )


def test_an_alarm_during_the_bake_time_rolls_back():
    result = ecs(bakeTimeInMinutes=30, alarmAtMinute=20)
    assert result["outcome"] == "ROLLED_BACK"
    assert result["steps"][-2]["stage"] == "BAKE_TIME"
    assert result["steps"][-1]["minute"] == 20


def test_a_reconcile_service_hook_does_not_run_with_one_active_revision():
    result = ecs(hooks={"RECONCILE_SERVICE": "FAILED"})
    assert result["outcome"] == "COMPLETED"
    assert result["hooksRun"] == []
    assert "so its hook does not run" in result["steps"][0]["events"][0]


def test_a_failed_pre_scale_up_hook_fails_before_green_exists():
    result = ecs(hooks={"PRE_SCALE_UP": "FAILED"})
    assert result["outcome"] == "FAILED"
    assert result["steps"][-1]["green"]["state"] == "NOT_CREATED"


def test_hook_names_and_statuses_belong_to_their_controller():
    found = problems(
        {
            "deploymentController": "ECS",
            "desiredCount": 1,
            "bakeTimeInMinutes": 0,
            "hooks": {"AfterInstall": "Failed", "PRE_SCALE_UP": "Failed"},
            "terminationWaitTimeInMinutes": 5,
        }
    )
    assert found["hooks.AfterInstall"].startswith("unknown key")
    assert found["hooks.PRE_SCALE_UP"] == "must be SUCCEEDED or FAILED"
    assert found["terminationWaitTimeInMinutes"] == (
        "applies only to deploymentController CODE_DEPLOY, not ECS"
    )
    assert problems({"desiredCount": 1, "bakeTimeInMinutes": 5}) == {
        "bakeTimeInMinutes": "applies only to deploymentController ECS, not CODE_DEPLOY"
    }


def test_the_problem_listing_is_capped():
    document = {"desiredCount": 1, **{f"extra{n}": n for n in range(500)}}
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    assert len(raised.value.problems) == MAX_LISTED_PROBLEMS + 1
    assert "450 more problem(s)" in raised.value.problems[-1].message


# Properties over random deployments.


def custom(kind, percentage, interval):
    """A custom trafficRoutingConfig as CodeDeploy's CreateDeploymentConfig takes it."""
    prefix = "canary" if kind == "TimeBasedCanary" else "linear"
    return {
        "type": kind,
        f"timeBased{prefix.title()}": {
            f"{prefix}Percentage": percentage,
            f"{prefix}Interval": interval,
        },
    }


ROUTINGS = st.one_of(
    st.builds(lambda name: {"deploymentConfigName": name}, st.sampled_from(sorted(PREDEFINED))),
    st.builds(
        lambda *routing: {"trafficRoutingConfig": custom(*routing)},
        st.sampled_from(["TimeBasedCanary", "TimeBasedLinear"]),
        st.integers(1, 99),
        st.integers(1, 30),
    ),
)
STATUSES = {"CODE_DEPLOY": ("Succeeded", "Failed"), "ECS": ("SUCCEEDED", "FAILED")}


@st.composite
def deployments(draw):
    controller = draw(st.sampled_from(["CODE_DEPLOY", "ECS"]))
    names = CODE_DEPLOY_HOOKS if controller == "CODE_DEPLOY" else ECS_HOOK_STAGES
    document = {
        "deploymentController": controller,
        "desiredCount": draw(st.integers(1, 50)),
        "testListener": draw(st.booleans()),
        "hooks": draw(
            st.dictionaries(st.sampled_from(names), st.sampled_from(STATUSES[controller]))
        ),
        "timing": {
            "scaleUpMinutes": draw(st.integers(0, 5)),
            "hookMinutes": draw(st.integers(0, 5)),
        },
    }
    if draw(st.booleans()):
        document["alarmAtMinute"] = draw(st.integers(1, 80))
    if controller == "CODE_DEPLOY":
        document.update(draw(ROUTINGS))
        document["terminationWaitTimeInMinutes"] = draw(st.integers(0, 30))
    else:
        document["bakeTimeInMinutes"] = draw(st.integers(0, 30))
    return document


def expected_shifts(document):
    """1 all at once, 2 canary, ceil(100 / percentage) linear."""
    if document["deploymentController"] == "ECS":
        return 1
    if "deploymentConfigName" in document:
        kind, percentage, _ = PREDEFINED[document["deploymentConfigName"]]
    else:
        routing = document["trafficRoutingConfig"]
        kind = routing["type"]
        (percentage, _), *_ = [
            tuple(member.values()) for member in routing.values() if member != kind
        ]
    return {"AllAtOnce": 1, "TimeBasedCanary": 2}.get(kind, -(-100 // percentage))


PRECONDITIONS = {
    "CODE_DEPLOY": ("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic"),
    "ECS": ("PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"),
}


@settings(max_examples=300, deadline=None)
@given(deployments())
def test_every_step_keeps_the_traffic_rules(document):
    result = simulate(document)
    controller = document["deploymentController"]
    passed = set()
    previous_minute = 0
    for step in result["steps"]:
        # Shares are whole percentages that always add up to 100.
        assert step["production"]["blue"] + step["production"]["green"] == 100
        if step["test"] is not None:
            assert step["test"]["blue"] + step["test"]["green"] == 100
        assert (step["test"] is None) == (not document["testListener"])
        assert step["minute"] >= previous_minute
        previous_minute = step["minute"]
        # No production traffic reaches green before every earlier stage has passed, its hook
        # included, and green is running.
        if step["production"]["green"] > 0:
            assert passed >= set(PRECONDITIONS[controller])
            assert step["green"] == {"tasks": document["desiredCount"], "state": "RUNNING"}
        if step["hook"] is None or step["hook"]["status"] in ("Succeeded", "SUCCEEDED"):
            passed.add(step["stage"])
    last = result["steps"][-1]
    if result["outcome"] == "COMPLETED":
        # Blue goes only after the whole termination wait or bake time, counted from the step
        # that starts it.
        waiting = "BAKE_TIME" if controller == "ECS" else "End"
        started = next(step["minute"] for step in result["steps"] if step["stage"] == waiting)
        wait = document.get("bakeTimeInMinutes", document.get("terminationWaitTimeInMinutes"))
        deleted = next(step for step in result["steps"] if step["blue"]["state"] == "DELETED")
        assert deleted["minute"] - started == wait
        assert last["production"] == {"blue": 0, "green": 100}
        assert last["blue"]["state"] == "DELETED"
        assert result["productionShifts"] == expected_shifts(document)
        assert len(production_shifts(result)) == expected_shifts(document)
    else:
        # A rollback (or a failure before green) leaves all traffic on a running blue.
        assert last["production"] == {"blue": 100, "green": 0}
        assert last["test"] in (None, {"blue": 100, "green": 0})
        assert last["blue"] == {"tasks": document["desiredCount"], "state": "RUNNING"}
        assert last["green"]["state"] in ("DELETED", "NOT_CREATED")
        assert last["green"]["tasks"] == 0
        assert result["message"]
    json.dumps(result, allow_nan=False)


DOCUMENTS = JSON | st.fixed_dictionaries(
    {"desiredCount": st.integers(-1, 1001) | JSON},
    optional={
        "deploymentController": st.sampled_from(["CODE_DEPLOY", "ECS"]) | JSON,
        "deploymentConfigName": st.sampled_from(sorted(PREDEFINED)) | JSON,
        "trafficRoutingConfig": JSON
        | st.fixed_dictionaries(
            {"type": st.sampled_from(["AllAtOnce", "TimeBasedCanary", "TimeBasedLinear"]) | JSON},
            optional={"timeBasedCanary": JSON, "timeBasedLinear": JSON},
        ),
        "hooks": JSON,
        "bakeTimeInMinutes": st.integers(-1, 1441) | JSON,
        "terminationWaitTimeInMinutes": st.integers(-1, 2881) | JSON,
        "alarmAtMinute": st.integers(-1, 100) | JSON,
        "timing": JSON,
    },
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_arbitrary_input_raises_nothing_but_invalid_input(document):
    try:
        json.dumps(simulate(document), allow_nan=False)
    except InvalidInput as error:
        assert error.problems


def test_the_longest_deployment_within_the_limits_stays_short():
    result = code_deploy(
        desiredCount=1000,
        trafficRoutingConfig=custom("TimeBasedLinear", 1, 2880),
        hooks={name: "Succeeded" for name in CODE_DEPLOY_HOOKS},
        terminationWaitTimeInMinutes=2880,
        timing={"scaleUpMinutes": 60, "hookMinutes": 60},
    )
    assert result["productionShifts"] == 100
    assert len(result["steps"]) < 120
    assert result["durationMinutes"] == 60 + 5 * 60 + 99 * 2880 + 2880
