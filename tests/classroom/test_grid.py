"""
What instructors see of assignments: the student-by-assignment grid on the class page (the
first-attempt rule per cell, queries that depend on the assignments shown, never on the
students), assignment titles, and each option's text in item analysis.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.classroom import scoring, services
from studyapp.classroom.models import Assignment, Membership
from tests.classroom.test_assignments import attempt

pytestmark = pytest.mark.django_db


def test_each_cell_scores_the_students_first_attempts_on_that_assignment(people):
    ecr = Assignment.objects.create(classroom=people.classroom, pack=people.pack, topic_slug="ecr")
    attempt(people.student, "q0", False)
    attempt(people.student, "q0", True)  # a retry: the first attempt counts
    attempt(people.student, "q1", True)
    attempt(people.student, "q2", True)  # fargate: only in the whole-pack assignment
    grid = services.assignment_grid(people.classroom, [people.student])
    assert grid.assignments == [people.assignment, ecr]
    ((student, cells),) = grid.rows
    assert student == people.student
    assert cells == [
        (4, scoring.Score(answered=3, right_first_time=2, attempts=4)),
        (2, scoring.Score(answered=2, right_first_time=1, attempts=3)),
    ]


def test_queries_do_not_grow_with_the_class(people, django_user_model):
    def count_queries():
        members = services.students(people.classroom)
        with CaptureQueriesContext(connection) as queries:
            services.assignment_grid(people.classroom, members)
        return len(queries)

    small = count_queries()
    for index in range(30):
        student = django_user_model.objects.create_user(f"s{index}")
        Membership.objects.create(classroom=people.classroom, student=student)
        attempt(student, "q0", index % 2 == 0)
    assert count_queries() == small


def test_only_the_newest_assignments_are_columns(people, monkeypatch):
    monkeypatch.setattr(services, "MAX_GRID_ASSIGNMENTS", 2)
    newer = [Assignment.objects.create(classroom=people.classroom, pack=people.pack) for _ in "ab"]
    grid = services.assignment_grid(people.classroom, [people.student])
    assert grid.assignments == newer
    assert grid.assignments_total == 3
    assert grid.is_partial


def test_the_class_page_shows_the_grid_with_titles(client, people):
    people.assignment.custom_title = "Week 1 <homework>"
    people.assignment.save()
    attempt(people.student, "q0", True)
    client.force_login(people.instructor)
    page = client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    assert "Students by assignment" in page
    assert "Week 1 &lt;homework&gt;</a></th>" in page
    assert '<th scope="row">stu</th>' in page
    assert '1 / 4 · <span class="score" data-score="100">100 %</span>' in page
    assert "(Course pack)" in page  # a titled assignment still says what it covers


def test_an_assignment_gets_its_title_from_the_form(client, people):
    client.force_login(people.instructor)
    response = client.post(
        reverse("classroom:assign", args=[people.classroom.pk]),
        {"title": "  Week 2: networking ", "pack": "course", "topic": "", "domain": ""},
    )
    assert response.status_code == 302
    created = Assignment.objects.latest("pk")
    assert created.custom_title == "Week 2: networking"
    assert created.title == "Week 2: networking"
    assert people.assignment.title == "Course pack"


def test_a_title_past_its_limit_is_refused_naming_the_field(client, people):
    client.force_login(people.instructor)
    response = client.post(
        reverse("classroom:assign", args=[people.classroom.pk]),
        {"title": "x" * 201, "pack": "course", "topic": "", "domain": ""},
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_item_analysis_shows_each_options_text_beside_its_count(client, people):
    attempt(people.student, "q0", False, selected=(2,))
    client.force_login(people.instructor)
    url = reverse("classroom:analysis", args=[people.classroom.pk, people.assignment.pk])
    page = client.get(url).content.decode()
    assert (
        '<strong class="choice-count__count">1</strong> <span class="choice-count__label">3.</span>'
        ' <span class="choice-count__text">Option 3 of q0</span>'
    ) in page
    assert '<span class="choice-count__label">1*.</span>' in page
