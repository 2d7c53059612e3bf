"""A question's item statistics from its use in classes: on its page, for its author and staff."""

import re
import statistics

import pytest
from django.conf import settings
from django.urls import reverse

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions.models import Attempt, Question
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

# First attempts at the course pack's questions q0..q3 (1 right, 0 wrong), by class.
FIRST_CLASS = {"amy": [1, 1, 0, 1], "bob": [0, 1, 0, 0], "cal": [1, 0, 1, 1]}
SECOND_CLASS = {"dee": [1, 1, 1, 1], "eli": [0, 0, 0, 1]}


def expected_statistics(question_index):
    """Moodle's definitions, straight from the tables: the oracle for the page's figures."""
    scores = [*FIRST_CLASS.values(), *SECOND_CLASS.values()]
    item = [row[question_index] for row in scores]
    rest = [sum(row) - row[question_index] for row in scores]
    facility = round(100 * sum(item) / len(item), 1)
    return facility, round(100 * statistics.correlation(item, rest), 1)


@pytest.fixture
def answered(people, django_user_model):
    """Two of the instructor's classes were set the course pack and answered it."""
    second = Classroom.objects.create(name="ECS 102", instructor=people.instructor)
    Assignment.objects.create(classroom=second, pack=people.pack)
    questions = list(Question.objects.filter(pack=people.pack).order_by("position"))
    for classroom, table in ((people.classroom, FIRST_CLASS), (second, SECOND_CLASS)):
        for name, row in table.items():
            student = django_user_model.objects.create_user(name)
            Membership.objects.create(classroom=classroom, student=student)
            for question, right in zip(questions, row, strict=True):
                Attempt.objects.create(
                    question=question, user=student, selected=[0 if right else 1], is_correct=right
                )
                # A later retry never counts: only first attempts do.
                Attempt.objects.create(
                    question=question, user=student, selected=[0], is_correct=True
                )
    return people


def statistics_url(pack, qid):
    return reverse("classroom:question_statistics", args=[pack, qid])


def figures(html):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    facility = re.search(r"Facility ([\d.]+) %", text)
    discrimination = re.search(r"Discrimination (-?[\d.]+)", text)
    return float(facility.group(1)), float(discrimination.group(1)), text


def test_the_author_sees_facility_and_discrimination_over_every_class(client, answered):
    client.force_login(answered.instructor)
    page = client.get("/questions/course/q2/").content.decode()
    assert 'id="item-statistics"' in page
    assert f'hx-get="{statistics_url("course", "q2")}"' in page
    response = client.get(statistics_url("course", "q2"), headers={"HX-Request": "true"})
    facility, discrimination, text = figures(response.content.decode())
    assert (facility, discrimination) == expected_statistics(2)
    assert "First attempts 5, in 2 classes (2 assignments)" in text
    assert "<html" not in response.content.decode()


def test_without_htmx_the_statistics_are_a_page_of_their_own(client, answered):
    client.force_login(answered.instructor)
    response = client.get(statistics_url("course", "q0"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Item statistics: q0</h1>" in html
    assert figures(html)[:2] == expected_statistics(0)
    assert response["Vary"].count("HX-Request") == 1


def test_a_student_never_sees_them_even_after_answering(client, answered):
    client.force_login(answered.student)
    page = client.get("/questions/course/q2/")
    assert page.status_code == 200
    assert "item-statistics" not in page.content.decode()
    assert "Facility" not in page.content.decode()
    assert client.get(statistics_url("course", "q2")).status_code == 404


def test_another_instructor_gets_the_same_404_as_for_no_question(client, answered):
    client.force_login(answered.other_instructor)
    assert client.get(statistics_url("course", "q2")).status_code == 404
    assert client.get(statistics_url("course", "no-such")).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, answered):
    response = client.get(statistics_url("course", "q2"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_staff_see_the_statistics_of_a_bundled_pack(client, people):
    bundled = make_pack("bundled", "Bundled")
    make_question(bundled, "only", topic="ecr")
    client.force_login(people.staff)
    assert 'id="item-statistics"' in client.get("/questions/bundled/only/").content.decode()
    html = client.get(statistics_url("bundled", "only")).content.decode()
    assert "No class has been set this question yet." in html


def test_an_assignment_nobody_answered_says_so(client, people):
    client.force_login(people.instructor)
    html = client.get(statistics_url("course", "q1")).content.decode()
    assert "1 assignment set this question, but no student has answered it yet." in html


def test_an_assignment_on_another_topic_does_not_count(client, answered):
    # q0 and q1 are on ecr, q2 and q3 on fargate: an assignment of the fargate questions only.
    third = Classroom.objects.create(name="Fargate only", instructor=answered.instructor)
    Assignment.objects.create(classroom=third, pack=answered.pack, topic_slug="fargate")
    client.force_login(answered.instructor)
    ecr = figures(client.get(statistics_url("course", "q0")).content.decode())[2]
    fargate = figures(client.get(statistics_url("course", "q2")).content.decode())[2]
    assert "in 2 classes (2 assignments)" in ecr
    assert "in 3 classes (3 assignments)" in fargate
