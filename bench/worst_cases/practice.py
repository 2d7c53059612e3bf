"""Practice sets at their limits: starting one from a large bank, and the largest summary."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from worst_case import STUDENT, signed_in_client

from studyapp.questions import practice_sets
from studyapp.questions.models import Attempt, PracticeSet, Question
from tests.factories import make_pack, make_question

BANK = 5_000  # far past the set's cap of 200, so starting one chooses among them all
ATTEMPTS_EACH = 3


def _large_bank_with_attempts(slug):
    """A public pack of BANK questions, each attempted ATTEMPTS_EACH times by the student."""
    student = get_user_model().objects.get(username=STUDENT)
    with transaction.atomic():
        pack = make_pack(slug, "Largest bank")
        for position in range(BANK):
            make_question(pack, f"q{position}", position=position, option_count=2)
        question_ids = list(Question.objects.filter(pack=pack).values_list("pk", flat=True))
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {Attempt._meta.db_table} "
            "(question_id, user_id, session_key, selected, is_correct, created_at) "
            "VALUES (?, ?, '', '[1]', ?, ?)",
            (
                (question_id, student.pk, (question_id + n) % 2 == 0, f"2026-01-01 00:00:0{n}")
                for question_id in question_ids
                for n in range(ATTEMPTS_EACH)
            ),
        )
    return student, question_ids


def start_a_set_from_every_question():
    _large_bank_with_attempts("worst-practice-every")
    client = signed_in_client(STUDENT)
    return lambda: client.post("/practice/sets/", {"pack": "worst-practice-every"})


def start_a_set_of_missed_last_time():
    _large_bank_with_attempts("worst-practice-missed")
    client = signed_in_client(STUDENT)
    return lambda: client.post("/practice/sets/", {"source": "missed"})


def largest_summary():
    student, question_ids = _large_bank_with_attempts("worst-practice-summary")
    ids = question_ids[: practice_sets.MAX_SET_SIZE]
    practice_set = PracticeSet.objects.create(
        owner=student,
        title="Largest",
        question_ids=ids,
        first_answers={str(pk): pk % 3 == 0 for pk in ids},
    )
    client = signed_in_client(STUDENT)
    return lambda: client.get(f"/practice/sets/{practice_set.pk}/summary/")


CASES = {
    f"start a set: {BANK} questions x {ATTEMPTS_EACH} attempts": start_a_set_from_every_question,
    f"start 'missed last time': {BANK} questions x {ATTEMPTS_EACH} attempts": (
        start_a_set_of_missed_last_time
    ),
    f"summary of a {practice_sets.MAX_SET_SIZE}-question set": largest_summary,
}
