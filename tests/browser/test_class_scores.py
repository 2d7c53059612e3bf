"""
Issue 15's journey for class scores: one assignment, a student who retried, and the figure the
student sees, the roster's and the roster CSV's are the same first-attempt score.
"""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions.models import Attempt
from tests.browser.conftest import PASSWORD, screenshot, sign_in
from tests.factories import make_pack, make_question


def test_the_roster_the_student_page_and_the_csv_agree_on_one_assignment(
    page, new_context, transactional_db
):
    User = get_user_model()
    instructor = User.objects.create_user("ines", password=PASSWORD)
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    student = User.objects.create_user("sam", password=PASSWORD)
    classroom = Classroom.objects.create(name="ECS evening class", instructor=instructor)
    Membership.objects.create(classroom=classroom, student=student)
    pack = make_pack("course", "Course pack", owner=instructor, is_public=False)
    questions = [make_question(pack, f"q{n}") for n in range(4)]
    Assignment.objects.create(classroom=classroom, pack=pack)
    # First attempts: q0 wrong, q1 right, q2 right; the retries (q0 right twice) do not count.
    for question, right in [
        (questions[0], False),
        (questions[1], True),
        (questions[2], True),
        (questions[0], True),
        (questions[0], True),
    ]:
        Attempt.objects.create(question=question, user=student, selected=[0], is_correct=right)

    learner = new_context().new_page()
    learner.set_default_timeout(10_000)
    sign_in(learner, "sam")
    learner.goto("/classes/")
    row = learner.locator("tr", has_text="Course pack")
    expect(row.locator(".score")).to_have_text("67 %")
    expect(row).to_contain_text("2 of 3 right first time")
    expect(row.get_by_role("cell", name="3 / 4", exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="5", exact=True)).to_be_visible()  # attempts
    expect(learner.get_by_text("Score = first attempt at each question")).to_be_visible()
    screenshot(learner, "15-student-class-score")

    sign_in(page, "ines")
    page.goto(f"/classes/{classroom.pk}/")
    roster = page.get_by_role("region", name="Students, scrolls sideways")
    roster_row = roster.locator("tr", has_text="sam")
    expect(roster_row.locator(".score")).to_have_text("67 %")
    expect(roster_row).to_contain_text("2 of 3 right first time")
    expect(roster_row.get_by_role("cell", name="5", exact=True)).to_be_visible()
    expect(page.get_by_text("Score = first attempt at each question")).to_be_visible()
    screenshot(page, "15-roster-class-score")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the roster (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8") as downloaded:
        rows = list(csv.DictReader(io.StringIO(downloaded.read())))
    assert [
        (
            row["username"],
            row["questions_attempted"],
            row["questions_right_first_time"],
            row["first_attempt_correct_percent"],
            row["attempts"],
        )
        for row in rows
    ] == [("sam", "3", "2", "67", "5")]
