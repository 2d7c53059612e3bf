"""POST /api/sims/<name>: the engines' JSON over HTTP; errors say where, and are never a 500."""

import io
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
    "bluegreen": {"desiredCount": 4, "deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce"},
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
    assert response.json()["errors"] == [
        {"path": "", "message": "the document is not UTF-8 text (the byte at offset 18 is 0xff)"}
    ]


def test_oversize_bodies_are_a_413(client):
    body = b'{"teaches": "' + b"x" * MAX_DOCUMENT_BYTES + b'"}'
    response = post(client, "placement", body)
    assert response.status_code == 413
    assert "larger than 4 MB" in response.json()["errors"][0]["message"]


class CountingStream(io.BytesIO):
    """A request body that records how many bytes the view read from it."""

    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_chunked_body_without_a_length_is_refused_unread(client):
    stream = CountingStream(b"[" + b" " * (MAX_DOCUMENT_BYTES + 10) + b"]")
    response = client.generic(
        "POST",
        api("placement"),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        CONTENT_LENGTH="",
        **{"wsgi.input": stream},
    )
    assert response.status_code == 411
    assert response.json()["errors"][0]["message"] == (
        "send the document with a Content-Length header"
    )
    assert stream.bytes_read == 0


def test_a_body_past_djangos_own_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post(client, "capacity", {**CAPACITY_EXAMPLE, "padding": "x" * 200})
    assert response.status_code == 413
    assert paths(response) == [""]


def test_an_unreadable_body_is_a_json_400(client):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            raise OSError("connection reset")

    response = client.generic(
        "POST", api("capacity"), b"{}", "application/json", **{"wsgi.input": Broken()}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "the document could not be read to its end"


@pytest.mark.parametrize("method", ["get", "put", "delete", "options"])
def test_other_methods_are_a_json_405_naming_post(client, method):
    response = getattr(client, method)(api("capacity"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["errors"] == [{"path": "", "message": f"use POST, not {method.upper()}"}]


def test_an_unknown_simulator_is_a_404(client):
    response = post(client, "warp-drive", {})
    assert response.status_code == 404
    assert response.json() == {"errors": [{"path": "", "message": "no simulator 'warp-drive'"}]}


@pytest.mark.parametrize("url", ["/api/", "/api/sims/", "/api/sims/a.b", "/api/v2/placement"])
def test_an_unknown_api_url_is_a_json_404(client, url):
    for response in (client.get(url), client.post(url, "{}", content_type="application/json")):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["message"].startswith("no API at ")


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/json", 200),
        ("application/vnd.api+json", 200),
        ("text/plain", 200),
        ("application/x-www-form-urlencoded", 200),
        ("multipart/form-data; boundary=x", 415),
        ("image/png", 415),
    ],
)
def test_json_is_read_whatever_curl_labels_it_and_other_media_types_are_a_415(
    client, content_type, status
):
    response = post(client, "capacity", CAPACITY_EXAMPLE, content_type=content_type)
    assert response.status_code == status
    if status == 415:
        assert response.json()["errors"][0]["message"].startswith(
            "send the document as application/json"
        )


def test_no_csrf_token_is_needed():
    client = Client(enforce_csrf_checks=True)
    response = post(client, "capacity", CAPACITY_EXAMPLE)
    assert response.status_code == 200
    assert response.json()["tasks"]["FARGATE_SPOT"] == 6


@pytest.mark.django_db
def test_the_api_reads_no_session_or_user(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("learner", password="x" * 12))
    response = post(client, "capacity", CAPACITY_EXAMPLE)
    assert response.status_code == 200
    # Reading the session or the signed-in user would add Vary: Cookie.
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_query_regex_that_re2_cannot_run_is_an_error_at_its_json_path(client):
    body = {
        **EXAMPLES["placement"],
        "placementConstraints": [
            {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ (t2)\\1"}
        ],
    }
    response = post(client, "placement", body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "placementConstraints[0].expression"
    assert "backreferences such as \\1 are not supported" in error["message"]


def test_patterns_that_backtracked_are_answered(client):
    document = json.loads(json.dumps(EXAMPLES["placement"]))
    document["containerInstances"][0]["attributes"] = [{"name": "a", "value": "a" * 128}]
    for pattern in ("(a{1,16}){1,16}", "(.*a){12}x", "a*a*a*b", "(a|b)*c", "(?i)(a+)+b"):
        document["placementConstraints"] = [
            {"type": "memberOf", "expression": f"attribute:a !~ {pattern}"}
        ]
        response = post(client, "placement", document)
        assert response.status_code == 200, pattern


def test_regex_matching_past_the_work_budget_is_a_400_naming_it(client):
    document = json.loads(json.dumps(EXAMPLES["placement"]))
    for index, instance in enumerate(document["containerInstances"]):
        instance["attributes"] = [{"name": "a", "value": "a" * 120 + str(index)}]
    document["placementConstraints"] = [
        {"type": "memberOf", "expression": "attribute:a =~ (.*a){900}x"}
    ]
    response = post(client, "placement", document)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert "units of matching work" in error["message"]
