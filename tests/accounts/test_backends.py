import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.accounts.backends import USER_BACKEND, UserBackend
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
PHRASE = "a-long-pass-phrase-9"


def test_signing_in_through_the_form_records_the_fixed_statement_backend(client, learner):
    client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert client.session["_auth_user_backend"] == USER_BACKEND
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review:session")).status_code == 200
    # The ORM would qualify the column ("auth_user"."id"); the fixed statement does not.
    assert any('FROM "auth_user" WHERE "id" = ' in query["sql"] for query in queries)


def test_signing_up_records_it_too(client):
    client.post(
        reverse("signup"),
        {
            "username": "grace",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert client.session["_auth_user_backend"] == USER_BACKEND


def test_a_session_recorded_against_a_backend_no_longer_configured_is_signed_out(client, learner):
    # As Django does for any backend missing from AUTHENTICATION_BACKENDS: such sessions (from
    # before there was one backend) sign in again once.
    client.force_login(learner, backend=DJANGO_BACKEND)
    response = client.get(reverse("review:session"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_one_backend_checks_the_password_so_a_wrong_one_is_hashed_once(
    client, learner, password_checks
):
    response = client.post(reverse("login"), {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert password_checks == ["wrong"]
    assert UserBackend().authenticate(None, username="ada", password="wrong") is None
    assert UserBackend().authenticate(None, username="ada", password=PASSWORD) == learner


def test_it_loads_the_user_with_every_field(learner):
    user = UserBackend().get_user(learner.pk)
    assert user == learner
    assert user.username == "ada"
    assert user.date_joined == learner.date_joined
    assert check_password(PASSWORD, user.password)


def test_an_unknown_or_inactive_account_is_nobody(client, learner):
    assert UserBackend().get_user(learner.pk + 1000) is None
    client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    learner.is_active = False
    learner.save()
    assert UserBackend().get_user(learner.pk) is None
    response = client.get(reverse("review:session"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_password_changed_elsewhere_signs_the_session_out(client, learner):
    client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    learner.set_password("a-new-password-for-tests-4")
    learner.save()
    response = client.get(reverse("review:session"))
    assert response.status_code == 302
