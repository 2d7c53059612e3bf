"""
A learner's data export after a term of heavy daily study: 100 review ratings a day for 90 days
on 2,000 cards, 5,000 practice answers and 10 full practice exams. The download is streamed;
the case reads the whole response, so its time is the export's and its peak memory shows that
the history is never held at once. Time grows with the history (docs/performance.md has a
year's figures); memory does not.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from worst_case import signed_in_client

from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.questions.models import Attempt, Question
from studyapp.review.models import Card, ReviewLog
from tests.factories import make_pack

CARDS = 2_000
RATINGS = 9_000
ANSWERS = 5_000
SITTINGS, EXAM_QUESTIONS = 10, 65


def heavy_learner_export(view):
    learner = get_user_model().objects.create_user(f"worst-export-{view}")
    now = timezone.now()
    with transaction.atomic():
        pack = make_pack(f"worst-export-{view}", "Export")
        questions = Question.objects.bulk_create(
            Question(
                pack=pack, qid=f"q{n}", position=n, domain=1 + n % 4, stem=f"Stem {n}?",
                correct_count=1, fingerprint=hashlib.sha256(f"{view}{n}".encode()).hexdigest(),
            )
            for n in range(CARDS)
        )  # fmt: skip
        cards = Card.objects.bulk_create(
            Card(user=learner, question=question, state=2, stability=5.0, difficulty=5.0,
                 due=now, last_review=now, reps=7)
            for question in questions
        )  # fmt: skip
        ReviewLog.objects.bulk_create(
            (
                ReviewLog(
                    card=cards[n % CARDS], user=learner, rating=3,
                    reviewed_at=now - timedelta(minutes=n), duration_ms=4000, previous_state=2,
                    state_before={"state": 2, "stability": 5.0, "difficulty": 5.0, "reps": 6},
                    card_version=n // CARDS,
                )
                for n in range(RATINGS)
            ),
            batch_size=2000,
        )  # fmt: skip
        Attempt.objects.bulk_create(
            (
                Attempt(question=questions[n % CARDS], user=learner, selected=[n % 4],
                        is_correct=n % 3 == 0)
                for n in range(ANSWERS)
            ),
            batch_size=2000,
        )  # fmt: skip
        for number in range(SITTINGS):
            sitting = Sitting.objects.create(
                user=learner, deadline=now, duration_minutes=130, question_total=EXAM_QUESTIONS
            )
            SittingQuestion.objects.bulk_create(
                SittingQuestion(sitting=sitting, position=position + 1,
                                question=questions[(number * EXAM_QUESTIONS + position) % CARDS],
                                option_order=[2, 0, 3, 1], selected=[0])
                for position in range(EXAM_QUESTIONS)
            )  # fmt: skip
    client = signed_in_client(learner.username)

    def download():
        response = client.post(f"/accounts/data/export.{view}")
        for _chunk in response.streaming_content:
            pass
        return response

    return download


CASES = {
    f"data export as JSON: {RATINGS} ratings, {ANSWERS} answers, {SITTINGS} exams": (
        lambda: heavy_learner_export("json")
    ),
    f"data export as CSVs in a zip: {RATINGS} ratings, {ANSWERS} answers, {SITTINGS} exams": (
        lambda: heavy_learner_export("zip")
    ),
}
