"""GET /api/sims/schema/<name>: each document's JSON Schema, drawn from the reader's own specs."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator

from studyapp.sims import registry
from studyapp.sims.presets import load_preset, preset_names
from studyapp.sims.validation import InvalidInput
from tests.sims.test_api import EXAMPLES


def validator(name):
    schema = registry.schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("name", sorted(registry.SIMULATORS))
def test_each_schema_is_served_as_cacheable_json_that_reads_no_cookie(client, name):
    client.cookies["sessionid"] = "anything"
    response = client.get(reverse("sims:api_schema", args=[name]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert response.json() == registry.schema(name)
    Draft202012Validator.check_schema(response.json())


def test_an_unknown_simulator_has_no_schema(client):
    response = client.get(reverse("sims:api_schema", args=["warp-drive"]))
    assert response.status_code == 404
    assert response.json() == {"errors": [{"path": "", "message": "no simulator 'warp-drive'"}]}


def test_the_schema_is_read_only(client):
    response = client.post(reverse("sims:api_schema", args=["rolling"]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("preset", preset_names())
def test_every_preset_scenario_fits_the_placement_schema(preset):
    document = load_preset(preset)
    registry.run("placement", document)
    assert list(validator("placement").iter_errors(document)) == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_simulators_sample_fits_its_schema(name):
    assert list(validator(name).iter_errors(EXAMPLES[name])) == []


def test_the_sample_task_definition_fits_the_fargate_schema_bare_and_in_an_envelope():
    sample = json.loads(
        (settings.CONTENT_DIR / "samples" / "fargate-task-definition.json").read_text()
    )
    fargate = validator("fargate")
    assert fargate.is_valid(sample)
    assert fargate.is_valid({"taskDefinition": sample, "desiredCount": 3, "spotDiscount": 0.5})


def changed(name, change):
    document = json.loads(json.dumps(EXAMPLES[name]))
    change(document)
    return document


REFUSED = [
    ("placement", lambda d: d.update(count=-1)),
    ("placement", lambda d: d.update(placementStrategies=[])),
    ("placement", lambda d: d.update(placementStrategy=[{"type": "pack"}])),
    ("placement", lambda d: d.update(containerInstances=[])),
    ("placement", lambda d: d["taskDefinition"].update(family="web app")),
    ("placement", lambda d: d["taskDefinition"].update(cpu="1 core")),
    ("capacity", lambda d: d["capacityProviderStrategy"][0].update(weight=1001)),
    ("capacity", lambda d: d["capacityProviderStrategy"][0].update(wieght=1)),
    ("capacity", lambda d: d.update(cpuArchitecture="arm")),
    ("capacity", lambda d: d.update(spotDiscount=0.8)),
    ("capacity", lambda d: d.pop("desiredCount")),
    ("rolling", lambda d: d.update(desiredCount=0)),
    ("rolling", lambda d: d["deploymentConfiguration"].update(minimumHealthyPercent=101)),
    ("rolling", lambda d: d.update(failingNewTasks="some")),
    ("rolling", lambda d: d.update(timing={"startSecond": 1})),
    ("bluegreen", lambda d: d.update(deploymentConfigName="CodeDeployDefault.OneAtATime")),
    ("bluegreen", lambda d: d.update(hooks={"AfterInstall": "Skipped"})),
    ("bluegreen", lambda d: d.update(terminationWaitTimeInMinutes=2881)),
    ("fargate", lambda d: d.update(desiredCount=1001)),
    ("fargate", lambda d: d.update(region="mars-1")),
    ("fargate", lambda d: d.update(taskDefinition=[])),
    (
        "fargate",
        lambda d: d["taskDefinition"].update(
            containerDefinitions=[{"name": f"c{n}"} for n in range(11)]
        ),
    ),
]


@pytest.mark.parametrize(("name", "change"), REFUSED)
def test_the_schema_refuses_what_the_reader_refuses(name, change):
    document = changed(name, change)
    with pytest.raises(InvalidInput):
        registry.run(name, document)
    assert not validator(name).is_valid(document)
