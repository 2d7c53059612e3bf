"""
Pages on a phone (390 x 844): no document wider than the screen, for every main page as a
student and as an instructor; the header menu folded behind a button (and open without
scripts); review's rating buttons on screen; no key hints on a touch screen. The pages this
work changed are also captured at 390 x 844 and 1366 x 900 and checked with axe at both sizes.
"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam import sittings
from studyapp.questions.models import Attempt, Pack, Question
from studyapp.review.queue import settings_for
from tests.browser.conftest import ARTIFACTS, PASSWORD, serious_violations, sign_in
from tests.factories import make_question

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(content, instructors_group):
    """An instructor's class with a titled assignment and an uploaded pack; a student who has
    answered, reviewed and sat an exam, so every page has rows to lay out."""
    users = get_user_model()
    instructor = users.objects.create_user("ines", password=PASSWORD)
    instructor.groups.add(instructors_group)
    student = users.objects.create_user("stu-with-a-rather-long-name", password=PASSWORD)
    classroom = Classroom.objects.create(
        name="ECS 101 — Tuesday evening group", instructor=instructor
    )
    Membership.objects.create(classroom=classroom, student=student)
    core = Pack.objects.get(slug="ecs-core")
    assignment = Assignment.objects.create(
        classroom=classroom, pack=core, topic_slug="fargate",
        custom_title="Week 3: Fargate task sizes and ephemeral storage",
    )  # fmt: skip
    own = Pack.objects.create(
        slug="ines-own", title="Ines's own pack", owner=instructor, is_public=False
    )
    for question in Question.objects.filter(pack=core, topic_slug="fargate")[:3]:
        Attempt.objects.create(question=question, user=student, selected=[0], is_correct=True)
    make_question(own, "own-question", stem="Which launch type needs **no servers**?")
    sitting = sittings.start(student, 5, 10)
    sittings.finish(sitting, now=timezone.now())
    study = settings_for(student)
    study.new_per_day = 1
    study.save()
    return {"classroom": classroom, "assignment": assignment, "sitting": sitting,
            "student": student}  # fmt: skip


def student_pages(world):
    return [
        "/", "/topics/", "/topics/task-definitions/", "/topics/fargate/", "/search/?q=task+role",
        "/practice/", "/questions/ecs-core/cannot-pull-image-access-denied/", "/review/",
        "/review/settings/", "/review/leeches/", "/stats/", "/exam/", "/exam/history/",
        f"/exam/{world['sitting'].pk}/report/", "/classes/", "/join/", "/sims/",
        "/sims/placement/", "/sims/fargate/", "/sims/capacity/", "/sims/rolling/",
        "/accounts/password/", "/packs/format/",
    ]  # fmt: skip


def instructor_pages(world):
    c, a, s = world["classroom"].pk, world["assignment"].pk, world["student"].pk
    return [
        "/", "/classes/", "/classes/new/", f"/classes/{c}/", f"/classes/{c}/assignments/new/",
        f"/classes/{c}/assignments/{a}/", f"/classes/{c}/students/{s}/remove/", "/packs/",
        "/packs/upload/", "/packs/format/", "/packs/ines-own/questions/",
        "/packs/ines-own/delete/", "/packs/ines-own/public/",
    ]  # fmt: skip


WIDTH_SCRIPT = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_no_main_page_is_wider_than_a_phone(page, world, role):
    page.set_viewport_size(PHONE)
    if role == "student":
        sign_in(page, "stu-with-a-rather-long-name")
        urls = student_pages(world)
    else:
        sign_in(page, "ines")
        urls = instructor_pages(world)
    too_wide = []
    for url in urls:
        response = page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        document_width, viewport_width = page.evaluate(WIDTH_SCRIPT)
        if document_width > viewport_width:
            too_wide.append(f"{url}: {document_width} px in a {viewport_width} px screen")
    assert not too_wide, "\n".join(too_wide)


def test_the_menu_folds_behind_a_button_on_a_phone(page, world):
    page.set_viewport_size(PHONE)
    sign_in(page, "stu-with-a-rather-long-name")
    page.goto("/topics/")
    toggle = page.get_by_role("button", name="Menu")
    practice = page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(practice).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80, f"the folded header is {header_height} px tall"
    page.screenshot(path=str(ARTIFACTS / "menu-folded-390x844.png"))
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(practice).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search topics")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "menu-open-390x844.png"))
    page.set_viewport_size(LAPTOP)
    expect(toggle).to_be_hidden()
    expect(practice).to_be_visible()


def test_without_scripts_the_menu_stays_open(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/topics/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Practice")).to_be_visible()
    expect(page.locator(".menu-toggle")).to_be_hidden()
    context.close()


def test_the_rating_buttons_stay_on_a_phone_screen(page, world):
    page.set_viewport_size(PHONE)
    sign_in(page, "stu-with-a-rather-long-name")
    page.goto("/review/")
    page.locator("#review-area input[data-key='1']").check()
    page.get_by_role("button", name="Show answer").click()
    ratings = page.locator("form.rating-form")
    ratings.wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.get_by_role("button", name="Good")).to_be_in_viewport()
    box = ratings.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=2)
    page.screenshot(path=str(ARTIFACTS / "review-ratings-pinned-390x844.png"))


def test_a_touch_screen_shows_no_key_hints(browser, live_server, world):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/questions/ecs-core/cannot-pull-image-access-denied/")
    expect(page.get_by_role("button", name="Check answer")).to_be_visible()
    expect(page.locator("button kbd").first).to_be_hidden()
    expect(page.locator(".keyboard-hint")).to_be_hidden()
    expect(page.get_by_role("link", name="Permalink")).to_be_visible()
    context.close()


def changed_pages(world):
    c, a, s = world["classroom"].pk, world["assignment"].pk, world["student"].pk
    return [
        ("class-detail", f"/classes/{c}/"),
        ("item-analysis", f"/classes/{c}/assignments/{a}/"),
        ("new-assignment", f"/classes/{c}/assignments/new/"),
        ("remove-student", f"/classes/{c}/students/{s}/remove/"),
        ("my-packs", "/packs/"),
        ("pack-detail", "/packs/ines-own/questions/"),
        ("pack-delete", "/packs/ines-own/delete/"),
        ("pack-make-public", "/packs/ines-own/public/"),
        ("pack-format", "/packs/format/"),
        ("upload", "/packs/upload/"),
        ("join-link", f"/join/?code={world['classroom'].join_code}"),
        ("topics-with-menu", "/topics/"),
        ("question-key-hints", "/questions/ecs-core/cannot-pull-image-access-denied/"),
        ("review", "/review/"),
    ]


def test_changed_pages_at_both_sizes_pass_axe(page, world):
    sign_in(page, "ines")
    found = []
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        for name, url in changed_pages(world):
            response = page.goto(url)
            assert response.ok, f"{url} answered {response.status}"
            label = f"{name}-{size['width']}x{size['height']}"
            page.screenshot(path=str(ARTIFACTS / f"{label}.png"), full_page=True)
            found += serious_violations(page, label)
    assert not found, "\n".join(found)
