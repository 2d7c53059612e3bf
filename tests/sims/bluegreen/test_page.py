"""/sims/bluegreen/: the form in, the steps out, presets and share links, errors on fields."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from studyapp.sims import registry
from studyapp.sims.forms import BlueGreenForm
from studyapp.sims.presets import load_preset as load_any_preset
from studyapp.sims.presets import preset_names
from studyapp.sims.sharing import decode_scenario, encode_scenario
from tests.sims.test_pages import HTMX, PAYLOAD, is_whole_page, text_of

BLUEGREEN = reverse("sims:bluegreen")
PRESETS = (
    "codedeploy-before-install-fails",
    "codedeploy-canary",
    "codedeploy-failed-test-hook",
    "codedeploy-linear-alarm",
    "ecs-alarm-during-bake",
    "ecs-bake-time",
)


def load_preset(name):
    return load_any_preset(name, "bluegreen")


def bluegreen_form(**fields):
    return {
        "deployment_controller": "CODE_DEPLOY",
        "desired_count": "4",
        "deployment_config_name": "CodeDeployDefault.ECSCanary10Percent5Minutes",
        "custom_percentage": "",
        "custom_interval": "",
        "termination_wait": "",
        "bake_time": "10",
        "alarm_at_minute": "",
        "scale_up_minutes": "",
        "hook_minutes": "",
        **fields,
    }


def test_the_page_opens_with_a_canary_deployment_and_is_listed_on_the_index(client):
    response = client.get(BLUEGREEN)
    assert response.status_code == 200
    page = text_of(response)
    assert "COMPLETED" in page
    assert "CodeDeployDefault.ECSCanary10Percent5Minutes" in page
    assert "90 / 10 %" in page
    assert '<a href="/sims/" aria-current="page">Simulators</a>' in response.content.decode()
    assert f'href="{BLUEGREEN}"' in client.get(reverse("sims:index")).content.decode()
    assert '<option value="">Choose a preset</option>' in response.content.decode()
    assert re.search(
        r'<option value="ecs-bake-time" selected>',
        client.get(BLUEGREEN, {"preset": "ecs-bake-time"}).content.decode(),
    )


def test_htmx_gets_only_the_result_and_a_plain_post_the_whole_page(client):
    fragment = client.post(BLUEGREEN, bluegreen_form(), headers=HTMX)
    assert not is_whole_page(fragment)
    assert 'id="bluegreen-result"' in fragment.content.decode()
    assert is_whole_page(client.post(BLUEGREEN, bluegreen_form()))


def test_a_failed_hook_chosen_on_the_form_rolls_back(client):
    form = bluegreen_form(test_listener="on", hook_AfterAllowTestTraffic="Failed")
    page = text_of(client.post(BLUEGREEN, form))
    assert "ROLLED_BACK" in page
    assert "the AfterAllowTestTraffic hook returned Failed" in page
    assert "hook Failed" in page


def test_the_ecs_controller_sends_only_its_own_fields(client):
    form = BlueGreenForm(
        bluegreen_form(
            deployment_controller="ECS", termination_wait="9", hook_BeforeInstall="Failed"
        )
    )
    document = form.document()
    assert document["bakeTimeInMinutes"] == 10
    assert "terminationWaitTimeInMinutes" not in document
    assert "deploymentConfigName" not in document
    assert "hooks" not in document
    page = text_of(client.post(BLUEGREEN, bluegreen_form(deployment_controller="ECS")))
    assert "BAKE_TIME" in page
    assert "strategy BLUE_GREEN" in page


def test_a_custom_linear_configuration_comes_from_the_custom_fields(client):
    form = bluegreen_form(
        deployment_config_name="TimeBasedLinear", custom_percentage="25", custom_interval="2"
    )
    assert BlueGreenForm(form).document()["trafficRoutingConfig"] == {
        "type": "TimeBasedLinear",
        "timeBasedLinear": {"linearPercentage": 25, "linearInterval": 2},
    }
    assert "Production shifts 4" in text_of(client.post(BLUEGREEN, form))


def test_bad_values_name_their_paths_and_link_to_their_fields(client):
    response = client.post(
        BLUEGREEN,
        bluegreen_form(deployment_config_name="TimeBasedCanary", custom_percentage="100"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "<code>trafficRoutingConfig.timeBasedCanary.canaryPercentage</code>" in page
    assert 'href="#id_custom_percentage"' in page
    assert "<code>trafficRoutingConfig.timeBasedCanary.canaryInterval</code>" in page
    assert re.search(r'<input[^>]*name="custom_percentage"[^>]*aria-invalid="true"', page)
    fragment = client.post(
        BLUEGREEN, bluegreen_form(deployment_controller="ECS", bake_time="1441"), headers=HTMX
    )
    assert fragment.status_code == 200
    assert "<code>bakeTimeInMinutes</code>" in fragment.content.decode()


def test_the_presets_are_the_files_in_content_scenarios_bluegreen():
    assert tuple(preset_names("bluegreen")) == PRESETS
    assert not set(PRESETS) & set(preset_names())
    folder = settings.BASE_DIR / "content" / "scenarios" / "bluegreen"
    assert json.loads((folder / "ecs-bake-time.json").read_text()) == load_preset("ecs-bake-time")


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_opens_shows_what_it_teaches_and_fills_the_form(client, name):
    document = load_preset(name)
    response = client.get(BLUEGREEN, {"preset": name})
    page = text_of(response)
    assert response.status_code == 200
    assert document["title"] in page
    assert document["teaches"] in page
    result = registry.run("bluegreen", document)
    assert result["outcome"] in page
    # The filled form reproduces the document, so editing it starts from the same deployment.
    filled = BlueGreenForm(BlueGreenForm.data_for(document)).document()
    assert registry.run("bluegreen", filled) == result


def test_the_linear_alarm_preset_rolls_back_with_40_percent_on_green():
    result = registry.run("bluegreen", load_preset("codedeploy-linear-alarm"))
    assert result["outcome"] == "ROLLED_BACK"
    assert result["steps"][-2]["production"] == {"blue": 60, "green": 40}


def test_an_unknown_preset_is_a_clear_400(client):
    response = client.get(BLUEGREEN, {"preset": "warp-drive"})
    assert response.status_code == 400
    assert "There is no preset 'warp-drive'" in text_of(response)


def test_a_share_link_opens_the_same_deployment(client):
    page = client.get(BLUEGREEN, {"preset": "ecs-alarm-during-bake"}).content.decode()
    link = re.search(r'href="(/sims/bluegreen/\?s=[^"]+)"', page).group(1)
    shared = parse_qs(urlsplit(link).query)["s"][0]
    assert decode_scenario(shared) == load_preset("ecs-alarm-during-bake")
    assert "ROLLED_BACK" in text_of(client.get(link))


def test_a_shared_document_with_mistakes_names_their_paths(client):
    document = {"deploymentController": "ECS", "desiredCount": 2, "hooks": {"AfterInstall": "x"}}
    response = client.get(BLUEGREEN, {"s": encode_scenario(document)})
    page = text_of(response)
    assert response.status_code == 400
    assert "hooks.AfterInstall : unknown key" in page
    assert "bakeTimeInMinutes : is required" in page


def test_a_broken_share_link_is_a_clear_400(client):
    response = client.get(BLUEGREEN, {"s": "not-a-link!"})
    assert response.status_code == 400
    assert "cannot be read" in text_of(response)


def test_shared_text_is_escaped(client):
    document = {"desiredCount": 2, "title": PAYLOAD, "teaches": PAYLOAD}
    page = client.get(BLUEGREEN, {"s": encode_scenario(document)}).content.decode()
    assert PAYLOAD not in page
    assert "&lt;script&gt;alert(" in page


def test_the_form_posts_with_a_csrf_token(client):
    page = client.get(BLUEGREEN).content.decode()
    assert re.search(r'<form class="card sim-form" method="post"', page)
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.parametrize("routing_type", [[], {}, ["TimeBasedLinear"]])
def test_a_link_whose_routing_type_is_not_a_string_gets_the_engines_problem(client, routing_type):
    document = {
        "deploymentController": "CODE_DEPLOY",
        "trafficRoutingConfig": {"type": routing_type},
    }
    response = client.get(reverse("sims:bluegreen"), {"s": encode_scenario(document)})
    assert response.status_code == 400
    assert "trafficRoutingConfig.type" in text_of(response)
