"""
Cached readinesses (studyapp/progress/cache.py): served from the cache while the evidence stays
as it was, never stale once any kind of evidence changes (core/evidence_versions.py).
"""

from datetime import timedelta

import pytest
from django.core.cache import cache as django_cache
from django.utils import timezone

from studyapp.classroom import services as classroom_services
from studyapp.classroom.models import Classroom
from studyapp.exam import sittings
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.privacy import erasure
from studyapp.progress import cache
from studyapp.questions import pack_removal, practice
from studyapp.questions.models import Pack
from studyapp.review import actions, scheduling
from studyapp.review.models import Card
from tests.factories import make_pack, make_question

SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))


@pytest.fixture
def bank(db):
    pack = make_pack()
    return [make_question(pack, f"q{n}", topic="ecs-tasks", domain=1) for n in range(3)]


def test_a_second_read_costs_no_query(learner, bank, django_assert_num_queries):
    first = cache.readiness(learner)
    with django_assert_num_queries(0):
        assert cache.readiness(learner) == first


def test_the_exam_date_and_the_day_are_part_of_the_key(learner, bank):
    now = timezone.now()
    today = cache.readiness(learner, now=now)
    later = cache.readiness(learner, exam_date=now + timedelta(days=30), now=now)
    tomorrow = cache.readiness(learner, now=now + timedelta(days=1))
    assert later.exam_date != today.exam_date
    assert tomorrow.exam_date == now + timedelta(days=1)


def test_a_practice_answer_flushes(learner, bank, committing):
    assert cache.readiness(learner).answers == 0
    committing(practice.record_attempt, bank[0], practice.Learner(learner, ""), [0], False)
    assert cache.readiness(learner).answers == 1


def test_a_submitted_exam_flushes_and_unsubmitted_answers_are_not_evidence(
    learner, bank, committing
):
    now = timezone.now()
    sitting = Sitting.objects.create(
        user=learner,
        started_at=now - timedelta(minutes=5),
        deadline=now + timedelta(minutes=5),
        duration_minutes=10,
        question_total=2,
    )
    for position, question in enumerate(bank[:2], start=1):
        SittingQuestion.objects.create(
            sitting=sitting, position=position, question=question, option_order=[0, 1, 2, 3]
        )
    assert cache.readiness(learner).answers == 0
    committing(sittings.finish, sitting)
    assert cache.readiness(learner).answers == 2


def test_a_rating_flushes_and_its_undo_flushes_again(learner, bank, committing):
    card = Card.objects.create(user=learner, question=bank[0])
    assert cache.readiness(learner).reviews == 0
    committing(actions.rate_card, learner, card.pk, card.version, 1, 1000, SCHEDULER)
    assert cache.readiness(learner).reviews == 1
    committing(actions.undo_last_rating, learner)
    assert cache.readiness(learner).reviews == 0


def test_sending_to_review_and_unsuspending_flush(learner, bank, committing):
    # Without an exam date a readiness is computed for the moment it is shaped, so a later
    # exam_date tells a fresh one from the cached copy.
    cached = cache.readiness(learner)
    assert cache.readiness(learner).exam_date == cached.exam_date
    committing(actions.send_to_review, learner, bank)
    sent = cache.readiness(learner)
    assert sent.exam_date > cached.exam_date
    card = Card.objects.get(user=learner, question=bank[0])
    Card.objects.filter(pk=card.pk).update(is_suspended=True)
    committing(actions.unsuspend, learner, card.pk)
    assert cache.readiness(learner).exam_date > sent.exam_date


def test_removing_a_pack_flushes_every_learner(learner, bank, committing, django_user_model):
    other = django_user_model.objects.create_user("owner", password="pw-for-tests-only")
    pack = make_pack("owned", owner=other)
    make_question(pack, "extra", topic="iam-roles", domain=2)
    assert "iam-roles" in cache.readiness(learner).topics
    assert committing(pack_removal.delete_unless_used, Pack.objects.get(pk=pack.pk)) == []
    assert "iam-roles" not in cache.readiness(learner).topics


def test_joining_a_class_flushes_the_student(learner, bank, committing, django_user_model):
    teacher = django_user_model.objects.create_user("teacher", password="pw-for-tests-only")
    private = make_pack("class-pack", owner=teacher, is_public=False)
    make_question(private, "assigned", topic="iam-roles", domain=2)
    classroom = Classroom.objects.create(name="C", instructor=teacher, join_code="ABCDEFGH")
    classroom.assignments.create(pack=private)
    assert "iam-roles" not in cache.readiness(learner).topics
    committing(classroom_services.add_member, classroom, learner)
    assert "iam-roles" in cache.readiness(learner).topics


def test_erasure_leaves_nothing_to_read_under_the_same_id(learner, bank, committing):
    practice.record_attempt(bank[0], practice.Learner(learner, ""), [0], True)
    learner_id = learner.pk
    version = cache.evidence_versions.versions([learner_id])[learner_id]
    cache.readiness(learner)
    committing(erasure.erase, learner)
    assert cache.evidence_versions.versions([learner_id])[learner_id] != version


def test_a_version_lost_from_the_cache_never_names_an_old_entry(learner, bank):
    version = cache.evidence_versions.versions([learner.pk])[learner.pk]
    django_cache.delete(f"evidence-version:learner:{learner.pk}")
    assert cache.evidence_versions.versions([learner.pk])[learner.pk] != version


def test_a_budget_bounds_how_many_are_shaped_afresh(bank, django_user_model):
    users = [django_user_model.objects.create_user(f"u{n}", password="pw") for n in range(3)]
    assert len(cache.readinesses(users, budget=2)) == 2
    assert len(cache.readinesses(users, budget=0)) == 2
    assert len(cache.readinesses(users, budget=1)) == 3


def test_a_time_budget_still_shapes_one_per_call(bank, django_user_model):
    users = [django_user_model.objects.create_user(f"u{n}", password="pw") for n in range(3)]
    assert [len(cache.readinesses(users, seconds=0)) for _ in range(3)] == [1, 2, 3]
    assert len(cache.readinesses(users, seconds=60)) == 3
