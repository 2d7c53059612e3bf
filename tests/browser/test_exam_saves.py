"""
An exam choice is saved the moment it is clicked: a reload keeps it, and a sitting that runs out
of time counts it, though "Save and next" was never pressed.
"""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from studyapp.exam.models import Sitting
from tests.browser.conftest import screenshot, sign_up


def click_options_of_this_question(page):
    """Click as many options as the question asks for, waiting for each click's save."""
    legend = page.locator("#exam-area legend").inner_text()
    wanted = int(m.group(1)) if (m := re.search(r"Choose (\d+)", legend)) else 1
    values = []
    for number in range(1, wanted + 1):
        option = page.locator(f"#exam-area input[data-key='{number}']")
        with page.expect_response(re.compile(r"/save/$")):
            option.check()
        values.append(option.get_attribute("value"))
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    return values


def test_clicked_choices_survive_a_reload_and_count_when_time_runs_out(page, content):
    sign_up(page, "ivy")
    page.goto("/exam/")
    page.get_by_label("Questions", exact=True).fill("2")
    page.get_by_label("Minutes", exact=True).fill("1")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    sitting_url = re.sub(r"/1/$", "/", page.url)

    first = click_options_of_this_question(page)
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", name="Question 2", exact=True)).to_be_visible()
    second = click_options_of_this_question(page)
    expect(page.locator(".exam-bar__progress")).to_contain_text("2 answered")

    page.reload()
    expect(page.get_by_role("heading", name="Question 2", exact=True)).to_be_visible()
    for value in second:
        expect(page.locator(f"input[name='option'][value='{value}']")).to_be_checked()
    page.goto(f"{sitting_url}1/")
    for value in first:
        expect(page.locator(f"input[name='option'][value='{value}']")).to_be_checked()

    sitting = Sitting.objects.get()
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page.goto(f"{sitting_url}report/")
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    items = page.locator(".report-item")
    expect(items).to_have_count(2)
    for index in range(2):
        expect(items.nth(index).get_by_role("heading")).not_to_contain_text("Unanswered")
    expect(items.nth(1).locator(".option--chosen")).to_have_count(len(second))
    screenshot(page, "exam-saved-on-click-report")
    sitting.refresh_from_db()
    assert sitting.auto_submitted
    assert all(item.selected for item in sitting.items.all())


def test_a_click_after_the_deadline_is_refused_and_leads_to_the_report(page, content):
    sign_up(page, "jay")
    page.goto("/exam/")
    page.get_by_label("Questions", exact=True).fill("2")
    page.get_by_label("Minutes", exact=True).fill("5")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    Sitting.objects.update(deadline=timezone.now() - timedelta(seconds=1))
    page.locator("#exam-area input[data-key='1']").check()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator("main")).to_contain_text("this answer was not saved")
    assert not any(item.selected for item in Sitting.objects.get().items.all())
