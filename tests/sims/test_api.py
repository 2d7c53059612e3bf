"""POST /api/sims/<name>: the engines' JSON over HTTP; errors say where, and are never a 500."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from studyapp.sims import registry
from studyapp.sims.documents import MAX_DOCUMENT_BYTES, MAX_NESTING

CAPACITY_EXAMPLE = {
    "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ],
    "desiredCount": 10,
}
EXAMPLES = {
    "capacity": CAPACITY_EXAMPLE,
    "rolling": {"desiredCount": 4, "deploymentConfiguration": {"minimumHealthyPercent": 50}},
    "fargate": {
        "taskDefinition": {
            "family": "web",
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256",
            "memory": "512",
            "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}],
        },
        "desiredCount": 2,
    },
    "placement": json.loads(
        (settings.BASE_DIR / "content" / "scenarios" / "spread-az.json").read_text()
    ),
}


def api(name):
    return reverse("sims:api", args=[name])


def post(client, name, body, content_type="application/json"):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(api(name), raw, content_type=content_type)


def paths(response):
    return [error["path"] for error in response.json()["errors"]]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_simulator_answers_with_its_engines_json(client, name):
    response = post(client, name, EXAMPLES[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == registry.run(name, EXAMPLES[name])


def test_the_documented_capacity_split(client):
    assert post(client, "capacity", CAPACITY_EXAMPLE).json()["tasks"] == {
        "FARGATE": 4,
        "FARGATE_SPOT": 6,
    }


def test_the_documented_stuck_rolling_update(client):
    body = {"desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 125}}
    result = post(client, "rolling", body).json()
    assert result["stuck"] is True
    assert (result["minimumHealthy"], result["maximumRunning"]) == (3, 3)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_malformed_json_is_a_400_with_the_error_list(client, name):
    response = post(client, name, '{"desiredCount": 3,')
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["path"] == ""
    assert errors[0]["message"].startswith("not valid JSON")


def test_deeply_nested_json_is_refused_before_parsing(client):
    response = post(client, "placement", "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        f"the document nests deeper than {MAX_NESTING} levels"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"desiredCount": 1e999, "capacityProviderStrategy": []}', "too large"),
        ('{"desiredCount": ' + "9" * 5000 + "}", "not valid JSON"),
        ('{"desiredCount": NaN}', "is not a JSON number"),
    ],
)
def test_huge_and_non_finite_numbers_are_refused(client, body, message):
    response = post(client, "capacity", body)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]


def test_huge_integers_are_out_of_range_at_their_path(client):
    response = post(client, "rolling", {"desiredCount": 10**300})
    assert response.status_code == 400
    assert paths(response) == ["desiredCount"]


@pytest.mark.parametrize(
    ("name", "body", "path"),
    [
        ("capacity", {**CAPACITY_EXAMPLE, "desiredCount": "ten"}, "desiredCount"),
        ("rolling", {"desiredCount": 4, "deploymentConfiguration": []}, "deploymentConfiguration"),
        ("fargate", {"taskDefinition": "web"}, "taskDefinition"),
        ("placement", {**EXAMPLES["placement"], "placementStrategy": [{"type": "binpack",
                                                                         "field": "disk"}]},
         "placementStrategy[0].field"),
        ("placement", [1, 2, 3], ""),
    ],
)  # fmt: skip
def test_wrong_types_are_a_400_naming_the_path(client, name, body, path):
    response = post(client, name, body)
    assert response.status_code == 400
    assert path in paths(response)


def test_non_utf8_bodies_are_refused(client):
    response = post(client, "capacity", b'{"desiredCount": "\xff"}')
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "the document is not UTF-8 text"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_lone_surrogate_is_a_400_at_its_path(client, name):
    body = json.dumps({**EXAMPLES[name], "note": ["fine", "\ud800"]})
    response = post(client, name, body)
    assert response.status_code == 400
    assert paths(response) == ["note[1]"]
    assert "lone UTF-16 surrogate" in response.json()["errors"][0]["message"]


def test_oversize_bodies_are_a_413(client):
    body = b'{"teaches": "' + b"x" * MAX_DOCUMENT_BYTES + b'"}'
    response = post(client, "placement", body)
    assert response.status_code == 413
    assert "larger than 4 MB" in response.json()["errors"][0]["message"]


def test_get_is_not_allowed(client):
    response = client.get(api("capacity"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_an_unknown_simulator_is_a_404(client):
    response = post(client, "warp-drive", {})
    assert response.status_code == 404
    assert response.json() == {"errors": [{"path": "", "message": "no simulator 'warp-drive'"}]}


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    refused = post(client, "capacity", CAPACITY_EXAMPLE)
    assert refused.status_code == 403
    client.get(reverse("sims:index"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        api("capacity"),
        json.dumps(CAPACITY_EXAMPLE),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200
    assert accepted.json()["tasks"]["FARGATE_SPOT"] == 6
