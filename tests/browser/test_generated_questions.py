"""
Issue 22's journey: answer a generated placement question, open "Try it", and see the same
scenario in the placement simulator with the same result (the task on the instance the key
names). Screenshots of the question page at both sizes go to the test artifacts folder.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from studyapp.sims.generated_practice import instance_seed
from studyapp.sims.generators import GENERATORS
from studyapp.sims.generators.placement import NOT_PLACED
from tests.browser.conftest import screenshot

SIZES = {"390x844": {"width": 390, "height": 844}, "1366x900": {"width": 1366, "height": 900}}


def placed_question_set():
    """The first set whose first question places the task, and that question."""
    for set_seed in range(100):
        question = GENERATORS["placement"].generate(instance_seed(set_seed, 1))
        if question.keys != [NOT_PLACED]:
            return set_seed, question
    raise AssertionError("no set in the first 100 places its first task")


@pytest.mark.parametrize("size", SIZES)
def test_answer_a_generated_placement_question_and_try_it(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    set_seed, question = placed_question_set()
    (key,) = question.keys
    page.goto(f"{reverse('sims:generated_question', args=['placement'])}?seed={set_seed}")
    expect(page.get_by_text(f"Set {set_seed} · question 1 of 5")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    screenshot(page, f"generated-placement-question-{size}")

    page.locator(".option label").filter(
        has=page.locator(".option__text", has_text=re.compile(rf"^{key}$"))
    ).locator("input").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", name="Correct")).to_be_visible()
    expect(page.locator(".explanation")).to_contain_text("the only candidate left")
    screenshot(page, f"generated-placement-revealed-{size}")

    page.get_by_role("link", name="Try it in the placement simulator").click()
    expect(page.locator("#placement-result .sim-verdict")).to_have_text(
        re.compile(r"Placed 1 of 1 task of")
    )
    new_task = page.locator(".sim-instance").filter(
        has=page.locator(".sim-chip:not(.sim-chip--existing)")
    )
    expect(new_task.locator(".sim-instance__title")).to_have_text(key)


@pytest.mark.parametrize("size", SIZES)
def test_the_generated_questions_index_fits_the_screen(page, transactional_db, size):
    page.set_viewport_size(SIZES[size])
    page.goto(reverse("sims:generated_index"))
    expect(page.get_by_role("heading", name="Generated questions")).to_be_visible()
    expect(
        page.get_by_role("link", name="Rolling update: most tasks running, fewest healthy")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    screenshot(page, f"generated-index-{size}")
