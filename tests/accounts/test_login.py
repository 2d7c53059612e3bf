import pytest
from django.urls import reverse

from studyapp.accounts import throttle
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_right_password_signs_in(client, learner):
    response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_ten_failures_lock_that_account_from_that_address(client, learner):
    for _ in range(throttle.FAILURES_PER_ACCOUNT_AND_ADDRESS):
        assert "Please enter a correct username" in sign_in(client, "ada", "wrong").content.decode()
    page = sign_in(client, "ada", PASSWORD).content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "wait 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address(client, learner):
    for _ in range(throttle.FAILURES_PER_ACCOUNT_AND_ADDRESS):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada", PASSWORD, address="198.51.100.7").status_code == 302


def test_one_address_trying_many_accounts_is_locked_too(client, learner):
    for number in range(throttle.FAILURES_PER_ADDRESS):
        sign_in(client, f"someone-{number}", "wrong")
    assert "Too many failed" in sign_in(client, "ada", PASSWORD).content.decode()


def test_failures_expire_after_the_window(client, learner):
    for _ in range(throttle.FAILURES_PER_ACCOUNT_AND_ADDRESS):
        sign_in(client, "ada", "wrong")
    later = throttle.timezone.now() + throttle.WINDOW
    assert throttle.seconds_to_wait("ada", "203.0.113.5", now=later) == 0
    assert throttle.seconds_to_wait("ada", "203.0.113.5") > 14 * 60


def test_sign_out_is_a_post(client, learner):
    client.force_login(learner)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-pass-phrase-9",
            "new_password2": "another-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("another-long-pass-phrase-9")


def test_password_change_needs_a_signed_in_user(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, learner, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(throttle.FAILURES_PER_ACCOUNT_AND_ADDRESS):
        client.post(
            reverse("login"),
            {"username": "ada", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
        )
    assert throttle.seconds_to_wait("ada", "203.0.113.9") > 0
    # Another student behind the same proxy is not locked out.
    response = client.post(
        reverse("login"),
        {"username": "ada", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert response.status_code == 302


def test_without_trust_the_forwarded_header_is_ignored(client, learner, settings):
    settings.TRUST_X_FORWARDED_FOR = False
    client.post(
        reverse("login"),
        {"username": "ada", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert list(throttle.FailedLogin.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
