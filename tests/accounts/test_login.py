import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(client, username, password, address="203.0.113.5", url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_right_password_signs_in(client, learner):
    response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_the_limit_locks_that_account_from_that_address(client, learner, password_checks):
    for _ in range(LIMIT - 1):
        assert "Please enter a correct username" in sign_in(client, "ada", "wrong").content.decode()
    assert sign_in(client, "ada", "wrong").status_code == 429
    response = sign_in(client, "ada", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in page
    assert "try again in 15 minutes" in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session
    assert len(password_checks) == LIMIT


def test_the_lock_is_per_address(client, learner):
    for _ in range(LIMIT):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada", PASSWORD, address="198.51.100.7").status_code == 302


def test_one_student_cannot_lock_out_a_class_behind_one_address(client, learner, django_user_model):
    django_user_model.objects.create_user("grace", password=PASSWORD)
    for _ in range(LIMIT + 5):
        sign_in(client, "ada", "wrong")
    assert sign_in(Client(), "grace", PASSWORD).status_code == 302


def test_a_right_password_does_not_count_as_a_failure(client, learner):
    for _ in range(LIMIT - 2):
        sign_in(client, "ada", "wrong")
    for _ in range(3):
        assert sign_in(Client(), "ada", PASSWORD).status_code == 302
    assert "Please enter a correct username" in sign_in(client, "ada", "wrong").content.decode()


def test_failures_expire_after_the_cool_off(client, learner):
    for _ in range(LIMIT):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    )
    assert sign_in(client, "ada", PASSWORD).status_code == 302


def test_tries_while_locked_do_not_extend_the_lock(client, learner):
    for _ in range(LIMIT):
        sign_in(client, "ada", "wrong")
    earlier = AccessAttempt.objects.get().attempt_time - timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=earlier)
    response = sign_in(client, "ada", "wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 5 * 60
    assert AccessAttempt.objects.get().attempt_time == earlier


def test_the_admin_sign_in_is_throttled_too(client, learner, password_checks):
    learner.is_staff = True
    learner.save()
    admin_login = reverse("admin:login")
    for _ in range(LIMIT - 1):
        assert sign_in(client, "ada", "wrong", url=admin_login).status_code == 200
    # Guesses through either form count together.
    assert sign_in(client, "ada", "wrong").status_code == 429
    response = sign_in(client, "ada", PASSWORD, url=admin_login)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert len(password_checks) == LIMIT


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_never_check_more_passwords_than_the_limit(learner, password_checks):
    guesses = 4 * LIMIT
    statuses = []
    failures = []
    barrier = threading.Barrier(guesses)

    def guess(number):
        try:
            barrier.wait()
            statuses.append(sign_in(Client(), "ada", f"wrong-{number}").status_code)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(password_checks) == LIMIT
    # Which of the checked guesses still answer 200 rather than the lockout's 429 depends on
    # how the threads interleave; every answer is one of the two, and the rest are refused.
    assert set(statuses) <= {200, 429}
    assert statuses.count(429) >= guesses - LIMIT
    assert AccessAttempt.objects.get().failures_since_start == LIMIT
    # The right password is refused too until the lock ends.
    assert sign_in(Client(), "ada", PASSWORD).status_code == 429


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
    for _ in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": "ada", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
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
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
