"""
axe-core on every main page, in light and in dark mode: no serious or critical violation.
Each test walks a group of pages and reports every violation it met, not just the first.
"""

from django.contrib.auth import get_user_model

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions.models import Pack
from studyapp.review.queue import settings_for
from tests.browser.conftest import PASSWORD, serious_violations, sign_in, sign_up


class Audit:
    def __init__(self, page):
        self.page = page
        self.found = []
        self.checked = []

    def check(self, label):
        self.checked.append(label)
        self.found += serious_violations(self.page, label)

    def visit(self, url, label):
        response = self.page.goto(url)
        assert response.ok, f"{label}: {url} answered {response.status}"
        self.check(label)

    def assert_clean(self):
        assert not self.found, "\n".join(self.found)


def test_public_pages(page, content):
    audit = Audit(page)
    audit.visit("/", "home")
    audit.visit("/topics/", "topics index")
    audit.visit("/topics/task-definitions/", "topic page")
    audit.visit("/search/?q=task+role", "search results")
    audit.visit("/practice/", "practice")
    # A single-answer question: a "Choose 2" question would answer one click with a request for
    # a second choice instead of the reveal.
    page.goto("/questions/ecs-core/cannot-pull-image-access-denied/")
    page.locator("#question-card form").wait_for()
    audit.check("question")
    page.locator("input[data-key='1']").check()
    page.get_by_role("button", name="Check answer").click()
    page.locator(".verdict").wait_for()
    audit.check("question reveal")
    audit.visit("/accounts/login/", "login")
    audit.visit("/accounts/signup/", "signup")
    audit.visit("/accounts/password/reset/", "forgot password")
    audit.visit("/accounts/password/reset/sent/", "reset email sent")
    audit.assert_clean()


def test_learner_pages(page, content, instructors_group):
    instructor = get_user_model().objects.create_user("ines", password=PASSWORD)
    instructor.groups.add(instructors_group)
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    Assignment.objects.create(classroom=classroom, pack=Pack.objects.get(slug="ecs-core"))

    audit = Audit(page)
    sign_up(page, "lena")
    learner = get_user_model().objects.get(username="lena")
    study = settings_for(learner)
    study.new_per_day = 1
    study.save()

    audit.visit("/review/", "review with a card")
    page.locator("#review-area input[data-key='1']").check()
    page.get_by_role("button", name="Show answer").click()
    page.locator("form.rating-form").wait_for()
    audit.check("review reveal")
    page.locator("[data-key='rate-4']").click()
    page.get_by_role("heading", name="Done for today").wait_for()
    audit.check("review done for today")
    audit.visit("/stats/", "stats")

    audit.visit("/exam/", "exam start")
    page.get_by_label("Questions", exact=True).fill("5")
    page.get_by_label("Minutes", exact=True).fill("10")
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name="Question 1").wait_for()
    audit.check("exam question")
    page.locator("input[data-key='1']").check()
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("heading", name="Submit the exam?").wait_for()
    audit.check("exam submit")
    page.get_by_role("button", name="Submit and see my score").click()
    page.get_by_role("heading", name="Your result").wait_for()
    audit.check("exam report")
    audit.visit("/exam/history/", "exam history")

    audit.visit("/classes/", "classes (student, no class)")
    audit.visit("/join/", "join")
    page.get_by_label("Code").fill(classroom.join_code)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You joined ECS 101").wait_for()
    audit.check("classes (student)")
    audit.visit("/accounts/password/", "password, email and sessions")
    audit.visit("/accounts/data/", "your data")
    audit.assert_clean()


def test_instructor_pages(page, content, instructors_group):
    users = get_user_model()
    instructor = users.objects.create_user("ines", password=PASSWORD)
    instructor.groups.add(instructors_group)
    student = users.objects.create_user("stu", password=PASSWORD)
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(
        classroom=classroom, pack=Pack.objects.get(slug="ecs-core"), topic_slug="fargate"
    )

    audit = Audit(page)
    sign_in(page, "ines")
    audit.visit("/classes/", "classes (instructor)")
    audit.visit("/classes/new/", "create a class")
    audit.visit(f"/classes/{classroom.pk}/", "class detail")
    audit.visit(f"/classes/{classroom.pk}/assignments/new/", "new assignment")
    audit.visit(f"/classes/{classroom.pk}/assignments/{assignment.pk}/", "item analysis")
    audit.visit("/packs/upload/", "upload pack")
    audit.visit("/packs/", "my packs")
    page.goto(f"/classes/{classroom.pk}/")
    page.get_by_role("button", name="Reset link for stu").click()
    page.get_by_role("heading", name="Reset link for stu").wait_for()
    audit.check("reset link and QR code")
    link = page.locator(".reset-link__url").inner_text()
    audit.visit(link, "choose a password through a reset link")
    audit.assert_clean()


def test_simulator_pages(page, content):
    audit = Audit(page)
    audit.visit("/sims/", "sims index")
    audit.visit("/sims/placement/?preset=spread-az", "placement")
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_url("**/sims/placement/?s=*")
    audit.check("placement after Run")
    audit.visit("/sims/fargate/", "fargate")
    page.get_by_label("Task CPU").fill("256")
    page.get_by_label("Task memory").fill("4096")
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("table.sim-findings").wait_for()
    audit.check("fargate with a finding")
    audit.visit("/sims/capacity/", "capacity")
    audit.visit("/sims/rolling/", "rolling")
    audit.assert_clean()
