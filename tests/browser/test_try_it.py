"""
"Try it": answer a bundled question, follow the link its reveal offers, and the simulator shows
the question's scenario with its result, and lists the question. Screenshots at a phone's and a
laptop's size; neither scrolls sideways, and axe finds no serious or critical violation.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, serious_violations

SIZES = {"390x844": {"width": 390, "height": 844}, "1366x900": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_reveal_then_try_the_rolling_update_that_cannot_progress(page, content, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/questions/ecs-core/rolling-update-stuck/")
    expect(page.locator("#question-card form.question-form")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Try it"))).to_have_count(0)

    page.get_by_text("With 3 tasks, 125% rounds down to 3").click()
    page.get_by_role("button", name=re.compile("Check answer")).click()
    expect(page.locator("#question-card .verdict")).to_contain_text("You chose the right answer")
    try_it = page.get_by_role("link", name="Try it in the rolling update simulator")
    expect(try_it).to_be_visible()
    screenshot(page, f"try-it-reveal-{size}")

    try_it.click()
    expect(page).to_have_url(re.compile(r"/sims/rolling/\?s="))
    expect(page.locator("#rolling-result .sim-verdict .badge")).to_have_text("STUCK")
    expect(page.get_by_label("Desired count")).to_have_value("3")
    expect(page.get_by_label("minimumHealthyPercent")).to_have_value("100")
    expect(page.get_by_label("maximumPercent")).to_have_value("125")
    listed = page.locator(".sim-questions li", has_text="Rolling update stuck")
    expect(listed.locator(".badge")).to_have_text("this scenario")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert serious_violations(page, f"rolling simulator from Try it at {size}") == []
    screenshot(page, f"try-it-rolling-{size}")


def test_try_the_capacity_split_of_a_question(page, content):
    page.goto("/questions/ecs-core/capacity-provider-base-and-weight/")
    page.get_by_text("4 tasks on FARGATE and 6 tasks on FARGATE_SPOT").click()
    page.get_by_role("button", name=re.compile("Check answer")).click()
    page.get_by_role("link", name="Try it in the capacity provider simulator").click()
    expect(page.locator("#capacity-result .sim-verdict")).to_have_text(
        "10 tasks: 4 on FARGATE, 6 on FARGATE_SPOT."
    )
    screenshot(page, "try-it-capacity")
