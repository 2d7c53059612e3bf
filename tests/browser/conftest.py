"""
Browser journeys: Playwright for Python driving Debian's Chromium against pytest-django's live
server (session-scoped; every test using it is transactional, so each test loads the content it
needs and the database is emptied after it).

Without /usr/bin/chromium the journeys are skipped, and the last lines of the run say so and how
to enable them; with STUDYAPP_REQUIRE_BROWSER=1 (what CI sets) they fail instead.
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from studyapp.accounts.roles import INSTRUCTORS_GROUP

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_COMMAND = "sudo apt-get install -y chromium chromium-driver"
REQUIRED = os.environ.get("STUDYAPP_REQUIRE_BROWSER") == "1"
HERE = Path(__file__).resolve().parent
ARTIFACTS = settings.BASE_DIR / "test-artifacts" / "browser"
PASSWORD = "journey-pass-9471"

_missing_browser_report = {"tests": 0}


def browser_available():
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def _in_this_folder(item):
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    if browser_available():
        return
    ours = [item for item in items if _in_this_folder(item)]
    _missing_browser_report["tests"] = len(ours)
    if REQUIRED:
        return  # the session fixture below fails each of them
    marker = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: {INSTALL_COMMAND}")
    for item in ours:
        item.add_marker(marker)


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    count = _missing_browser_report["tests"]
    if not count:
        return
    verb = "FAILED (STUDYAPP_REQUIRE_BROWSER=1)" if REQUIRED else "were SKIPPED"
    line = "!" * 78
    terminalreporter.write_line("")
    terminalreporter.write_line(line, red=True, bold=True)
    terminalreporter.write_line(
        f"!! The {count} browser journeys {verb}: no Chromium at {CHROMIUM}.", red=True, bold=True
    )
    terminalreporter.write_line("!! Enable them with:", red=True, bold=True)
    terminalreporter.write_line(f"!!     {INSTALL_COMMAND}", red=True, bold=True)
    terminalreporter.write_line(line, red=True, bold=True)


@pytest.fixture(scope="session", autouse=True)
def _browser_session():
    """
    Fail at once when the browser is required but missing. Otherwise: Playwright's sync API
    keeps an event loop running in this thread, so Django would refuse the tests' own ORM calls
    as 'async unsafe'; allow them from the first browser test on (pytest-django runs these
    transactional tests after every other database test).
    """
    if not browser_available():
        pytest.fail(
            f"STUDYAPP_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}: {INSTALL_COMMAND}",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "UTC",
    }


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP; production's Secure cookies would never come back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _timeouts(page):
    """Fail fast, but leave room for a busy two-core CI machine."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    expect.set_options(timeout=10_000)


@pytest.fixture
def content(transactional_db):
    """The bundled topics and question packs."""
    from studyapp.topics.loading import sync_topics

    sync_topics(settings.BASE_DIR / "content" / "topics")
    call_command("importpack", str(settings.BASE_DIR / "content" / "packs"), stdout=io.StringIO())


@pytest.fixture
def instructors_group(transactional_db):
    """Created by a migration, but a transactional test's flush removes it."""
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    return group


def screenshot(page, name):
    """Save the journey's final page, whole, for a human to look at."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_up(page, username, password=PASSWORD):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)  # signed in and sent on


def sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page, label):
    """axe-core's serious and critical violations on the page as it is now, in light mode and
    in dark mode, as readable lines (empty when the page passes)."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = Axe().run(page)
        for violation in results.response["violations"]:
            if violation["impact"] not in BLOCKING_IMPACTS:
                continue
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            summaries = [node.get("failureSummary", "") for node in violation["nodes"]]
            found.append(
                f"{label} [{scheme}] {violation['id']} ({violation['impact']}): "
                f"{violation['help']} at {targets[:5]} -- {summaries[0][:300]!r}"
            )
    page.emulate_media(color_scheme="light")
    return found
