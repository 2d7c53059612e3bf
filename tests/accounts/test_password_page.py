"""The password page: the reset email address, and signing out everywhere else."""

import pytest
from django.test import Client
from django.urls import reverse

from studyapp.accounts.models import AccountSession
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(learner):
    browser = Client()
    response = browser.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_the_page_offers_email_sign_out_everywhere_and_the_data_page(client, learner):
    client.force_login(learner)
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("change_email") in page
    assert reverse("sign_out_everywhere") in page
    assert reverse("privacy:my_data") in page


def test_setting_the_email_needs_the_password(client, learner):
    client.force_login(learner)
    wrong = client.post(reverse("change_email"), {"email": "ada@x.example", "password": "nope"})
    assert wrong.status_code == 400
    assert "That is not your password." in wrong.content.decode()
    learner.refresh_from_db()
    assert learner.email == ""
    right = client.post(reverse("change_email"), {"email": "ada@x.example", "password": PASSWORD})
    assert right.status_code == 302
    learner.refresh_from_db()
    assert learner.email == "ada@x.example"


def test_an_email_taken_by_another_account_is_refused_whatever_its_case(
    client, learner, django_user_model
):
    django_user_model.objects.create_user("bob", email="bob@x.example")
    client.force_login(learner)
    response = client.post(
        reverse("change_email"), {"email": "BOB@x.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Another account already uses this email address." in response.content.decode()


def test_keeping_ones_own_email_in_another_case_is_allowed(client, learner):
    learner.email = "ada@x.example"
    learner.save()
    client.force_login(learner)
    response = client.post(
        reverse("change_email"), {"email": "Ada@X.example", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_email_changes_are_rate_limited(client, learner):
    client.force_login(learner)
    statuses = [
        client.post(reverse("change_email"), {"email": "", "password": "guess"}).status_code
        for _ in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_password_changes_are_rate_limited(client, learner):
    client.force_login(learner)
    guess = {"old_password": "guess", "new_password1": "x-9-y-8", "new_password2": "x-9-y-8"}
    statuses = [client.post(reverse("password_change"), guess).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_sign_out_everywhere_ends_the_other_sessions_and_keeps_this_one(learner, django_user_model):
    here, laptop, phone = signed_in(learner), signed_in(learner), signed_in(learner)
    someone_else = django_user_model.objects.create_user("bob")
    bob = Client()
    bob.force_login(someone_else)
    response = here.post(reverse("sign_out_everywhere"))
    assert response.status_code == 302
    assert "Signed out of 2 other sessions" in here.get(response["Location"]).content.decode()
    assert here.get(reverse("review:session")).status_code == 200
    for elsewhere in (laptop, phone):
        assert elsewhere.get(reverse("review:session")).status_code == 302
    assert bob.get(reverse("review:session")).status_code == 200
    assert AccountSession.objects.filter(user_id=learner.pk).count() == 1
