"""Capacity provider strategies: the documented examples, the API's rules, the rounding rule."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.capacity import RULE, simulate
from studyapp.sims.validation import InvalidInput

DOCUMENTED_EXAMPLE = {
    "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ],
    "desiredCount": 10,
}


def strategy(*items, desired=10, **extra):
    return {"capacityProviderStrategy": list(items), "desiredCount": desired, **extra}


def provider(name, weight=None, base=None):
    item = {"capacityProvider": name}
    if weight is not None:
        item["weight"] = weight
    if base is not None:
        item["base"] = base
    return item


def problem_paths(document):
    with pytest.raises(InvalidInput) as raised:
        simulate(document)
    return [problem.path for problem in raised.value.problems]


def test_base_2_then_1_to_3_over_10_tasks():
    result = simulate(DOCUMENTED_EXAMPLE)
    assert result["tasks"] == {"FARGATE": 4, "FARGATE_SPOT": 6}
    assert [step["reason"] for step in result["steps"][:3]] == ["base", "base", "weight"]
    assert result["steps"][-1]["running"] == result["tasks"]
    assert result["rule"] == RULE


def test_weights_1_and_4_place_one_for_every_four():
    result = simulate(strategy(provider("A", 1), provider("B", 4), desired=10))
    assert result["tasks"] == {"A": 2, "B": 8}
    for step in result["steps"]:
        if step["task"] % 5 == 0:
            assert step["running"]["B"] == 4 * step["running"]["A"]


def test_the_running_split_task_by_task():
    result = simulate(DOCUMENTED_EXAMPLE)
    assert [step["capacityProvider"] for step in result["steps"]] == [
        "FARGATE",  # base
        "FARGATE",  # base
        "FARGATE_SPOT",  # shares 0.25 and 0.75, both below; priorities 1/1 and 3/1
        "FARGATE_SPOT",  # shares 0.5 and 1.5; priorities 1/1 and 3/2
        "FARGATE",  # shares 0.75 and 2.25; priorities 1/1 and 3/3 tie: the first listed
        "FARGATE_SPOT",  # shares 1 and 3: FARGATE has its 1, so only FARGATE_SPOT is below
        "FARGATE_SPOT",
        "FARGATE_SPOT",
        "FARGATE",
        "FARGATE_SPOT",
    ]
    assert [step["task"] for step in result["steps"]] == list(range(1, 11))


def test_fewer_tasks_than_the_base_all_go_to_the_base_provider():
    result = simulate({**DOCUMENTED_EXAMPLE, "desiredCount": 1})
    assert result["tasks"] == {"FARGATE": 1, "FARGATE_SPOT": 0}


def test_zero_tasks():
    result = simulate({**DOCUMENTED_EXAMPLE, "desiredCount": 0})
    assert result["tasks"] == {"FARGATE": 0, "FARGATE_SPOT": 0}
    assert result["steps"] == []


def test_many_providers_stay_within_one_task_of_their_share():
    weights = [1, 1, 1, 6, 6]
    result = simulate(strategy(*[provider(f"asg-{n}", w) for n, w in enumerate(weights)]))
    assert result["tasks"] == {"asg-0": 1, "asg-1": 1, "asg-2": 0, "asg-3": 4, "asg-4": 4}


def test_weight_zero_providers_get_nothing_beyond_their_base():
    result = simulate(strategy(provider("FARGATE", 0, base=3), provider("FARGATE_SPOT", 1)))
    assert result["tasks"] == {"FARGATE": 3, "FARGATE_SPOT": 7}


def test_a_lone_provider_of_weight_zero_takes_every_task():
    result = simulate(strategy(provider("FARGATE", 0, base=2), desired=5))
    assert result["tasks"] == {"FARGATE": 5}
    assert [step["reason"] for step in result["steps"]] == ["base"] * 2 + ["only provider"] * 3


def test_an_auto_scaling_group_strategy_is_distributed_without_a_price():
    result = simulate(
        strategy(provider("asg-a", 1), provider("asg-b", 1), desired=3, cpu="1024", memory="2048")
    )
    assert result["tasks"] == {"asg-a": 2, "asg-b": 1}
    assert result["cost"] is None


def test_cost_of_the_mix():
    result = simulate({**DOCUMENTED_EXAMPLE, "cpu": "1 vCPU", "memory": "2 GB"})
    cost = result["cost"]
    on_demand = (0.04048 + 2 * 0.004445) * 730
    spot = on_demand * 0.3
    assert cost["providers"] == [
        {
            "capacityProvider": "FARGATE",
            "tasks": 4,
            "perTaskMonth": round(on_demand, 2),
            "month": round(4 * on_demand, 2),
        },
        {
            "capacityProvider": "FARGATE_SPOT",
            "tasks": 6,
            "perTaskMonth": round(spot, 2),
            "month": round(6 * spot, 2),
        },
    ]
    assert cost["month"] == round(4 * on_demand + 6 * spot, 2)
    assert cost["allOnDemandMonth"] == round(10 * on_demand, 2)
    assert cost["savingMonth"] == round(6 * (on_demand - spot), 2)


def test_cost_on_graviton_with_another_discount():
    result = simulate(
        {
            **DOCUMENTED_EXAMPLE,
            "cpu": 512,
            "memory": 1024,
            "cpuArchitecture": "ARM64",
            "spotDiscount": 0.5,
        }
    )
    on_demand = (0.5 * 0.03238 + 1 * 0.00356) * 730
    assert result["cost"]["providers"][1]["perTaskMonth"] == round(on_demand * 0.5, 2)


def test_no_cost_without_a_size():
    assert simulate(DOCUMENTED_EXAMPLE)["cost"] is None


@pytest.mark.parametrize(
    ("document", "paths"),
    [
        (
            strategy(provider("FARGATE", 1, base=2), provider("FARGATE_SPOT", 1, base=1)),
            ["capacityProviderStrategy[1].base"],
        ),
        (strategy(provider("FARGATE", 1001)), ["capacityProviderStrategy[0].weight"]),
        (strategy(provider("FARGATE", -1)), ["capacityProviderStrategy[0].weight"]),
        (strategy(provider("FARGATE", 1, base=100_001)), ["capacityProviderStrategy[0].base"]),
        (strategy(provider("FARGATE", "1")), ["capacityProviderStrategy[0].weight"]),
        (strategy(provider("FARGATE", True)), ["capacityProviderStrategy[0].weight"]),
        (
            strategy(provider("FARGATE", 0), provider("FARGATE_SPOT", 0)),
            ["capacityProviderStrategy"],
        ),
        (
            strategy(*[provider(f"asg-{n}", 1) for n in range(21)]),
            ["capacityProviderStrategy"],
        ),
        (
            strategy(provider("FARGATE", 1), provider("my-asg-provider", 1)),
            ["capacityProviderStrategy"],
        ),
        (
            strategy(provider("FARGATE", 1), provider("FARGATE", 2)),
            ["capacityProviderStrategy[1].capacityProvider"],
        ),
        (strategy({"weight": 1}), ["capacityProviderStrategy[0].capacityProvider"]),
        (strategy(provider("x" * 256, 1)), ["capacityProviderStrategy[0].capacityProvider"]),
        (strategy("FARGATE"), ["capacityProviderStrategy[0]"]),
        (strategy({"capacityProvider": "FARGATE", "wieght": 1}), None),
        ({"capacityProviderStrategy": [], "desiredCount": 1}, ["capacityProviderStrategy"]),
        ({"desiredCount": 1}, ["capacityProviderStrategy"]),
        ({"capacityProviderStrategy": [provider("FARGATE", 1)]}, ["desiredCount"]),
        (strategy(provider("FARGATE", 1), desired=1001), ["desiredCount"]),
        (strategy(provider("FARGATE", 1), cpu="256"), ["memory"]),
        (strategy(provider("FARGATE", 1), cpu="256", memory="4 GB"), ["memory"]),
        (strategy(provider("FARGATE", 1), cpu="1 core", memory="2 GB"), ["cpu"]),
        (strategy(provider("FARGATE", 1), cpuArchitecture="arm"), ["cpuArchitecture"]),
        (strategy(provider("FARGATE", 1), region="mars-1"), ["region"]),
        (strategy(provider("FARGATE", 1), spotDiscount=0.8), ["spotDiscount"]),
        (strategy(provider("FARGATE", 1), launchType="FARGATE"), ["launchType"]),
        ("FARGATE", [""]),
    ],
)
def test_strategies_the_api_refuses(document, paths):
    found = problem_paths(document)
    if paths is None:
        assert any(path.endswith(".wieght") for path in found)
    else:
        assert found == paths


PROVIDER_NAMES = ["FARGATE", "FARGATE_SPOT"] + [f"asg-{n}" for n in range(6)]


@st.composite
def valid_documents(draw):
    fargate = draw(st.booleans())
    pool = PROVIDER_NAMES[:2] if fargate else PROVIDER_NAMES[2:]
    names = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
    weights = draw(st.lists(st.integers(0, 1000), min_size=len(names), max_size=len(names)))
    if len(names) > 1 and not any(weights):
        weights[draw(st.integers(0, len(names) - 1))] = draw(st.integers(1, 1000))
    items = [{"capacityProvider": n, "weight": w} for n, w in zip(names, weights, strict=True)]
    if draw(st.booleans()):
        items[draw(st.integers(0, len(items) - 1))]["base"] = draw(st.integers(0, 100_000))
    return {"capacityProviderStrategy": items, "desiredCount": draw(st.integers(0, 1000))}


@settings(max_examples=200, deadline=None)
@given(valid_documents())
def test_properties_of_the_split(document):
    result = simulate(document)
    items = document["capacityProviderStrategy"]
    count = document["desiredCount"]
    assert sum(result["tasks"].values()) == count
    assert list(result["tasks"]) == [item["capacityProvider"] for item in items]
    base_item = next((item for item in items if item.get("base", 0) > 0), None)
    base = min(base_item["base"], count) if base_item else 0
    if base_item:
        assert result["tasks"][base_item["capacityProvider"]] >= base
        assert all(
            step["capacityProvider"] == base_item["capacityProvider"]
            for step in result["steps"][:base]
        )
    total_weight = sum(item["weight"] for item in items)
    placed = dict.fromkeys(result["tasks"], 0)
    for step in result["steps"][base:]:
        placed[step["capacityProvider"]] += 1
        after_base = step["task"] - base
        for item in items:
            if total_weight:
                share = after_base * item["weight"] / total_weight
                assert abs(placed[item["capacityProvider"]] - share) < 1
    if result["steps"]:
        assert result["steps"][-1]["running"] == result["tasks"]
    json.dumps(result)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
ITEMS = st.lists(
    st.dictionaries(
        st.sampled_from(["capacityProvider", "base", "weight"]),
        JSON | st.sampled_from(PROVIDER_NAMES) | st.integers(-5, 1005),
    )
    | JSON,
    max_size=5,
)
DOCUMENTS = JSON | st.fixed_dictionaries(
    {"capacityProviderStrategy": ITEMS | JSON},
    optional={
        "desiredCount": st.integers(-2, 1002) | JSON,
        "cpu": JSON | st.sampled_from(["256", "1 vCPU"]),
        "memory": JSON | st.sampled_from(["512", "2 GB"]),
        "spotDiscount": JSON,
    },
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_arbitrary_input_raises_nothing_but_invalid_input(document):
    try:
        json.dumps(simulate(document), allow_nan=False)
    except InvalidInput as error:
        assert error.problems
