"""
A learner's readiness from what the database holds: gathers the evidence the readiness model
(studyapp/readiness/model.py) reads, in a fixed number of queries each bounded by the model's
own caps, and runs the model. Pages read it through progress/cache.py, which keeps it.

Questions without a DVA-C02 domain are left out (the exam cannot place them); questions
without a topic count under a topic named after their domain.
"""

from django.db.models import Count
from django.utils import timezone

from studyapp.exam.models import SittingQuestion
from studyapp.questions.models import Attempt
from studyapp.questions.practice import visible_questions
from studyapp.readiness import model
from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog

CARD_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"]


def topic_of(slug, domain):
    return slug or f"domain-{domain}"


def catalogue(user):
    """The topics of the questions `user` may study, each in the domain most of them are in."""
    rows = (
        visible_questions(user)
        .exclude(domain=None)
        .values("topic_slug", "domain")
        .annotate(questions=Count("id"))
        .order_by("topic_slug", "-questions", "domain")
    )
    topics = {}
    for row in rows:
        slug = topic_of(row["topic_slug"], row["domain"])
        domain, questions = topics.get(slug, (row["domain"], 0))
        topics[slug] = (domain, questions + row["questions"])
    return [model.CatalogueTopic(slug, d, count) for slug, (d, count) in topics.items()]


def practice_answers(user):
    rows = (
        Attempt.objects.filter(user=user, question__domain__isnull=False)
        .order_by("-created_at")
        .values_list(
            "question_id", "question__topic_slug", "question__domain", "is_correct", "created_at"
        )[: model.MAX_EVIDENCE]
    )
    return [
        model.Answer(question, topic_of(topic, domain), domain, correct, when)
        for question, topic, domain, correct, when in rows
    ]


def exam_answers(user):
    """
    Every question of the learner's submitted sittings, right or wrong as the exam scored it
    (exam.sittings.finish stores it, generated questions included); unanswered was wrong.
    """
    rows = (
        SittingQuestion.objects.filter(
            sitting__user=user, sitting__submitted_at__isnull=False, question__domain__isnull=False
        )
        .order_by("-sitting__submitted_at", "position")
        .values_list(
            "question_id",
            "question__topic_slug",
            "question__domain",
            "is_correct",
            "answered_at",
            "sitting__submitted_at",
        )[: model.MAX_EVIDENCE]
    )
    return [
        model.Answer(
            question, topic_of(topic, domain), domain, bool(correct), answered_at or submitted_at
        )
        for question, topic, domain, correct, answered_at, submitted_at in rows
    ]


def reviews(user):
    rows = (
        ReviewLog.objects.filter(user=user, card__question__domain__isnull=False)
        .order_by("-reviewed_at")
        .values_list(
            "card__question_id",
            "card__question__topic_slug",
            "card__question__domain",
            "rating",
            "reviewed_at",
        )[: model.MAX_EVIDENCE]
    )
    return [
        model.Review(question, topic_of(topic, domain), domain, rating, when)
        for question, topic, domain, rating, when in rows
    ]


def memories(user):
    # Plain rows, not Card instances: building 2,000 model instances took most of the time.
    rows = (
        Card.objects.filter(user=user, last_review__isnull=False, question__domain__isnull=False)
        .order_by("-last_review")
        .values_list("question_id", "question__topic_slug", "question__domain", *CARD_FIELDS)[
            : model.MAX_CARDS
        ]
    )
    return [
        model.Memory(
            question,
            topic_of(topic, domain),
            domain,
            scheduling.CardState(**dict(zip(CARD_FIELDS, state, strict=True))),
        )
        for question, topic, domain, *state in rows
    ]


def readiness_of(user, exam_date=None, now=None):
    """The model's readiness for `user` on `exam_date` (default: now)."""
    now = now or timezone.now()
    return model.assess(
        practice_answers(user) + exam_answers(user),
        reviews(user),
        memories(user),
        catalogue(user),
        now,
        exam_date,
    )
