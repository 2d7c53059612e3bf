"""CSRF on every state-changing request, and the security headers on every HTML page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import CSRF_EXEMPT, EXPECTED

pytestmark = pytest.mark.django_db

POSTS = [
    name for name, (method, _) in EXPECTED.items() if method == "POST" and name not in CSRF_EXEMPT
]
GETS = [name for name, (method, _) in EXPECTED.items() if method == "GET"]


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_every_post_without_a_csrf_token_is_refused(world, role):
    users, kwargs = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[role])
    refused = {}
    for name in POSTS:
        response = client.post(reverse(name, kwargs=kwargs.get(name)))
        refused[name] = response.status_code
    assert refused == dict.fromkeys(POSTS, 403)


def test_the_login_form_needs_its_token_too(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "student", "password": "x"})
    assert response.status_code == 403


def test_every_html_page_carries_the_security_headers(client, world):
    users, kwargs = world
    client.force_login(users["instructor"])
    checked = 0
    for name in GETS:
        response = client.get(reverse(name, kwargs=kwargs.get(name)))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src, name
        assert "frame-ancestors 'none'" in policy, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert re.search(r"script-src 'self'(;|$)", response["Content-Security-Policy"]), name
        for attributes, body in re.findall(
            r"<script\b([^>]*)>(.*?)</script>", response.content.decode(), re.DOTALL
        ):
            assert 'src="/static/' in attributes, (name, attributes)
            assert not body.strip(), (name, attributes)
    assert checked >= 25


def test_session_and_csrf_cookies_are_httponly_and_lax(client, world):
    users, _ = world
    users["student"].set_password("a-password-for-this-test-9")
    users["student"].save()
    client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "student", "password": "a-password-for-this-test-9"}
    )
    session_cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
