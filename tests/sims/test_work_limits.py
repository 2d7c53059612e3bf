"""
A placement scenario past the engine's work budget through every door: the JSON API answers
400 with the limit in its JSON, the page and a share link show it as a problem with status 400.
The budget is lowered for the test; the engine counts its work, so nothing here is timed.
"""

import json

import pytest
from django.urls import reverse

from studyapp.sims.placement import engine
from studyapp.sims.sharing import encode_scenario
from tests.sims.placement.builders import instance, scenario, spread

PLACEMENT = reverse("sims:placement")
API = reverse("sims:api", args=["placement"])


@pytest.fixture
def costly_scenario(monkeypatch):
    monkeypatch.setattr(engine, "MAX_WORK", 2_000)
    # Every instance without a task ties under spread(instanceId), and random orders them all.
    instances = [instance(f"i-{n}") for n in range(80)]
    return scenario(instances, count=80, strategies=[spread("instanceId"), {"type": "random"}])


def test_the_api_answers_400_naming_the_work_limit(client, costly_scenario):
    response = client.post(API, json.dumps(costly_scenario), content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert "more than 2,000 candidate evaluations" in error["message"]


def test_the_page_shows_the_work_limit_as_a_problem_with_status_400(client, costly_scenario):
    data = {"action": "run-json", "document": json.dumps(costly_scenario), "scenario": "{}"}
    response = client.post(PLACEMENT, data)
    assert response.status_code == 400
    assert "more than 2,000 candidate evaluations" in response.content.decode()


def test_a_share_link_past_the_work_limit_shows_it_too(client, costly_scenario):
    link = encode_scenario(costly_scenario)
    response = client.get(PLACEMENT, {"s": link})
    assert response.status_code == 400
    assert "more than 2,000 candidate evaluations" in response.content.decode()
