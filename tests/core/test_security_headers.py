import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(client):
    return client.get(reverse("home"))


def test_csp_allows_scripts_only_from_self_or_with_the_nonce(home):
    policy = home["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert script_src.startswith("'self' 'nonce-")
    assert "frame-ancestors 'none'" in policy


def test_every_script_tag_carries_the_nonce(home):
    nonce = re.search(r"'nonce-([^']+)'", home["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", home.content.decode())
    assert scripts, "htmx should be loaded on every page"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert all("cdn" not in tag and "//" not in tag.split("src=")[-1][:3] for tag in scripts)


def test_standard_security_headers(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["X-Frame-Options"] == "DENY"


def test_htmx_is_configured_not_to_need_inline_styles_or_eval(home):
    html = home.content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_htmx_requests_carry_the_csrf_token(home):
    assert re.search(r"hx-headers='\{\"x-csrftoken\": \"[\w-]+\"\}'", home.content.decode())
