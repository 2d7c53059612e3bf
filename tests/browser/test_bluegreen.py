"""
The blue/green page in a browser at 390x844 and 1366x900: changing the form swaps in the new
result (htmx), the page never scrolls sideways, and without JavaScript the form still works.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot, serious_violations
from tests.browser.test_simulators import SIZES


@pytest.mark.parametrize("size", SIZES)
def test_choosing_a_failing_hook_swaps_in_a_rollback(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/sims/bluegreen/")
    verdict = page.locator("#bluegreen-result .sim-verdict")
    expect(verdict).to_contain_text("COMPLETED")
    screenshot(page, f"sims-bluegreen-{size}")
    page.screenshot(path=str(ARTIFACTS / f"sims-bluegreen-first-screen-{size}.png"))

    page.get_by_label("Deployment controller").select_option("ECS")
    page.get_by_label("POST_TEST_TRAFFIC_SHIFT").select_option("FAILED")
    expect(verdict).to_contain_text("ROLLED_BACK")
    expect(verdict).to_contain_text("the POST_TEST_TRAFFIC_SHIFT hook returned FAILED")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    found = serious_violations(page, f"bluegreen {size}")
    screenshot(page, f"sims-bluegreen-rollback-{size}")
    page.locator("#bluegreen-result").screenshot(
        path=str(ARTIFACTS / f"sims-bluegreen-rollback-result-{size}.png")
    )
    assert not found, "\n".join(found)


def test_without_javascript_the_form_posts_and_shows_the_result(
    browser, base_url, transactional_db
):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport=SIZES["390x844"]
    )
    page = context.new_page()
    page.goto("/sims/bluegreen/?preset=codedeploy-linear-alarm")
    expect(page.locator(".sim-teaches")).to_contain_text("An alarm halfway through")
    page.get_by_label("CloudWatch alarm enters ALARM at minute").fill("")
    page.get_by_role("button", name="Simulate", exact=True).click()
    page.wait_for_url("**/sims/bluegreen/")
    expect(page.locator("#bluegreen-result .sim-verdict")).to_have_text(re.compile("COMPLETED"))
    context.close()
