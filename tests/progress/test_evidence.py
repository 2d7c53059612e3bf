"""Gathering a learner's readiness evidence from the database (SQLite, or DATABASE_URL)."""

from datetime import UTC, datetime, timedelta

import pytest

from studyapp.exam import sittings
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.progress import evidence
from studyapp.questions import generated
from studyapp.questions.models import Attempt
from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog
from tests.factories import make_pack, make_question

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
QUERIES = 6  # visible packs, topics, attempts, exam answers (scored at submit), reviews, cards


@pytest.fixture
def bank(db):
    pack = make_pack()
    questions = {
        f"{topic}-{n}": make_question(pack, f"{topic}-{n}", topic=topic, domain=domain)
        for topic, domain in (("ecs-tasks", 1), ("iam-roles", 2), ("", 3))
        for n in range(4)
    }
    questions["no-domain"] = make_question(pack, "no-domain", topic="ecs-tasks", domain=None)
    return questions


def attempt(user, question, correct, days_ago):
    made = Attempt.objects.create(
        question=question, user=user, selected=[0 if correct else 1], is_correct=correct
    )
    Attempt.objects.filter(pk=made.pk).update(created_at=NOW - timedelta(days=days_ago))


def sitting(user, answers, days_ago, seeds=None):
    """
    A sitting submitted (and so scored) `days_ago`; `answers` maps each question to the
    positions chosen (or None), `seeds` a generated question to its instance's seed.
    """
    submitted = NOW - timedelta(days=days_ago)
    made = Sitting.objects.create(
        user=user,
        started_at=submitted - timedelta(minutes=30),
        deadline=submitted + timedelta(minutes=1),
        duration_minutes=30,
        question_total=len(answers),
    )
    for position, (question, selected) in enumerate(answers.items(), start=1):
        SittingQuestion.objects.create(
            sitting=made,
            position=position,
            question=question,
            option_order=[0, 1, 2, 3],
            generated_seed=(seeds or {}).get(question),
            selected=selected or [],
            answered_at=submitted - timedelta(minutes=1) if selected else None,
        )
    sittings.finish(made, now=submitted)


def reviewed_card(user, question, rating, days_ago):
    when = NOW - timedelta(days=days_ago)
    state = scheduling.rate(
        scheduling.CardState(),
        rating,
        when,
        scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False)),
    )
    card = Card(user=user, question=question)
    card.apply(state)
    card.save()
    ReviewLog.objects.create(
        card=card,
        user=user,
        rating=rating,
        reviewed_at=when,
        previous_state=scheduling.NEW,
        state_before=scheduling.CardState().as_dict(),
        card_version=0,
    )


def test_the_catalogue_counts_questions_per_topic_and_files_unnamed_ones_by_domain(learner, bank):
    topics = {topic.slug: topic for topic in evidence.catalogue(learner)}
    assert set(topics) == {"ecs-tasks", "iam-roles", "domain-3"}
    assert (topics["ecs-tasks"].domain, topics["ecs-tasks"].questions) == (1, 4)
    assert topics["domain-3"].domain == 3


def test_practice_exam_and_review_evidence_reach_the_model(learner, bank):
    attempt(learner, bank["ecs-tasks-0"], True, days_ago=3)
    attempt(learner, bank["ecs-tasks-1"], False, days_ago=2)
    attempt(learner, bank["no-domain"], True, days_ago=2)
    sitting(learner, {bank["iam-roles-0"]: [0], bank["iam-roles-1"]: None}, days_ago=1)
    reviewed_card(learner, bank["ecs-tasks-1"], 3, days_ago=1)

    readiness = evidence.readiness_of(learner, exam_date=NOW + timedelta(days=10), now=NOW)

    assert readiness.answers == 4
    assert readiness.reviews == 1
    assert readiness.topics["ecs-tasks"].evidence == 2
    assert readiness.topics["iam-roles"].evidence == 2
    assert readiness.untouched_topics == ("domain-3",)
    assert readiness.exam_date == NOW + timedelta(days=10)


def test_exam_answers_are_marked_by_the_key_and_unanswered_ones_are_wrong(learner, bank):
    sitting(
        learner,
        {bank["iam-roles-0"]: [0], bank["iam-roles-1"]: [2], bank["iam-roles-2"]: None},
        days_ago=1,
    )
    answers = sorted(evidence.exam_answers(learner), key=lambda answer: answer.question_id)
    assert [answer.correct for answer in answers] == [True, False, False]


def test_a_generated_exam_question_counts_as_the_exam_scored_it(learner, bank):
    # A generated question has no Option rows: its key is its instance's, drawn from the seed.
    skill = generated.skill_question(generated.skill_names()[0])
    seed = 7
    key = [o.position for o in generated.instance(skill, seed).options if o.is_correct]
    sitting(learner, {skill: key}, days_ago=2, seeds={skill: seed})
    sitting(learner, {skill: [p + 1 for p in key]}, days_ago=1, seeds={skill: seed})
    answers = evidence.exam_answers(learner)
    assert [answer.correct for answer in answers] == [False, True]
    assert Sitting.objects.order_by("submitted_at").first().correct_count == 1


def test_an_unsubmitted_sitting_is_not_evidence(learner, bank):
    Sitting.objects.create(
        user=learner, deadline=NOW + timedelta(hours=1), duration_minutes=60, question_total=1
    )
    assert evidence.exam_answers(learner) == []


def test_another_learners_evidence_is_not_counted(learner, bank, django_user_model):
    other = django_user_model.objects.create_user("kim", password="pw-for-tests-only")
    attempt(other, bank["ecs-tasks-0"], True, days_ago=1)
    reviewed_card(other, bank["ecs-tasks-0"], 3, days_ago=1)
    sitting(other, {bank["iam-roles-0"]: [0]}, days_ago=1)
    readiness = evidence.readiness_of(learner, now=NOW)
    assert (readiness.answers, readiness.reviews) == (0, 0)


def test_the_number_of_queries_does_not_grow_with_the_evidence(
    learner, bank, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES):
        evidence.readiness_of(learner, now=NOW)
    for n, question in enumerate(list(bank.values())[:8]):
        attempt(learner, question, n % 2 == 0, days_ago=n)
        reviewed_card(learner, question, 3, days_ago=n)
    sitting(learner, {bank["iam-roles-2"]: [0], bank["iam-roles-3"]: [1]}, days_ago=1)
    with django_assert_num_queries(QUERIES):
        readiness = evidence.readiness_of(learner, now=NOW)
    assert readiness.answers == 10
