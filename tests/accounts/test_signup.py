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


def sign_up(client, username, address="203.0.113.5", email=""):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email,
            "password1": "a-long-unusual-pass-77",
            "password2": "a-long-unusual-pass-77",
        },
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize(
    ("look_alike", "error"),
    [
        ("\u0430lice", "Enter a valid username"),  # Cyrillic a
        ("ali\u0441e", "Enter a valid username"),  # Cyrillic es
        ("alice\u200b", "Enter a valid username"),  # zero-width space
        ("\u00c5lice", "Enter a valid username"),  # accented
        # Django folds compatibility forms (NFKC) first: a full-width a is a, so a duplicate.
        ("\uff41lice", "A user with that username already exists."),
    ],
)
def test_look_alike_usernames_are_refused_at_the_field(
    client, django_user_model, look_alike, error
):
    django_user_model.objects.create_user("alice")
    response = sign_up(client, look_alike)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<p class="form-error">{error}' in page.replace("&#x27;", "'")
    assert django_user_model.objects.count() == 1


@pytest.mark.parametrize("other_case", ["Alice", "ALICE", "aLiCe"])
def test_a_name_differing_only_in_case_is_refused(client, django_user_model, other_case):
    django_user_model.objects.create_user("alice")
    response = sign_up(client, other_case)
    assert response.status_code == 400
    assert "A user with that username already exists." in response.content.decode()
    assert django_user_model.objects.count() == 1


def test_plain_ascii_names_with_the_allowed_marks_are_accepted(client, django_user_model):
    assert sign_up(client, "ada.lovelace+class_1@school-x").status_code == 302


def test_sign_ups_are_rate_limited_per_address(client, django_user_model):
    for number in range(60):
        sign_up(client, "x" * 200 + str(number))
    response = sign_up(client, "grace")
    assert response.status_code == 429
    assert "Too many sign-up attempts from your address: the limit is 60 every hour." in (
        response.content.decode()
    )
    assert not django_user_model.objects.filter(username="grace").exists()
    assert sign_up(client, "grace", address="198.51.100.7").status_code == 302


def test_signup_asks_an_optional_email_and_says_what_it_is_for(client):
    page = client.get(reverse("signup")).content.decode()
    assert 'name="email"' in page
    assert "Optional. Used only to send you a link to choose a new password" in page
    assert sign_up(client, "grace").status_code == 302
    assert get_user_model().objects.get(username="grace").email == ""


def test_signup_keeps_the_email(client):
    assert sign_up(client, "grace", email="grace@school.example").status_code == 302
    assert get_user_model().objects.get(username="grace").email == "grace@school.example"


def test_an_email_belongs_to_one_account_whatever_its_case(client, django_user_model):
    django_user_model.objects.create_user("ada", email="ada@school.example")
    response = sign_up(client, "grace", email="ADA@School.Example")
    assert response.status_code == 400
    assert "Another account already uses this email address." in response.content.decode()
    assert not get_user_model().objects.filter(username="grace").exists()
