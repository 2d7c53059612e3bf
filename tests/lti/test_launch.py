"""Resource link launches: who is signed in, which class they are in, and what is refused."""

import time
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from jwcrypto.jwk import JWK
from lti_tool.models import Key, LtiDeployment, LtiUser

from studyapp.accounts.roles import is_instructor
from studyapp.classroom.models import Membership
from studyapp.core import ratelimit
from studyapp.lti import limits
from studyapp.lti.limits import MAX_ID_TOKEN_BYTES
from studyapp.lti.models import LinkedCourse
from tests.lti.conftest import launch, oidc_login
from tests.lti.platform import COURSE, INSTRUCTOR, LTI

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_an_instructor_launch_makes_the_course_a_class_they_teach(client, registered):
    response, _, _ = launch(client, registered, sub="teacher-1", roles=[INSTRUCTOR])

    course = LinkedCourse.objects.select_related("classroom").get(context__id_on_platform=COURSE)
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:detail", args=[course.classroom.pk])
    teacher = signed_in_user(client)
    assert course.classroom.instructor == teacher
    assert course.classroom.name == "Containers on AWS"
    assert is_instructor(teacher)
    assert not teacher.has_usable_password()
    assert LtiUser.objects.get(sub="teacher-1").auth_user == teacher


def test_a_learner_launch_signs_in_a_linked_account_and_joins_the_class(client, registered):
    launch(client, registered, sub="teacher-1", roles=[INSTRUCTOR])
    client.logout()

    response, _, _ = launch(client, registered, sub="learner-1")

    learner = signed_in_user(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:classes")
    assert learner.first_name == "Lee"
    assert not learner.has_usable_password()
    assert not is_instructor(learner)
    link = LtiUser.objects.get(sub="learner-1")
    assert (link.registration.issuer, link.auth_user) == (registered.issuer, learner)
    assert Membership.objects.filter(student=learner, classroom__lms_course__isnull=False).exists()


def test_the_same_lms_user_gets_the_same_account_at_every_launch(client, registered):
    launch(client, registered, sub="learner-1")
    first = signed_in_user(client)
    client.logout()
    launch(client, registered, sub="learner-1")
    assert signed_in_user(client) == first


def test_a_replayed_launch_is_refused(client, registered):
    response, id_token, state = launch(client, registered)
    assert response.status_code == 302
    client.logout()

    replay = client.post(reverse("lti:launch"), {"id_token": id_token, "state": state})

    assert replay.status_code == 403
    assert "already used" in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_token_for_another_tool_is_refused(client, registered):
    response, _, _ = launch(client, registered, edit=lambda claims: claims.update(aud="other-tool"))
    assert response.status_code == 403
    assert "Registration not found" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_token_is_refused(client, registered):
    def expire(claims):
        claims["iat"] = int(time.time()) - 600
        claims["exp"] = int(time.time()) - 300

    response, _, _ = launch(client, registered, edit=expire)
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert not LtiUser.objects.exists()


def test_a_token_signed_with_another_key_is_refused(client, registered):
    query = oidc_login(client, registered)
    claims = registered.claims(query["nonce"])
    # A stranger's RSA key, under the platform's key id.
    forged_key = JWK.generate(kty="RSA", size=2048, kid=registered.key.get("kid"))
    token = registered.sign(claims, key=forged_key)
    response = client.post(reverse("lti:launch"), {"id_token": token, "state": query["state"]})
    assert response.status_code == 403
    assert "Signature verification failed" in response.content.decode()


def test_an_unknown_deployment_is_refused_and_waits_for_the_operator(client, registered):
    def elsewhere(claims):
        claims[LTI + "deployment_id"] = "deployment-unknown"

    response, _, _ = launch(client, registered, edit=elsewhere)

    assert response.status_code == 403
    assert "deployment-unknown" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not LtiDeployment.objects.get(deployment_id="deployment-unknown").is_active


def test_a_launch_without_the_state_cookie_is_refused(client, registered):
    query = oidc_login(client, registered)
    token = registered.sign(registered.claims(query["nonce"]))
    client.cookies.clear()
    response = client.post(reverse("lti:launch"), {"id_token": token, "state": query["state"]})
    assert response.status_code == 403
    assert "State not found" in response.content.decode()


def test_an_oversized_id_token_is_refused_before_it_is_read(client, registered):
    query = oidc_login(client, registered)
    response = client.post(
        reverse("lti:launch"), {"id_token": "x" * (MAX_ID_TOKEN_BYTES + 1), "state": query["state"]}
    )
    assert response.status_code == 403
    assert "64 KiB limit" in response.content.decode()


def test_a_login_from_an_unregistered_platform_is_refused(client, registered):
    response = client.get(
        reverse("lti:login"),
        {"iss": "https://unknown.example", "login_hint": "x", "client_id": "y"},
    )
    assert response.status_code == 400
    assert "registration" in response.content.decode()


def test_the_platform_jwks_is_fetched_once_and_again_after_a_key_rotation(client, registered):
    launch(client, registered)
    launch(client, registered)
    assert registered.received.jwks_fetches == 1

    registered.rotate_key()
    response, _, _ = launch(client, registered)

    assert response.status_code == 302
    assert registered.received.jwks_fetches == 2


def test_over_https_the_launch_cookies_are_samesite_none_and_secure(client, registered):
    response = client.get(
        reverse("lti:login"),
        {"iss": registered.issuer, "login_hint": "h", "client_id": registered.client_id},
        secure=True,
    )
    assert response.status_code == 302
    cookies = [cookie for name, cookie in response.cookies.items() if name.startswith("lti1p3")]
    assert cookies
    for cookie in cookies:
        assert cookie["samesite"] == "None"
        assert cookie["secure"] is True
        assert cookie["httponly"] is True


def test_oidc_logins_are_limited_per_address_even_by_get(client, registered, monkeypatch):
    # One fixed window: the limit is per 10 minutes, and these requests may take a while.
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
    for _ in range(limits.LAUNCHES_PER_ADDRESS):
        client.get(reverse("lti:login"))  # refused at once (no issuer), but counted
    params = {"iss": registered.issuer, "login_hint": "h", "client_id": registered.client_id}
    refused = client.get(reverse("lti:login"), params)
    assert refused.status_code == 429
    assert "LMS logins" in refused.content.decode()


def test_a_launch_whose_claims_have_the_wrong_shape_is_refused_naming_them(client, registered):
    def malformed(claims):
        claims[LTI + "context"]["title"] = {"not": "text"}

    response, _, _ = launch(client, registered, malformed)

    assert response.status_code == 403
    assert "context&quot;.title must be a string" in response.content.decode()
    assert not LtiUser.objects.exists()


def test_a_second_lms_instructor_lands_on_the_classes_page(client, registered):
    launch(client, registered, sub="teacher-1", roles=[INSTRUCTOR])
    client.logout()
    response, _, _ = launch(client, registered, sub="teacher-2", roles=[INSTRUCTOR])
    assert response["Location"] == reverse("classroom:classes")
    assert is_instructor(signed_in_user(client))


def test_without_a_tool_key_the_login_is_refused_with_what_to_do(client, registered):
    Key.objects.all().delete()
    response = client.get(
        reverse("lti:login"),
        {"iss": registered.issuer, "login_hint": "h", "client_id": registered.client_id},
    )
    assert response.status_code == 400
    assert "rotate_keys" in response.content.decode()
