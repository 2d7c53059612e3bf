import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(client):
    return client.get(reverse("home"))


def test_csp_allows_scripts_only_from_self(home):
    policy = home["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert script_src == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_every_script_is_a_file_from_this_site(home):
    """No inline script, so the policy needs no nonce and a page can be cached whole."""
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", home.content.decode(), re.DOTALL)
    assert scripts, "htmx should be loaded on every page"
    for attributes, body in scripts:
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/static/"), source
        assert body.strip() == ""
        assert "nonce" not in attributes


def test_standard_security_headers(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["X-Frame-Options"] == "DENY"


def test_htmx_is_configured_not_to_need_inline_styles_or_eval(home):
    html = home.content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_htmx_requests_carry_the_csrf_token_from_the_cookie(home, settings):
    """The page holds no token; static/js/csrf.js adds the cookie's to every htmx request."""
    html = home.content.decode()
    assert re.search(r'<script src="/static/js/csrf\.js[^"]*" defer></script>', html)
    assert "x-csrftoken" not in html.lower()
    script = (settings.BASE_DIR / "static" / "js" / "csrf.js").read_text()
    assert f"{settings.CSRF_COOKIE_NAME}=" in script
    assert '"X-CSRFToken"' in script
    assert settings.CSRF_HEADER_NAME == "HTTP_X_CSRFTOKEN"
    assert settings.CSRF_COOKIE_HTTPONLY is False
