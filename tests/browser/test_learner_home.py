"""
A learner's home in a real browser (issue 16): the onboarding home of a new account; then, after
a practice set, an exam and an exam date, the weakest domain, one recommended step, the study
plan and the projected score with its range. Captured, and checked with axe, at 1366 x 900 and
390 x 844.
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from studyapp.questions.models import Question
from studyapp.review.queue import Queue
from tests.browser.conftest import screenshot, serious_violations, sign_up
from tests.browser.test_journeys import choose_by_keyboard

SIZES = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def capture_at_both_sizes(page, name, audit=True):
    """
    A full-page screenshot at each size, no document wider than its window, and no serious
    accessibility violation (axe, light and dark).
    """
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.reload()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {label} scrolls sideways by {overflow}px"
        screenshot(page, f"{name}-{label}")
        if audit:
            violations = serious_violations(page, f"{name} at {label}")
            assert not violations, "\n".join(violations)


def practise_topic(page, topic):
    size = Question.objects.active().filter(topic_slug=topic).count()
    page.goto("/practice/")
    page.get_by_label("Topic", exact=True).select_option(topic)
    page.get_by_role("button", name="Start practising").click()
    for _ in range(size):
        page.wait_for_url("**/questions/**")
        choose_by_keyboard(page, "#question-card")
        page.keyboard.press("Enter")
        expect(page.locator("#question-heading")).not_to_have_text("Question")
        page.keyboard.press("n")
    page.wait_for_url("**/summary/")


def sit_a_short_exam(page):
    page.goto("/exam/")
    page.get_by_label("Questions", exact=True).fill("8")
    page.get_by_label("Minutes", exact=True).fill("15")
    page.get_by_role("button", name="Start the exam").click()
    for position in range(1, 9):
        expect(page.get_by_role("heading", name=f"Question {position}", exact=True)).to_be_visible()
        page.locator("input[data-key='1']").check()
        if position < 8:
            page.get_by_role("button", name="Save and next").click()
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit and see my score").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()


def test_a_new_learner_is_onboarded_and_a_studied_one_is_told_what_to_do_next(page, content):
    sign_up(page, "hana")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, hana")
    for step in ("Read a topic", "Answer a practice set", "Set your exam date"):
        expect(page.get_by_role("heading", name=step)).to_be_visible()
    capture_at_both_sizes(page, "16-home-onboarding")

    page.set_viewport_size(SIZES["laptop"])
    practise_topic(page, "ecr")
    sit_a_short_exam(page)
    learner = get_user_model().objects.get(username="hana")
    exam_day = Queue(learner).today + timedelta(days=40)  # the learner's study day, not UTC's
    page.goto("/review/settings/")
    page.get_by_label("Exam date").fill(exam_day.isoformat())
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url("**/review/")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your study home")
    next_step = page.locator(".next-step")
    expect(next_step).to_contain_text(re.compile(r"\w"))
    expect(next_step.locator("a, button")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Weakest domain")
    expect(page.locator(".projection-figure")).to_contain_text(
        re.compile(r"Projected exam score \d+\s+likely \d+ to \d+")
    )
    expect(page.locator(".projection-basis")).to_contain_text("Based on ")
    expect(page.locator(".study-plan")).to_contain_text("40 days left")
    expect(page.locator(".study-plan")).to_contain_text(re.compile(r"Introduce \d+ new questions"))
    capture_at_both_sizes(page, "16-home-after-study")

    page.set_viewport_size(SIZES["laptop"])
    page.goto("/review/settings/")
    expect(page.locator("#new-limit")).to_contain_text("set by your study plan")
    capture_at_both_sizes(page, "16-review-settings")

    page.set_viewport_size(SIZES["laptop"])
    page.goto("/stats/")
    expect(page.locator(".study-plan")).to_contain_text("40 days left")
    capture_at_both_sizes(page, "16-stats-plan")
