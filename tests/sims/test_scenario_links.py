"""try_it_url: a link that opens a simulator page on one scenario, showing the API's result."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from studyapp.questions.models import Attempt, Question
from studyapp.questions.packs.scenario import document_digest
from studyapp.sims import registry
from studyapp.sims.scenario_links import LINKED_PAGES, try_it_url
from studyapp.sims.scenario_questions import MAX_LISTED
from studyapp.sims.sharing import MAX_LINK_LENGTH
from tests.factories import make_pack, make_question
from tests.sims.test_pages import preset, text_of

# One scenario per simulator, each using fields its page's form holds and some it only
# defaults, so a link that lost a member would show a different result.
SCENARIOS = {
    "placement": preset("spread-az-binpack-memory"),
    "fargate": {
        "taskDefinition": {
            "requiresCompatibilities": ["FARGATE"],
            "networkMode": "awsvpc",
            "cpu": "512",
            "memory": "4096",
            "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 3000}],
        },
        "desiredCount": 3,
        "spotDiscount": 0.5,
        "runSeconds": 5400,
    },
    "capacity": {
        "capacityProviderStrategy": [
            {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 4},
        ],
        "desiredCount": 11,
        "cpu": "0.5 vCPU",
        "memory": 1024,
        "cpuArchitecture": "ARM64",
        "spotDiscount": 0.65,
    },
    "rolling": {
        "desiredCount": 6,
        "deploymentConfiguration": {
            "minimumHealthyPercent": 50,
            "maximumPercent": 150,
            "deploymentCircuitBreaker": {
                "enable": True,
                "rollback": True,
                "thresholdConfiguration": {"type": "COUNT", "value": 2},
            },
        },
        "timing": {"startSeconds": 20, "healthySeconds": 10, "stopSeconds": 5},
        "failingNewTasks": "all",
    },
    "bluegreen": json.loads(
        (settings.BASE_DIR / "content/scenarios/bluegreen/codedeploy-canary.json").read_text()
    ),
}


def api_result(client, simulator, document):
    response = client.post(
        reverse("sims:api", args=[simulator]), json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_every_simulator_has_a_linked_page_and_a_scenario_here():
    assert set(LINKED_PAGES) == set(registry.SIMULATORS) == set(SCENARIOS)


@pytest.mark.parametrize("simulator", sorted(SCENARIOS))
def test_the_link_shows_the_same_result_as_the_api(client, simulator):
    document = SCENARIOS[simulator]
    url = try_it_url(simulator, document)
    assert url.startswith(reverse(LINKED_PAGES[simulator].url_name) + "?s=")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["result"] == api_result(client, simulator, document)


@pytest.mark.parametrize("simulator", ["fargate", "capacity", "rolling"])
def test_the_form_shows_the_linked_scenario_so_resubmitting_it_changes_nothing(client, simulator):
    """The fields are filled from the link: posting them as they are gives the same result."""
    response = client.get(try_it_url(simulator, SCENARIOS[simulator]))
    form = response.context["form"]
    assert form.document() == form.__class__.from_document(SCENARIOS[simulator]).document()
    posted = {name: value for name, value in form.data.items() if value is not None}
    resubmitted = client.post(reverse(LINKED_PAGES[simulator].url_name), posted)
    assert resubmitted.context["result"] == response.context["result"]


def test_the_form_fields_hold_the_rolling_scenario(client):
    form = client.get(try_it_url("rolling", SCENARIOS["rolling"])).context["form"]
    document = form.document()
    assert document["deploymentConfiguration"] == SCENARIOS["rolling"]["deploymentConfiguration"]
    for key in ("desiredCount", "timing", "failingNewTasks"):
        assert document[key] == SCENARIOS["rolling"][key]


def test_the_capacity_page_shows_the_linked_split(client):
    response = client.get(try_it_url("capacity", SCENARIOS["capacity"]))
    split = registry.run("capacity", SCENARIOS["capacity"])["tasks"]
    assert split == {"FARGATE": 3, "FARGATE_SPOT": 8}
    assert "11 tasks: 3 on FARGATE , 8 on FARGATE_SPOT ." in text_of(response)


def test_a_damaged_link_on_a_form_page_is_a_400_that_says_so(client):
    url = try_it_url("rolling", SCENARIOS["rolling"])
    response = client.get(url[:-10])
    assert response.status_code == 400
    assert "The scenario in this link (?s=) cannot be read" in text_of(response)


def test_an_invalid_linked_document_shows_the_engines_error_with_its_path(client):
    document = {"desiredCount": 0, "deploymentConfiguration": {"maximumPercent": 50}}
    response = client.get(try_it_url("rolling", document))
    assert response.status_code == 400
    assert "deploymentConfiguration.maximumPercent" in text_of(response)


def test_no_link_for_an_unknown_simulator_or_a_document_too_large_for_a_link():
    assert try_it_url("no-such-simulator", {}) is None
    noise = "".join(f"{index * 7919 % 100_003:x}" for index in range(MAX_LINK_LENGTH))
    assert try_it_url("rolling", {"teaches": noise}) is None


def listing_of(response):
    """(title, marked as this scenario) of each question the page lists."""
    section = response.content.decode().partition('id="sim-questions-heading"')[2]
    return [
        (title, bool(marked))
        for title, marked in re.findall(
            r'<li><a href="[^"]+">([^<]+)</a>[^<]*<span class="muted">[^<]*</span>'
            r'( <span class="badge">this scenario</span>)?',
            section,
        )
    ]


@pytest.fixture
def tried_questions(django_user_model):
    owner = django_user_model.objects.create_user("instructor", password="x")
    public = make_pack("public", "Public")
    private = make_pack("private", "Private", owner=owner, is_public=False)
    rolling = SCENARIOS["rolling"]
    for pack, qid, document in (
        (public, "uses-it", rolling),
        (public, "another", {**rolling, "desiredCount": 2}),
        (private, "hidden", rolling),
    ):
        question = make_question(pack, qid)
        question.scenario_simulator = "rolling"
        question.scenario_json = json.dumps(document)
        question.scenario_digest = document_digest(document)
        question.save()
    make_question(public, "placement-one")
    return owner


def answered(user, *qids):
    for qid in qids:
        Attempt.objects.create(
            question=Question.objects.get(qid=qid), user=user, selected=[0], is_correct=True
        )


def test_a_simulator_page_lists_the_questions_with_a_scenario_there(client, tried_questions):
    # Nobody has answered them: nothing is marked or moved, or the page would say which question
    # the scenario on it answers.
    linked = client.get(try_it_url("rolling", SCENARIOS["rolling"]))
    assert listing_of(linked) == [("Uses it", False), ("Another", False)]
    plain = client.get(reverse("sims:rolling"))
    assert listing_of(plain) == [("Uses it", False), ("Another", False)]
    assert (
        "Questions with a scenario here"
        not in client.get(reverse("sims:capacity")).content.decode()
    )


def test_only_an_answered_question_using_the_scenario_shown_is_marked_and_first(
    client, tried_questions, django_user_model
):
    learner = django_user_model.objects.create_user("learner", password="x")
    client.force_login(learner)
    page_of_another = try_it_url("rolling", {**SCENARIOS["rolling"], "desiredCount": 2})
    answered(learner, "uses-it")
    assert listing_of(client.get(page_of_another)) == [("Uses it", False), ("Another", False)]
    answered(learner, "another")
    assert listing_of(client.get(page_of_another)) == [("Another", True), ("Uses it", False)]


def test_private_packs_questions_are_listed_only_for_those_who_may_see_them(
    client, tried_questions
):
    client.force_login(tried_questions)
    linked = client.get(try_it_url("rolling", SCENARIOS["rolling"]))
    assert sorted(listing_of(linked)) == [
        ("Another", False),
        ("Hidden", False),
        ("Uses it", False),
    ]
    answered(tried_questions, "hidden")
    assert listing_of(client.get(try_it_url("rolling", SCENARIOS["rolling"])))[0] == (
        "Hidden",
        True,
    )


def test_the_list_is_bounded_and_says_how_many_more(
    client, tried_questions, django_assert_max_num_queries
):
    pack = make_pack("many", "Many")
    for index in range(MAX_LISTED + 3):
        question = make_question(pack, f"extra-{index}")
        question.scenario_simulator = "rolling"
        question.scenario_json = "{}"
        question.save()
    # The visible packs, the questions using the scenario shown, the others, and their count.
    with django_assert_max_num_queries(4):
        page = client.get(reverse("sims:rolling"))
    assert len(listing_of(page)) == MAX_LISTED
    assert f"and {2 + MAX_LISTED + 3 - MAX_LISTED} more" in page.content.decode()


def test_htmx_fragments_do_not_query_the_questions(
    client, tried_questions, django_assert_num_queries
):
    form = {"desired_count": "4", "minimum_healthy_percent": "50", "maximum_percent": "200"}
    with django_assert_num_queries(0):
        client.post(reverse("sims:rolling"), form, headers={"HX-Request": "true"})


def test_the_placement_page_marks_questions_using_its_preset_or_its_document(
    client, django_user_model
):
    pack = make_pack("placing", "Placing")
    by_preset = make_question(pack, "by-preset")
    by_preset.scenario_simulator, by_preset.scenario_preset = "placement", "distinct-instance"
    by_preset.save()
    document = SCENARIOS["placement"]
    by_document = make_question(pack, "by-document")
    by_document.scenario_simulator = "placement"
    by_document.scenario_json = json.dumps(document)
    by_document.scenario_digest = document_digest(document)
    by_document.save()
    learner = django_user_model.objects.create_user("learner", password="x")
    client.force_login(learner)
    answered(learner, "by-preset", "by-document")
    preset_page = client.get(reverse("sims:placement"), {"preset": "distinct-instance"})
    assert listing_of(preset_page) == [("By preset", True), ("By document", False)]
    linked = client.get(try_it_url("placement", document))
    assert listing_of(linked) == [("By document", True), ("By preset", False)]


# Fields a link leaves blank on purpose: the Fargate size and platform override the task
# definition, which the link holds whole.
LEFT_BLANK = {"fargate": {"cpu", "memory", "platform"}}


@pytest.mark.parametrize("simulator", ["fargate", "capacity", "rolling"])
def test_a_link_fills_every_field_of_its_form(simulator, client):
    """A field added to a form without a place in fields_for would silently drop its value."""
    form = client.get(try_it_url(simulator, SCENARIOS[simulator])).context["form"]
    filled = set(form.fields_for(SCENARIOS[simulator]))
    assert set(form.fields) - LEFT_BLANK.get(simulator, set()) <= filled
