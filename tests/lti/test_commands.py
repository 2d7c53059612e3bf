"""Registering a platform, and what the tool publishes for LMS administrators."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lti_tool.models import Key, LtiDeployment, LtiRegistration

pytestmark = pytest.mark.django_db

PLATFORM = [
    "--issuer", "https://moodle.school.example",
    "--client-id", "abc123",
    "--auth-url", "https://moodle.school.example/mod/lti/auth.php",
    "--token-url", "https://moodle.school.example/mod/lti/token.php",
    "--keyset-url", "https://moodle.school.example/mod/lti/certs.php",
]  # fmt: skip


def test_adding_a_platform_registers_it_makes_a_key_and_prints_the_urls(capsys):
    call_command(
        "ltiplatform", "--base-url", "https://study.example.edu", "add", "Moodle",
        *PLATFORM, "--deployment", "7",
    )  # fmt: skip

    out = capsys.readouterr().out
    registration = LtiRegistration.objects.get()
    assert (registration.issuer, registration.client_id) == (
        "https://moodle.school.example",
        "abc123",
    )
    assert LtiDeployment.objects.get(registration=registration).is_active
    assert Key.objects.active().count() == 1
    assert "OIDC login initiation URL: https://study.example.edu/lti/login/" in out
    assert "Public keyset (JWKS) URL: https://study.example.edu/lti/jwks/" in out


def test_adding_it_again_updates_it_and_keeps_the_key(capsys):
    call_command("ltiplatform", "add", "Moodle", *PLATFORM)
    call_command("ltiplatform", "add", "Moodle (renamed)", *PLATFORM, "--deployment", "8")
    call_command("ltiplatform", "list")

    out = capsys.readouterr().out
    assert LtiRegistration.objects.get().name == "Moodle (renamed)"
    assert Key.objects.count() == 1
    assert "deployment 8: on" in out


def test_a_bad_url_is_refused_naming_the_option():
    arguments = [*PLATFORM]
    arguments[arguments.index("--auth-url") + 1] = "not a url"
    with pytest.raises(CommandError, match="--auth-url"):
        call_command("ltiplatform", "add", "Moodle", *arguments)
    assert not LtiRegistration.objects.exists()


def test_the_jwks_publishes_the_public_half_of_the_tools_key(client):
    call_command("ltiplatform", "add", "Moodle", *PLATFORM)
    [key] = client.get(reverse("lti:jwks")).json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert "d" not in key


def test_canvas_gets_a_json_configuration_with_deep_linking_and_the_services(client):
    config = client.get(reverse("lti:canvas_configuration")).json()
    assert config["oidc_initiation_url"] == "http://testserver/lti/login/"
    assert config["public_jwk_url"] == "http://testserver/lti/jwks/"
    placements = config["extensions"][0]["settings"]["placements"]
    assert {p["message_type"] for p in placements} == {"LtiDeepLinkingRequest"}
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in config["scopes"]
    assert any("nrps" in scope for scope in config["scopes"])


def test_rotating_keys_publishes_the_new_key_beside_the_old(client):
    call_command("ltiplatform", "add", "Moodle", *PLATFORM)
    call_command("rotate_keys")
    assert len(client.get(reverse("lti:jwks")).json()["keys"]) == 2
