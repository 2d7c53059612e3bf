"""Classroom pages at their limits: the item analysis of the largest assignment."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from worst_case import INSTRUCTOR, signed_in_client

from studyapp.classroom import services
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions.models import Attempt, Question
from tests.factories import make_pack, make_question

# Past both caps, so the page does the most work it ever does.
QUESTIONS = services.MAX_ANALYSED_QUESTIONS + 100
STUDENTS = services.MAX_ANALYSED_STUDENTS + 50
ATTEMPTS_EACH = 2


def largest_item_analysis():
    User = get_user_model()
    instructor = User.objects.get(username=INSTRUCTOR)
    with transaction.atomic():
        pack = make_pack("worst-analysis", "Largest assignment", owner=instructor, is_public=False)
        for position in range(QUESTIONS):
            make_question(pack, f"q{position}", position=position)
        classroom = Classroom.objects.create(name="Largest class", instructor=instructor)
        assignment = Assignment.objects.create(classroom=classroom, pack=pack)
        learners = User.objects.bulk_create(
            [User(username=f"worst-learner-{n}") for n in range(STUDENTS)]
        )
        Membership.objects.bulk_create(
            [Membership(classroom=classroom, student=learner) for learner in learners]
        )
        question_ids = list(Question.objects.filter(pack=pack).values_list("pk", flat=True))
        # Straight into the table through SQLite's own driver (the scratch database is SQLite):
        # model instances for 400,000 rows would take longer than the case may.
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {Attempt._meta.db_table} "
            "(question_id, user_id, session_key, selected, is_correct, created_at) "
            "VALUES (?, ?, '', ?, ?, ?)",
            (
                (
                    question_id,
                    learner.pk,
                    f"[{(n + question_id) % 4}]",
                    (n + question_id + learner.pk) % 3 == 0,
                    f"2026-01-01 00:00:0{n}",
                )
                for learner in learners
                for question_id in question_ids
                for n in range(ATTEMPTS_EACH)
            ),
        )
    client = signed_in_client(INSTRUCTOR)
    url = f"/classes/{classroom.pk}/assignments/{assignment.pk}/"
    return lambda: client.get(url)


CASES = {
    f"item analysis: {QUESTIONS} questions x {STUDENTS} students x {ATTEMPTS_EACH} attempts": (
        largest_item_analysis
    ),
}
