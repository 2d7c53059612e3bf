"""
Readiness in the browser: a learner's /stats/ and an instructor's class page, at a phone's
width and a laptop's, with no sideways scroll of the page (wide tables scroll in their box).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classroom.models import Classroom, Membership
from studyapp.questions.models import Attempt, Question
from tests.browser.conftest import PASSWORD, screenshot, sign_in

SIZES = {"phone": (390, 844), "laptop": (1366, 900)}


@pytest.fixture
def classroom(content, instructors_group):
    users = get_user_model().objects
    teacher = users.create_user("ines", password=PASSWORD)
    teacher.groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))
    made = Classroom.objects.create(name="ECS evening class", instructor=teacher)
    questions = list(Question.objects.exclude(domain=None).order_by("pk")[:12])
    for n, name in enumerate(["kim", "sam"]):
        student = users.create_user(name, password=PASSWORD)
        Membership.objects.create(classroom=made, student=student)
        for index, question in enumerate(questions):
            correct = (index + n) % 3 != 0
            Attempt.objects.create(
                question=question, user=student, selected=[0], is_correct=correct
            )
    return made


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_a_learners_stats_show_the_projection_and_readiness(page, classroom, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    sign_in(page, "kim")
    page.goto("/stats/")
    readiness = page.locator("section[aria-labelledby='readiness-heading']")
    expect(readiness).to_contain_text("Projected exam score")
    expect(readiness).to_contain_text("Based on 12 answers")
    expect(readiness.get_by_role("table", name="By exam domain")).to_be_visible()
    screenshot(page, f"readiness-stats-{size}")
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_instructor_sees_the_class_readiness(page, classroom, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    sign_in(page, "ines")
    page.goto(f"/classes/{classroom.pk}/")
    expect(page.get_by_role("heading", name="Readiness")).to_be_visible()
    expect(page.get_by_role("table", name="The class's weakest topics")).to_be_visible()
    expect(page.get_by_role("rowheader", name="sam")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"readiness-class-{size}")
