"""The class page's readiness: each student per exam domain, the class's weakest topics."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.classroom import class_readiness
from studyapp.classroom.models import Membership
from studyapp.questions import practice
from studyapp.questions.models import Attempt

pytestmark = pytest.mark.django_db
READINESS_QUERIES = 7  # progress/evidence.readiness_of, see tests/progress/test_evidence.py


def answer(student, question, correct):
    Attempt.objects.create(
        question=question, user=student, selected=[0 if correct else 1], is_correct=correct
    )


def readiness_section(page):
    return page[page.index('<h2 id="readiness">') :]


def test_the_instructor_sees_each_students_domains_and_the_weakest_topics(client, people):
    questions = list(people.pack.questions.order_by("position"))  # ecr, ecr, fargate, fargate
    answer(people.student, questions[0], False)
    answer(people.student, questions[1], False)
    answer(people.student, questions[2], True)
    client.force_login(people.instructor)
    page = readiness_section(
        client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    )
    student_row = re.search(r'<th scope="row">stu</th>(.*?)</tr>', page, re.S).group(1)
    assert student_row.count("&nbsp;%") == 4
    assert "3 answers" in student_row, "domain 1 rests on the three answers"
    assert student_row.count("none yet") == 3
    weakest = page[page.index("The class's weakest topics") : page.index("</table>")]
    assert weakest.index("ecr") < weakest.index("fargate")
    assert "1 student: 2 answers, 0 reviews" in weakest
    assert "1 student: 1 answer, 0 reviews" in weakest


@pytest.mark.parametrize("visitor", ["student", "other_instructor"])
def test_no_one_but_the_instructor_sees_it(client, people, visitor):
    answer(people.student, people.pack.questions.first(), True)
    client.force_login(getattr(people, visitor))
    response = client.get(reverse("classroom:detail", args=[people.classroom.pk]))
    assert response.status_code == 404
    assert b"Readiness" not in response.content


def queries_of_a_visit(client, people):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("classroom:detail", args=[people.classroom.pk]))
    return len(captured), response.content.decode()


def test_a_visit_works_out_a_bounded_number_and_the_cache_serves_the_rest(
    client, people, django_user_model, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(class_readiness, "FRESH_PER_VISIT", 2)
    monkeypatch.setattr(class_readiness, "FRESH_SECONDS", None)  # a loaded machine stays exact
    for n in range(4):  # five students in all
        student = django_user_model.objects.create_user(f"t{n}")  # after "stu"
        Membership.objects.create(classroom=people.classroom, student=student)
    answer(people.student, people.pack.questions.last(), False)  # a weak topic to list
    client.force_login(people.instructor)
    first, page = queries_of_a_visit(client, people)
    assert "The readiness of 3 students is still to be worked out" in page
    second, page = queries_of_a_visit(client, people)
    assert "The readiness of 1 student is still to be worked out" in page
    third, page = queries_of_a_visit(client, people)
    assert "still to be worked out" not in page
    settled, page = queries_of_a_visit(client, people)
    # The first visit also looks up the navigation's role, which the cache then holds.
    assert first - 1 - settled == second - settled == 2 * READINESS_QUERIES
    assert third - settled == READINESS_QUERIES
    assert page.count("Not worked out yet") == 0

    with django_capture_on_commit_callbacks(execute=True):
        practice.record_attempt(
            people.pack.questions.first(), practice.Learner(people.student, ""), [0], True
        )
    after_an_answer, _ = queries_of_a_visit(client, people)
    assert after_an_answer - settled == READINESS_QUERIES, "only the student who answered"


def test_the_class_size_bound_names_the_students_left_out(people, django_user_model, monkeypatch):
    monkeypatch.setattr(class_readiness, "MAX_STUDENTS", 2)
    members = [people.student] + [django_user_model.objects.create_user(f"s{n}") for n in range(2)]
    shown = class_readiness.class_readiness(members)
    assert [row.student for row in shown.students] == members[:2]
    assert shown.not_shown == 1
