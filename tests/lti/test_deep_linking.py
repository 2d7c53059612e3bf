"""Deep Linking: an instructor picks an activity inside the LMS; the tool returns it signed."""

import re

import jwt
import pytest
from django.urls import reverse
from jwcrypto.jwk import JWK

from tests.factories import make_pack, make_question
from tests.lti.conftest import launch
from tests.lti.platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@pytest.fixture
def pack(db):
    pack = make_pack("ecs-basics", "ECS basics")
    make_question(pack, "q1", topic="fargate")
    make_question(pack, "q2", topic="ecr")
    return pack


def picker(client, platform):
    response, _, _ = launch(client, platform, sub="teacher-1", roles=[INSTRUCTOR], message="deep")
    assert response.status_code == 200, response.content
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return response, token


def decoded(platform, id_token):
    """The deep linking response JWT, checked against the key the tool publishes."""
    header = jwt.get_unverified_header(id_token)
    key = next(key for key in platform.tool_jwks["keys"] if key["kid"] == header["kid"])
    return jwt.decode(
        id_token, JWK(**key).export_to_pem(), algorithms=["RS256"], audience=platform.issuer
    )


def test_the_picker_offers_packs_topics_the_exam_and_topic_pages(client, registered, pack):
    response, _ = picker(client, registered)
    page = response.content.decode()
    for spec in ("practice:ecs-basics", "practice:ecs-basics:fargate", "exam"):
        assert f'value="{spec}"' in page
    # Framed by the LMS, and by nobody else.
    assert f"frame-ancestors {registered.url}" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_the_pick_goes_back_to_the_lms_as_a_signed_deep_linking_response(client, registered, pack):
    _, token = picker(client, registered)

    response = client.post(
        reverse("lti:deep_link"), {"token": token, "target": "practice:ecs-basics:fargate"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{registered.url}/deep-link-return"' in page
    assert f"form-action 'self' {registered.url}" in response["Content-Security-Policy"]
    claims = decoded(registered, re.search(r'name="JWT" value="([^"]+)"', page).group(1))
    assert claims["iss"] == registered.client_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "deployment_id"] == registered.deployment_id
    assert claims[DL + "data"] == "platform-opaque-data"
    [item] = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "http://testserver/lti/launch/"
    assert item["custom"] == {"studyapp_target": "practice:ecs-basics:fargate"}
    assert item["lineItem"]["scoreMaximum"] == 100
    assert item["lineItem"]["resourceId"] == "practice:ecs-basics:fargate"


def test_an_ungraded_pick_asks_for_no_line_item(client, registered, pack):
    _, token = picker(client, registered)
    response = client.post(reverse("lti:deep_link"), {"token": token, "target": "exam"})
    page = response.content.decode()
    claims = decoded(registered, re.search(r'name="JWT" value="([^"]+)"', page).group(1))
    [item] = claims[DL + "content_items"]
    assert item["custom"] == {"studyapp_target": "exam"}
    assert "lineItem" not in item


def test_the_picker_works_once(client, registered, pack):
    _, token = picker(client, registered)
    client.post(reverse("lti:deep_link"), {"token": token, "target": "exam"})
    again = client.post(reverse("lti:deep_link"), {"token": token, "target": "exam"})
    assert again.status_code == 403
    assert "already used" in again.content.decode()


def test_a_target_not_offered_is_refused_and_the_picker_stays_usable(client, registered, pack):
    private = make_pack("someone-elses", "Private", is_public=False)
    make_question(private, "p1")
    _, token = picker(client, registered)

    refused = client.post(
        reverse("lti:deep_link"), {"token": token, "target": "practice:someone-elses"}
    )
    chosen = client.post(reverse("lti:deep_link"), {"token": token, "target": "exam"})

    assert refused.status_code == 400
    assert "target" in refused.content.decode()
    assert chosen.status_code == 200


def test_a_forged_picker_token_is_refused(client, registered, pack):
    response = client.post(reverse("lti:deep_link"), {"token": "forged", "target": "exam"})
    assert response.status_code == 403


def test_learners_cannot_add_activities(client, registered, pack):
    response, _, _ = launch(client, registered, roles=[LEARNER], message="deep")
    assert response.status_code == 403
    assert "instructors" in response.content.decode()
