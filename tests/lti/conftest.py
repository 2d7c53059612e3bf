"""The test LMS (platform.py) on a local port, registered with the tool as an operator would."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.lti.platform import Platform


@pytest.fixture
def platform():
    running = Platform().start()
    yield running
    running.stop()


@pytest.fixture
def registered(db, platform, client):
    """The platform registered by `manage.py ltiplatform add`, its deployment switched on."""
    call_command(
        "ltiplatform",
        "add",
        "Test LMS",
        "--issuer", platform.issuer,
        "--client-id", platform.client_id,
        "--auth-url", platform.auth_url,
        "--token-url", platform.token_url,
        "--keyset-url", platform.jwks_url,
        "--deployment", platform.deployment_id,
    )  # fmt: skip
    # The platform learns the tool's keys as a real one does: from the tool's JWKS URL.
    platform.tool_jwks = client.get(reverse("lti:jwks")).json()
    return platform


def oidc_login(client, platform, **overrides):
    """Third-party initiated login; the state and nonce the tool sends the platform."""
    params = {
        "iss": platform.issuer,
        "login_hint": "opaque-login-hint",
        "target_link_uri": "http://testserver/lti/launch/",
        "client_id": platform.client_id,
        "lti_deployment_id": platform.deployment_id,
        **overrides,
    }
    response = client.get(reverse("lti:login"), params)
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == platform.auth_url
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    return query


def launch(client, platform, edit=None, **claim_options):
    """
    A whole launch as a browser carries it: OIDC login, the platform's signed id_token, the POST
    to the launch URL. `edit(claims)` changes the claims before signing. Returns (response,
    id_token, state).
    """
    query = oidc_login(client, platform)
    claims = platform.claims(query["nonce"], **claim_options)
    if edit is not None:
        edit(claims)
    id_token = platform.sign(claims)
    response = client.post(reverse("lti:launch"), {"id_token": id_token, "state": query["state"]})
    return response, id_token, query["state"]
