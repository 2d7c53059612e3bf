"""
The simulator pages on a phone (390x844) and a laptop (1366x900): after Run the placement result
is on screen, with and without JavaScript; each changed page is saved as a screenshot at both
sizes in the test artifacts folder, and axe finds no serious or critical violation on it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, serious_violations

SIZES = {"390x844": {"width": 390, "height": 844}, "1366x900": {"width": 1366, "height": 900}}


def run_placement(page):
    """Change the count, press the Run at the end of the long editor form, and wait."""
    page.goto("/sims/placement/?preset=spread-az")
    page.get_by_label("Tasks to place (count)").fill("9")
    run = page.get_by_role("button", name="Run", exact=True)
    run.scroll_into_view_if_needed()
    run.click()


def expect_the_result_in_view(page):
    heading = page.get_by_role("heading", name="Result", exact=True)
    expect(heading).to_be_in_viewport(ratio=1)
    expect(page.locator("#placement-result .sim-verdict")).to_be_in_viewport()


@pytest.mark.parametrize("size", SIZES)
def test_after_run_the_placement_result_is_in_view(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    run_placement(page)
    verdict = page.locator("#placement-result .sim-verdict")
    expect(verdict).to_have_text(re.compile(r"Placed 9 of 9 tasks"))
    expect(page.locator("#placement-result-heading")).to_be_focused()
    expect_the_result_in_view(page)
    screenshot(page, f"sims-placement-after-run-{size}")

    # "Add instances" sits in the middle of the form; the result comes into view after it too.
    instances = page.get_by_role("button", name=re.compile(r"^Remove i-"))
    before = instances.count()
    add = page.get_by_role("button", name="Add instances")
    add.scroll_into_view_if_needed()
    add.click()
    expect(instances).to_have_count(before + 1)
    expect(page.locator("#placement-result-heading")).to_be_focused()
    expect_the_result_in_view(page)


def test_without_javascript_run_still_shows_the_result(browser, base_url, transactional_db):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport=SIZES["390x844"]
    )
    page = context.new_page()
    run_placement(page)
    page.wait_for_url("**/sims/placement/")
    expect(page.locator("#placement-result .sim-verdict")).to_have_text(
        re.compile(r"Placed 9 of 9 tasks")
    )
    expect_the_result_in_view(page)
    context.close()


PAGES = {
    "placement": "/sims/placement/?preset=awsvpc-eni-exhaustion",
    "capacity": "/sims/capacity/",
    "fargate": "/sims/fargate/",
    "rolling": "/sims/rolling/",
}


@pytest.mark.parametrize("size", SIZES)
def test_the_simulator_pages_at_both_sizes_pass_axe(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    found = []
    for name, url in PAGES.items():
        page.goto(url)
        found += serious_violations(page, f"{name} {size}")
        screenshot(page, f"sims-{name}-{size}")
    # A capacity page with an engine error on a row: the field is marked and described.
    page.goto("/sims/capacity/")
    page.get_by_label("Provider 2", exact=True).fill("FARGATE")
    page.get_by_role("button", name="Compute", exact=True).click()
    expect(page.locator("#capacity-result .sim-problems")).to_contain_text(
        "capacityProviderStrategy[1].capacityProvider"
    )
    found += serious_violations(page, f"capacity with a problem {size}")
    screenshot(page, f"sims-capacity-problem-{size}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES)
def test_capacity_provider_names_are_readable(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/sims/capacity/")
    name = page.get_by_label("Provider 2", exact=True)
    expect(name).to_have_value("FARGATE_SPOT")
    fits = name.evaluate("input => input.scrollWidth <= input.clientWidth")
    assert fits, "FARGATE_SPOT is cut off in its field"
    table_fits = page.locator("#capacity-strategy").evaluate(
        "set => set.querySelector('table').getBoundingClientRect().right"
        " <= set.getBoundingClientRect().right"
    )
    assert table_fits, "the provider rows stick out of their fieldset"
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


@pytest.mark.parametrize("size", SIZES)
def test_run_length_threshold_and_service_event_fit_both_sizes(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    found = []
    page.goto("/sims/fargate/")
    page.get_by_label("Each task runs for").fill("20")
    page.get_by_label("Unit").select_option("seconds")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_text("A run of 20 seconds is billed as 60 seconds")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    found += serious_violations(page, f"fargate run {size}")
    screenshot(page, f"sims-fargate-run-{size}")

    page.goto("/sims/rolling/")
    page.get_by_label("Deployment circuit breaker").check()
    page.get_by_label("Every new task fails (a broken image)").check()
    page.get_by_label("Failure threshold type").select_option("COUNT")
    page.get_by_label("Failure threshold value").fill("2")
    expect(page.locator("#rolling-result")).to_contain_text("threshold 2 failed tasks (COUNT 2)")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    found += serious_violations(page, f"rolling threshold {size}")
    screenshot(page, f"sims-rolling-threshold-{size}")

    page.goto("/sims/placement/?preset=bridge-port-conflict")
    run = page.get_by_role("button", name="Run", exact=True)
    run.scroll_into_view_if_needed()
    run.click()
    event = page.locator("#placement-result").get_by_text("The service event ECS writes")
    expect(event).to_contain_text("is already using a port required by your task.")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    found += serious_violations(page, f"placement service event {size}")
    screenshot(page, f"sims-placement-service-event-{size}")
    assert not found, "\n".join(found)
