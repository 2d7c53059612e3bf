"""The envelope, the recommendation, the costs and the error contract of the Fargate simulator."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.fargate import pricing, simulate
from studyapp.sims.validation import InvalidInput


def task_definition(cpu="1024", memory="2048", containers=None, **extra):
    return {
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": cpu,
        "memory": memory,
        "containerDefinitions": containers or [{"name": "app", "image": "nginx"}],
        **extra,
    }


def option(result, architecture="X86_64", capacity="ON_DEMAND"):
    return next(
        o
        for o in result["cost"]["options"]
        if o["cpuArchitecture"] == architecture and o["capacity"] == capacity
    )


def test_linux_x86_on_demand_per_hour_month_and_service():
    result = simulate({"taskDefinition": task_definition(), "desiredCount": 3})
    x86 = option(result)
    # 1 vCPU x 0.04048 + 2 GB x 0.004445
    assert x86["perTaskHour"] == 0.04937
    assert x86["perTaskMonth"] == 36.04  # x 730 h
    assert x86["perServiceMonth"] == 108.12
    assert x86["selected"] is True
    assert result["cost"]["hoursPerMonth"] == 730
    assert result["cost"]["region"] == "us-east-1"


def test_graviton_is_priced_and_selected_from_the_runtime_platform():
    definition = task_definition(runtimePlatform={"cpuArchitecture": "ARM64"})
    result = simulate(definition)
    arm = option(result, "ARM64")
    assert arm["perTaskHour"] == 0.0395  # 0.03238 + 2 x 0.00356
    assert arm["selected"] is True
    assert option(result)["selected"] is False


@pytest.mark.parametrize(("discount", "hourly"), [(0.7, 0.014811), (0.5, 0.024685), (0, 0.04937)])
def test_spot_takes_the_configured_discount_off_vcpu_and_memory(discount, hourly):
    result = simulate({"taskDefinition": task_definition(), "spotDiscount": discount})
    assert option(result, capacity="SPOT")["perTaskHour"] == hourly
    assert result["cost"]["spotDiscount"] == discount


def test_windows_adds_the_licence_fee_and_has_no_arm_or_spot():
    definition = task_definition(
        runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
    )
    result = simulate(definition)
    assert result["cost"]["operatingSystem"] == "WINDOWS"
    assert [(o["cpuArchitecture"], o["capacity"]) for o in result["cost"]["options"]] == [
        ("X86_64", "ON_DEMAND")
    ]
    # 1 vCPU x (0.09148 + 0.046 licence) + 2 GB x 0.01005
    assert option(result)["perTaskHour"] == 0.15758


def test_ephemeral_storage_above_20_gib_is_charged():
    result = simulate(task_definition(ephemeralStorage={"sizeInGiB": 50}))
    # 30 extra GiB x 0.000111
    assert option(result)["perTaskHour"] == round(0.04937 + 30 * 0.000111, 6)
    assert result["cost"]["size"]["ephemeralStorageGiB"] == 50
    spot = option(result, capacity="SPOT")["perTaskHour"]
    assert spot == round(0.04937 * 0.3 + 30 * 0.000111, 6)


def test_oversized_task_shows_the_saving_of_the_recommended_size():
    containers = [{"name": "app", "image": "nginx", "cpu": 256, "memory": 512}]
    result = simulate(
        {"taskDefinition": task_definition("4096", "8192", containers), "desiredCount": 2}
    )
    assert result["recommendedSize"] == {"cpu": 256, "memory": 512}
    given = 4 * 0.04048 + 8 * 0.004445
    smallest = 0.25 * 0.04048 + 0.5 * 0.004445
    saving = result["cost"]["saving"]
    assert saving["recommendedSize"] == {"cpu": 256, "memory": 512}
    assert saving["perTaskMonth"] == round((given - smallest) * 730, 2)
    assert saving["perServiceMonth"] == round((given - smallest) * 730 * 2, 2)


def test_no_saving_when_the_task_is_already_the_smallest():
    containers = [{"name": "app", "image": "nginx", "cpu": 256, "memory": 512}]
    result = simulate(task_definition("256", "512", containers))
    assert result["cost"]["saving"] is None


def test_an_invalid_size_is_priced_at_the_recommended_one():
    containers = [{"name": "app", "image": "nginx", "cpu": 700, "memory": 3000}]
    result = simulate(task_definition("700", "3000", containers))
    assert result["valid"] is False
    assert result["recommendedSize"] == {"cpu": 1024, "memory": 3072}
    assert result["cost"]["basis"] == "recommendedSize"
    assert result["cost"]["size"]["cpu"] == 1024


def test_nothing_to_price_when_no_size_fits():
    containers = [{"name": "app", "image": "nginx", "cpu": 20000}]
    result = simulate(task_definition("bad", "bad", containers))
    assert result["recommendedSize"] is None
    assert result["cost"] is None


def test_the_prices_come_from_the_data_file(tmp_path, monkeypatch):
    prices = json.loads(pricing._pricing_file().read_text(encoding="utf-8"))
    prices["regions"]["us-east-1"]["linux"]["X86_64"] = {"vcpuHour": 1, "gbHour": 0.5}
    (tmp_path / "pricing").mkdir()
    (tmp_path / "pricing" / "fargate.json").write_text(json.dumps(prices), encoding="utf-8")
    monkeypatch.setenv("STUDYAPP_CONTENT_DIR", str(tmp_path))
    pricing.price_list.cache_clear()
    try:
        assert option(simulate(task_definition()))["perTaskHour"] == 2.0
    finally:
        monkeypatch.delenv("STUDYAPP_CONTENT_DIR")
        pricing.price_list.cache_clear()


def test_the_data_file_says_when_where_and_from_what():
    prices = pricing.price_list()
    assert prices["asOf"]
    assert prices["source"]
    assert "us-east-1" in prices["regions"]
    assert int(prices["hoursPerMonth"]) == 730


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], ""),
        ("cpu: 256", ""),
        (None, ""),
        ({"taskDefinition": "web:3"}, "taskDefinition"),
        ({"taskDefinition": {}, "desiredCount": -1}, "desiredCount"),
        ({"taskDefinition": {}, "desiredCount": "2"}, "desiredCount"),
        ({"taskDefinition": {}, "desiredCount": True}, "desiredCount"),
        ({"taskDefinition": {}, "desiredCount": 1001}, "desiredCount"),
        ({"taskDefinition": {}, "region": "eu-west-9"}, "region"),
        ({"taskDefinition": {}, "region": ["us-east-1"]}, "region"),
        ({"taskDefinition": {}, "spotDiscount": 0.9}, "spotDiscount"),
        ({"taskDefinition": {}, "spotDiscount": "70%"}, "spotDiscount"),
        ({"taskDefinition": {}, "desiredcount": 2}, "desiredcount"),
    ],
)
def test_uninterpretable_documents_are_invalid_input(document, path):
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    assert path in [problem.path for problem in raised.value.problems]


def test_every_envelope_problem_is_listed_at_once():
    with pytest.raises(InvalidInput) as raised:
        simulate({"taskDefinition": 1, "desiredCount": -1, "spotDiscount": 2})
    assert {p.path for p in raised.value.problems} == {
        "taskDefinition",
        "desiredCount",
        "spotDiscount",
    }


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
CONTAINER_KEYS = [
    "name",
    "cpu",
    "memory",
    "memoryReservation",
    "essential",
    "portMappings",
    "healthCheck",
    "dependsOn",
    "secrets",
    "logConfiguration",
]
TASK_KEYS = [
    "networkMode",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "runtimePlatform",
    "ephemeralStorage",
    "executionRoleArn",
    "containerDefinitions",
]
SIZE_TEXT = st.sampled_from(["256", "1 vCPU", "2 GB", ".5 gb", "1024", "x", "", "9999999"])
CONTAINERS = st.lists(
    st.dictionaries(st.sampled_from(CONTAINER_KEYS), JSON | SIZE_TEXT | st.integers(-5, 5000)),
    max_size=4,
)
TASK_DEFINITIONS = st.dictionaries(
    st.sampled_from(TASK_KEYS), JSON | SIZE_TEXT | CONTAINERS, max_size=len(TASK_KEYS)
)
DOCUMENTS = (
    JSON
    | TASK_DEFINITIONS
    | st.fixed_dictionaries(
        {"taskDefinition": TASK_DEFINITIONS | JSON},
        optional={"desiredCount": JSON | st.integers(-2, 2000), "spotDiscount": JSON},
    )
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_arbitrary_input_raises_nothing_but_invalid_input(document):
    try:
        result = simulate(document)
    except InvalidInput as error:
        assert error.problems
        return
    json.dumps(result, allow_nan=False)
    assert result["valid"] == all(f["severity"] != "error" for f in result["findings"])


@pytest.mark.parametrize("envelope", [False, True])
def test_more_containers_than_ecs_allows_is_refused_before_the_review(envelope):
    chained = [
        {"name": f"c{n}", "image": "x", "dependsOn": [{"containerName": f"c{(n + 1) % 11}"}]}
        for n in range(11)
    ]
    document = task_definition(containers=chained)
    path = "containerDefinitions"
    if envelope:
        document, path = {"taskDefinition": document}, "taskDefinition.containerDefinitions"
    with pytest.raises(InvalidInput) as refused:
        simulate(document)
    assert [problem.path for problem in refused.value.problems] == [path]
    assert "at most 10" in refused.value.problems[0].message


def test_ten_chained_containers_are_still_reviewed():
    chained = [
        {"name": f"c{n}", "image": "x", "dependsOn": [{"containerName": f"c{(n + 1) % 10}"}]}
        for n in range(10)
    ]
    findings = simulate(task_definition(containers=chained))["findings"]
    assert any("cycle" in finding["message"] for finding in findings)


# A run is billed per second, rounded up, with a one-minute minimum on Linux and a 15-minute
# minimum on Windows: https://aws.amazon.com/fargate/pricing/ (recorded in
# content/pricing/fargate.json's "billing").
@pytest.mark.parametrize(
    ("seconds", "billed", "per_task"),
    [
        (20, 60, 0.000823),  # 0.04937 x 60 / 3600: the minute's minimum
        (60, 60, 0.000823),
        (60.2, 61, 0.000837),  # rounded up to the next second
        (90, 90, 0.001234),
        (3600, 3600, 0.04937),
        (86_400, 86_400, 1.18488),  # a day: 24 x 0.04937
    ],
)
def test_a_linux_run_is_billed_per_second_with_a_one_minute_minimum(seconds, billed, per_task):
    result = simulate(
        {"taskDefinition": task_definition(), "runSeconds": seconds, "desiredCount": 3}
    )
    assert result["cost"]["run"] == {
        "seconds": seconds,
        "billedSeconds": billed,
        "minimumSeconds": 60,
    }
    x86 = option(result)
    assert x86["perTaskRun"] == per_task
    assert x86["perServiceRun"] == pytest.approx(per_task * 3, abs=0.000002)


def test_a_windows_run_has_a_fifteen_minute_minimum():
    definition = task_definition(
        runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
    )
    result = simulate({"taskDefinition": definition, "runSeconds": 300})
    assert result["cost"]["run"] == {"seconds": 300, "billedSeconds": 900, "minimumSeconds": 900}
    windows = option(result)
    assert windows["perTaskRun"] == pytest.approx(windows["perTaskHour"] / 4, abs=0.000001)


def test_without_a_run_length_only_hours_and_months_are_priced():
    result = simulate({"taskDefinition": task_definition()})
    assert result["cost"]["run"] is None
    assert option(result)["perTaskRun"] is None
    assert option(result)["perServiceRun"] is None


@pytest.mark.parametrize("seconds", [0, 0.5, -1, 31_536_001, "60", True, float("nan")])
def test_a_run_length_out_of_bounds_is_refused_with_its_path(seconds):
    with pytest.raises(InvalidInput) as raised:
        simulate({"taskDefinition": task_definition(), "runSeconds": seconds})
    assert [problem.path for problem in raised.value.problems] == ["runSeconds"]
    assert raised.value.problems[0].message == (
        "must be a number of seconds from 1 to 31,536,000 (a year at most; price a longer run "
        "by the month)"
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seconds=st.floats(min_value=1, max_value=31_536_000), windows=st.booleans())
def test_a_run_is_never_billed_below_its_minimum_nor_more_than_a_second_over(seconds, windows):
    platform = {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE" if windows else "LINUX"}
    result = simulate(
        {"taskDefinition": task_definition(runtimePlatform=platform), "runSeconds": seconds}
    )
    run = result["cost"]["run"]
    minimum = 900 if windows else 60
    assert run["minimumSeconds"] == minimum
    assert run["billedSeconds"] >= minimum
    assert run["billedSeconds"] == minimum or seconds <= run["billedSeconds"] < seconds + 1
