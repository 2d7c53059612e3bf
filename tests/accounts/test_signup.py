import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signing_up_creates_the_account_and_signs_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "grace",
            "password1": "a-long-unusual-pass-77",
            "password2": "a-long-unusual-pass-77",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert get_user_model().objects.filter(username="grace").exists()
    page = client.get(reverse("home")).content.decode()
    assert "Welcome, grace" in page
    assert "Sign out" in page


def test_signup_errors_are_shown_against_their_fields(client):
    response = client.post(
        reverse("signup"), {"username": "grace", "password1": "abc", "password2": "abd"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The two password fields didn" in page
    assert not get_user_model().objects.filter(username="grace").exists()


def test_signup_never_redirects_off_site(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "grace",
            "password1": "a-long-unusual-pass-77",
            "password2": "a-long-unusual-pass-77",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("home")
