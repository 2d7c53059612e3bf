"""
Fuzzing /api/sims/*: documents of each simulator's shape, mutated at random places with wrong
types, missing and unknown keys, huge, negative and non-finite numbers, unicode and lone
surrogates, deep nesting, long strings and big arrays, and also damaged at the byte level.
Whatever comes in, the answer is never a 500: a 200 with a JSON object, or a 4xx with the JSON
error shape. How long the engines may work is their own budget's business (sims engines).
"""

import json

from django.conf import settings
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from studyapp.sims.forms import sample_task_definition
from studyapp.sims.presets import preset_names

SCENARIOS = settings.BASE_DIR / "content" / "scenarios"
SEEDS = {
    "placement": [json.loads((SCENARIOS / f"{name}.json").read_text()) for name in preset_names()],
    "fargate": [
        {"taskDefinition": json.loads(sample_task_definition()), "desiredCount": 2},
        {
            "taskDefinition": {
                "family": "web",
                "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
                "cpu": "0.25 vCPU",
                "memory": "0.5 GB",
                "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}],
            },
            "region": "us-east-1",
            "spotDiscount": 0.7,
        },
    ],
    "capacity": [
        {
            "capacityProviderStrategy": [
                {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
                {"capacityProvider": "FARGATE_SPOT", "weight": 3},
            ],
            "desiredCount": 10,
            "cpu": "1024",
            "memory": "2048",
            "cpuArchitecture": "X86_64",
            "spotDiscount": 0.7,
        }
    ],
    "bluegreen": [
        {
            "deploymentController": "CODE_DEPLOY",
            "desiredCount": 4,
            "trafficRoutingConfig": {
                "type": "TimeBasedLinear",
                "timeBasedLinear": {"linearPercentage": 20, "linearInterval": 2},
            },
            "testListener": True,
            "hooks": {"AfterAllowTestTraffic": "Succeeded"},
            "alarmAtMinute": 7,
        },
        {"deploymentController": "ECS", "desiredCount": 3, "bakeTimeInMinutes": 5},
    ],
    "rolling": [
        {
            "desiredCount": 4,
            "deploymentConfiguration": {
                "minimumHealthyPercent": 50,
                "maximumPercent": 200,
                "deploymentCircuitBreaker": {"enable": True, "rollback": True},
            },
            "timing": {"startSeconds": 30, "healthySeconds": 40, "stopSeconds": 30},
            "failingNewTasks": 3,
        }
    ],
}
# Around each engine's documented limits (5,000 instances, 10,000 tasks, 1,000 desired...).
BIG_LENGTHS = (0, 2, 50, 1_001, 5_001, 10_001)
STRING_LENGTHS = (129, 256, 2_001, 70_000)

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([-1, 0, 1, 999, 1_000, 1_001, 10_000, 2**31, 2**63, 10**300]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e-320, 0.5, 256.0]),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\udfffb", "\U0001f600", "é\u0301", "\u202e", "", " ", "0"]),
    st.sampled_from(STRING_LENGTHS).map(lambda length: "x" * length),
)


def _nested(depth, leaf):
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


hostile = st.one_of(
    leaves,
    st.lists(leaves, max_size=4),
    st.dictionaries(st.text(max_size=8), leaves, max_size=4),
    st.builds(_nested, st.integers(1, 40), leaves),
    st.builds(lambda length, item: [item] * length, st.sampled_from(BIG_LENGTHS), leaves),
)


def _containers(value, trail=()):
    """Every object and list in the document, with the keys leading to it."""
    if isinstance(value, dict | list):
        yield trail, value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _containers(item, (*trail, key))


def _strings(value):
    if isinstance(value, str):
        yield value
    for _, container in _containers(value):
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, str):
                yield item


def _plausible(value, document):
    """A value of the same type, often one the engine accepts: the mutations that get past
    validation are the ones that exercise the engine."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-1, 64) | st.sampled_from([value * 2, value * 10])
    if isinstance(value, str):
        return st.sampled_from(sorted(set(_strings(document)))) | st.text(max_size=12)
    return st.just(value)


@st.composite
def mutated(draw, seeds):
    document = json.loads(json.dumps(draw(st.sampled_from(seeds))))
    for _ in range(draw(st.integers(1, 4))):
        containers = list(_containers(document))
        if not containers:
            return document if draw(st.booleans()) else draw(hostile)
        _, target = draw(st.sampled_from(containers))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        operation = draw(st.sampled_from(["tweak", "tweak", "replace", "delete", "add", "grow"]))
        if operation == "add" or not keys:
            new_key = draw(st.text(max_size=12) | st.sampled_from(["\ud800", "count"]))
            if isinstance(target, dict):
                target[new_key] = draw(hostile)
            else:
                target.append(draw(hostile))
            continue
        key = draw(st.sampled_from(keys))
        if operation == "delete":
            del target[key]
        elif operation == "grow" and isinstance(target[key], list) and target[key]:
            target[key] = target[key][:1] * draw(st.sampled_from(BIG_LENGTHS))
        elif operation == "tweak":
            target[key] = draw(_plausible(target[key], document))
        else:
            target[key] = draw(hostile)
    return document


def _damaged(text, data):
    """The JSON text cut short, or with a few bytes changed."""
    raw = text.encode("utf-8")
    if data.draw(st.booleans()):
        return raw[: data.draw(st.integers(0, len(raw)))]
    raw = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 3))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    return bytes(raw)


def assert_well_formed(response):
    assert response.status_code != 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body, dict)
        return
    assert 400 <= response.status_code < 500
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"path", "message"}
        assert isinstance(error["path"], str)
        assert isinstance(error["message"], str)
        assert error["message"]


def _fuzz(name, data):
    document = data.draw(mutated(SEEDS[name]), label="document")
    text = json.dumps(document)
    raw = _damaged(text, data) if data.draw(st.integers(0, 9)) == 0 else text.encode("utf-8")
    response = Client().post(reverse("sims:api", args=[name]), raw, "application/json")
    event(f"status {response.status_code}")
    assert_well_formed(response)


FUZZ = hypothesis_settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(data=st.data())
def test_placement_documents_never_break_the_api(data):
    _fuzz("placement", data)


@FUZZ
@given(data=st.data())
def test_fargate_documents_never_break_the_api(data):
    _fuzz("fargate", data)


@FUZZ
@given(data=st.data())
def test_capacity_documents_never_break_the_api(data):
    _fuzz("capacity", data)


@FUZZ
@given(data=st.data())
def test_rolling_documents_never_break_the_api(data):
    _fuzz("rolling", data)


def test_every_seed_is_a_valid_document():
    for name, seeds in SEEDS.items():
        for seed in seeds:
            response = Client().post(reverse("sims:api", args=[name]), seed, "application/json")
            assert response.status_code == 200, (name, response.json())


@FUZZ
@given(data=st.data())
def test_bluegreen_documents_never_break_the_api(data):
    _fuzz("bluegreen", data)
