"""
Review at its limits: the session page of a learner with every card a learning card inside the
longest learn-ahead limit, the 'done' page that works out when to look again, and sending a
whole exam's worth of missed questions to the queue.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from worst_case import signed_in_client

from studyapp.questions.models import Question
from studyapp.review import actions, scheduling
from studyapp.review.models import MAX_LEARN_AHEAD_MINUTES, Card
from studyapp.review.queue import settings_for
from tests.factories import make_pack

CARDS = 20_000
SENT = 65  # a full exam, every answer wrong


def _questions(slug, count):
    pack = make_pack(slug, slug)
    return Question.objects.bulk_create(
        Question(
            pack=pack, qid=f"q{n}", position=n, topic_slug=f"topic-{n % 40}", domain=1,
            stem=f"Stem {n}?", explanation="", correct_count=1,
            fingerprint=hashlib.sha256(f"{slug}{n}".encode()).hexdigest(),
        )
        for n in range(count)
    )  # fmt: skip


def _learner_with_learning_cards(name, due_from_minutes):
    """A learner of this case's own (the scratch database is shared by every case)."""
    learner = get_user_model().objects.create_user(name)
    study = settings_for(learner)
    study.learn_ahead_minutes, study.new_per_day = MAX_LEARN_AHEAD_MINUTES, 0
    study.save()
    now = timezone.now()
    with transaction.atomic():
        Card.objects.bulk_create(
            Card(
                user=learner, question=question, state=scheduling.LEARNING, step=0,
                stability=1.0, difficulty=5.0, reps=1, last_review=now,
                due=now + timedelta(minutes=due_from_minutes, seconds=n),
            )
            for n, question in enumerate(_questions(name, CARDS))
        )  # fmt: skip
    return signed_in_client(name)


def session_with_every_card_learning_ahead():
    client = _learner_with_learning_cards("worst-review-ahead", due_from_minutes=1)
    return lambda: client.get("/review/")


def done_page_waiting_for_learning_cards():
    client = _learner_with_learning_cards(
        "worst-review-done", due_from_minutes=MAX_LEARN_AHEAD_MINUTES + 1
    )
    return lambda: client.get("/review/")


def send_a_full_exam_of_missed_questions():
    learner = get_user_model().objects.create_user("worst-review-missed")
    questions = _questions("worst-review-missed", SENT)
    return lambda: actions.send_to_review(learner, questions)


CASES = {
    f"review session: {CARDS} learning cards within a {MAX_LEARN_AHEAD_MINUTES}-minute "
    "learn-ahead": session_with_every_card_learning_ahead,
    f"review done page: {CARDS} learning cards due later today": (
        done_page_waiting_for_learning_cards
    ),
    f"send {SENT} missed questions to review": send_a_full_exam_of_missed_questions,
}
