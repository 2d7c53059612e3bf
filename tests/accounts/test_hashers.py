"""
The production password hashers (the suite itself hashes with MD5 for speed, tests/conftest.py):
Argon2id first, and older hashes upgraded when their owner signs in.
https://docs.djangoproject.com/en/6.1/topics/auth/passwords/#using-argon2-with-django
"""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.test import override_settings
from django.urls import reverse

from studyapp import settings as project_settings
from studyapp.accounts.hashers import ClassroomArgon2PasswordHasher
from tests.accounts.conftest import PASSWORD

production_hashers = override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS)


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def argon2_parameters(encoded):
    """The m, t and p of an Argon2 hash: 'argon2$argon2id$v=19$m=47104,t=2,p=1$salt$hash'."""
    return dict(part.split("=") for part in encoded.split("$")[3].split(","))


@production_hashers
def test_new_passwords_are_hashed_with_argon2id_at_the_classroom_cost():
    encoded = make_password(PASSWORD)
    assert isinstance(identify_hasher(encoded), ClassroomArgon2PasswordHasher)
    assert encoded.startswith("argon2$argon2id$")
    assert argon2_parameters(encoded) == {"m": str(46 * 1024), "t": "2", "p": "1"}
    assert check_password(PASSWORD, encoded)
    assert not check_password(PASSWORD + "!", encoded)


@production_hashers
def test_pbkdf2_stays_to_verify_older_hashes():
    older = make_password(PASSWORD, hasher="pbkdf2_sha256")
    assert check_password(PASSWORD, older)
    assert not check_password("not it", older)


@production_hashers
@pytest.mark.django_db
def test_a_pbkdf2_hash_becomes_argon2_when_its_owner_signs_in(client, django_user_model):
    user = django_user_model.objects.create(
        username="ada", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert sign_in(client, "ada", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert argon2_parameters(user.password)["m"] == str(46 * 1024)
    client.logout()
    assert sign_in(client, "ada", PASSWORD).status_code == 302


@production_hashers
@pytest.mark.django_db
def test_a_wrong_password_leaves_a_pbkdf2_hash_as_it_was(client, django_user_model):
    older = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = django_user_model.objects.create(username="ada", password=older)
    assert sign_in(client, "ada", "not the password").status_code == 200
    user.refresh_from_db()
    assert user.password == older


@production_hashers
@pytest.mark.django_db
def test_an_argon2_hash_with_other_parameters_is_rehashed_at_sign_in(client, django_user_model):
    """Django's own Argon2 parameters (100 MiB, 8 lanes), e.g. from before this hasher."""
    djangos = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert argon2_parameters(djangos) == {"m": "102400", "t": "2", "p": "8"}
    user = django_user_model.objects.create(username="ada", password=djangos)
    assert sign_in(client, "ada", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert argon2_parameters(user.password) == {"m": str(46 * 1024), "t": "2", "p": "1"}
