"""The exam timer stays in view on a phone and on a laptop, however far the question scrolls."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_up


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_timer_stays_in_view_when_the_page_scrolls(page, content, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_up(page, f"kim{width}")
    page.goto("/exam/")
    page.get_by_label("Full exam: 65 questions, 130 min").check()
    expect(page.locator("#exam-plan")).to_contain_text("will use 65 questions")
    page.screenshot(path=str(ARTIFACTS / f"exam-start-{width}x{height}.png"), full_page=True)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    page.locator("#exam-area input[data-key='1']").check()
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.screenshot(path=str(ARTIFACTS / f"exam-question-{width}x{height}.png"))
    # A long question, as some are: the exam area grows well past the screen.
    page.evaluate(
        "document.querySelector('.question-card__stem').style.minHeight = '3000px';"
        "window.scrollTo(0, 2000)"
    )
    page.wait_for_function("window.scrollY >= 2000")
    timer = page.locator(".exam-bar__timer")
    expect(timer).to_be_in_viewport()
    box = page.locator(".exam-bar").bounding_box()
    assert box["y"] == pytest.approx(0, abs=1)
    page.screenshot(path=str(ARTIFACTS / f"exam-timer-sticky-{width}x{height}.png"))
