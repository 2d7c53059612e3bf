"""A launch inside the LMS frame: a framable page whose one-time form signs in in a new tab."""

import re

import pytest
from django.urls import reverse

from tests.lti.conftest import launch
from tests.lti.platform import LTI

pytestmark = pytest.mark.django_db


def in_iframe(claims):
    claims[LTI + "launch_presentation"] = {
        "document_target": "iframe",
        "return_url": "https://lms.school.example/course/42",
    }


def test_an_iframe_launch_answers_a_page_only_the_lms_may_frame(client, registered):
    response, _, _ = launch(client, registered, in_iframe)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", policy).group(1).split()
    assert sorted(ancestors) == sorted([registered.url, "https://lms.school.example"])
    assert "X-Frame-Options" not in response
    assert 'target="_blank"' in response.content.decode()


def test_the_new_tab_form_signs_in_once(client, registered):
    response, _, _ = launch(client, registered, in_iframe)
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    user_id = client.session["_auth_user_id"]
    client.logout()

    entered = client.post(reverse("lti:enter"), {"token": token})

    assert entered.status_code == 302
    assert entered["Location"] == reverse("classroom:classes")
    assert client.session["_auth_user_id"] == user_id
    client.logout()
    again = client.post(reverse("lti:enter"), {"token": token})
    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_refusal_is_readable_inside_the_lms_frame(client, registered):
    response = client.post(reverse("lti:launch"), {"id_token": "x", "state": "y"})
    assert response.status_code == 403
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "<form" not in response.content.decode()
