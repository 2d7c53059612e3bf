"""
The first-attempt rule of studyapp/classroom/scoring.py, and every class view held to it: the
database implementation against the plain-Python statement on random attempts, and the roster,
the student's page, item analysis and the roster CSV agreeing on one assignment.
"""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.classroom import scoring, services
from studyapp.classroom.models import Membership
from studyapp.questions.models import Attempt, Question
from tests.classroom.test_assignments import attempt

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def record(student, question, minute, id, is_right):
    return scoring.AttemptRecord(student, question, START + timedelta(minutes=minute), id, is_right)


def test_only_the_first_attempt_at_each_question_scores():
    records = [
        record("ann", "q1", 5, 3, True),  # a retry: not the first
        record("ann", "q1", 1, 9, False),
        record("ann", "q2", 2, 4, True),
        record("ann", "q2", 2, 2, False),  # same moment, stored first: this one counts
        record("bob", "q1", 0, 1, True),
    ]
    assert scoring.scores(records) == {
        "ann": scoring.Score(answered=2, right_first_time=0, attempts=4),
        "bob": scoring.Score(answered=1, right_first_time=1, attempts=1),
    }
    assert scoring.Score(answered=3, right_first_time=2).percent == 67
    assert scoring.Score().percent is None


attempts_strategy = st.lists(
    st.tuples(
        st.integers(0, 2),  # student
        st.integers(0, 3),  # question
        st.integers(0, 4),  # minute: few values, so attempts often share a moment
        st.booleans(),  # right
    ),
    max_size=25,
)


@given(attempts=attempts_strategy, retries=st.lists(st.booleans(), min_size=1, max_size=5))
def test_answering_again_never_changes_the_score(attempts, retries):
    records = [
        record(s, q, minute, index, right) for index, (s, q, minute, right) in enumerate(attempts)
    ]
    before = scoring.scores(records)
    later = [
        record(s, q, 10, 100 + n, right)
        for n, right in enumerate(retries)
        for s, q in {(r.student, r.question) for r in records}
    ]
    after = scoring.scores(records + later)
    for student, score in before.items():
        assert (after[student].answered, after[student].right_first_time) == (
            score.answered,
            score.right_first_time,
        )
        assert after[student].attempts > score.attempts


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(attempts=attempts_strategy)
def test_the_database_scores_as_the_plain_python_rule(people, django_user_model, attempts):
    with transaction.atomic():
        students = [people.student] + [
            django_user_model.objects.create_user(f"hyp{n}") for n in range(2)
        ]
        for student in students[1:]:
            Membership.objects.create(classroom=people.classroom, student=student)
        questions = list(Question.objects.filter(pack=people.pack).order_by("qid"))
        records = []
        for s, q, minute, right in attempts:
            row = Attempt.objects.create(
                question=questions[q], user=students[s], selected=[0], is_correct=right
            )
            moment = START + timedelta(minutes=minute)
            Attempt.objects.filter(pk=row.pk).update(created_at=moment)
            records.append(
                scoring.AttemptRecord(students[s].pk, questions[q].pk, moment, row.pk, right)
            )
        expected = scoring.scores(records)
        question_ids = [question.pk for question in questions]
        student_ids = [student.pk for student in students]
        wanted = {pk: expected.get(pk, scoring.Score()) for pk in student_ids}
        assert services.scores(question_ids, student_ids) == wanted
        # Long id lists are counted a chunk at a time; the sums must not change.
        with mock.patch.object(services, "IDS_PER_STATEMENT", 2):
            assert services.scores(question_ids, student_ids) == wanted
        firsts = scoring.first_attempts(records)
        item_sums = services.first_attempt_sums(question_ids, student_ids)
        for question_id in question_ids:
            sums = item_sums[question_id][0]
            mine = [first for (_, question), first in firsts.items() if question == question_id]
            assert (sums.takers, sums.right) == (len(mine), sum(f.is_right for f in mine))
        transaction.set_rollback(True)


def roster_row(page, username):
    row = re.search(rf"<tr>\s*<td>{username}</td>.*?</tr>", page, re.S).group(0)
    return re.search(r'data-score="(\d+)"', row).group(1)


@pytest.mark.django_db
def test_re_answering_an_easy_question_does_not_raise_the_roster_figure(client, people):
    attempt(people.student, "q0", False)
    attempt(people.student, "q1", True)
    client.force_login(people.instructor)
    url = reverse("classroom:detail", args=[people.classroom.pk])
    assert roster_row(client.get(url).content.decode(), "stu") == "50"
    for _ in range(5):
        attempt(people.student, "q0", True)
        attempt(people.student, "q1", True)
    page = client.get(url).content.decode()
    assert roster_row(page, "stu") == "50"
    assert "Score = first attempt at each question" in page
    row = re.search(r"<tr>\s*<td>stu</td>.*?</tr>", page, re.S).group(0)
    assert "<td>12</td>" in row  # the attempts, shown beside the score


@pytest.mark.django_db
def test_roster_student_page_item_analysis_and_csv_agree(client, people, django_user_model):
    others = [django_user_model.objects.create_user(f"s{n}") for n in range(2)]
    for student in others:
        Membership.objects.create(classroom=people.classroom, student=student)
    # stu: q0 wrong then right, q1 right, q2 right then wrong: first attempts 2 of 3 right.
    attempt(people.student, "q0", False)
    attempt(people.student, "q0", True)
    attempt(people.student, "q1", True)
    attempt(people.student, "q2", True)
    attempt(people.student, "q2", False)
    # s0: q0 right; s1: q3 wrong three times.
    attempt(others[0], "q0", True)
    for _ in range(3):
        attempt(others[1], "q3", False)
    expected = {
        "stu": ("3", "2", "67", "5"),
        "s0": ("1", "1", "100", "1"),
        "s1": ("1", "0", "0", "3"),
    }

    client.force_login(people.instructor)
    roster_page = client.get(
        reverse("classroom:detail", args=[people.classroom.pk])
    ).content.decode()
    roster_csv = client.get(reverse("classroom:roster_csv", args=[people.classroom.pk]))
    rows = list(csv.DictReader(io.StringIO(roster_csv.content.decode())))
    analysis_args = [people.classroom.pk, people.assignment.pk]
    analysis_page = client.get(reverse("classroom:analysis", args=analysis_args)).content.decode()
    items_csv = client.get(reverse("classroom:analysis_csv", args=analysis_args)).content.decode()
    items = list(csv.DictReader(io.StringIO(items_csv)))

    from_csv = {
        row["username"]: (
            row["questions_attempted"],
            row["questions_right_first_time"],
            row["first_attempt_correct_percent"],
            row["attempts"],
        )
        for row in rows
    }
    assert from_csv == expected
    for username, (_, _, percent, _) in expected.items():
        assert roster_row(roster_page, username) == percent
        assert roster_row(analysis_page, username) == percent
    # Item analysis: the right first attempts per question add up to the students' scores.
    right_first_time = sum(
        round(int(item["first_attempts"]) * float(item["facility_index"]) / 100)
        for item in items
        if item["facility_index"]
    )
    assert right_first_time == sum(int(score[1]) for score in expected.values())
    assert sum(int(item["first_attempts"]) for item in items) == sum(
        int(score[0]) for score in expected.values()
    )
    for student in [people.student, *others]:
        client.force_login(student)
        page = client.get(reverse("classroom:classes")).content.decode()
        answered, right, percent, tries = expected[student.get_username()]
        assert f'data-score="{percent}"' in page
        assert f"{right} of {answered} right first time" in page
        assert f"<td>{answered} / 4</td>" in page
        assert f"<td>{tries}</td>" in page
        assert "Score = first attempt at each question" in page
