from datetime import timedelta

import pytest

from studyapp.questions.models import Question
from studyapp.review import actions, scheduling
from studyapp.review.models import ReviewLog
from studyapp.review.queue import Queue, QueueCounts, settings_for
from tests.factories import make_pack
from tests.review.conftest import NOW, card_in_state, make_question

pytestmark = pytest.mark.django_db


def queue(user, **settings):
    study = settings_for(user)
    for name, value in settings.items():
        setattr(study, name, value)
    study.save()
    return Queue(user, study, now=NOW)


def test_learning_comes_before_review_before_new(learner, pack):
    new_question, review_question, learning_question = (
        make_question(pack, name) for name in ("n", "r", "l")
    )
    review = card_in_state(
        learner,
        review_question,
        scheduling.REVIEW,
        NOW - timedelta(days=1),
        NOW - timedelta(days=5),
    )
    learning = card_in_state(
        learner, learning_question, scheduling.LEARNING, NOW - timedelta(minutes=1)
    )
    q = queue(learner)
    assert q.counts() == QueueCounts(new=1, learning=1, review=1)
    assert q.next_item().card_id == learning.pk
    assert q.next_item(exclude_card=learning.pk).card_id == review.pk
    learning.delete()
    review.delete()
    assert queue(learner).next_item().question_id == new_question.pk


def test_learning_cards_beyond_the_learn_ahead_limit_wait(learner, pack):
    card_in_state(
        learner, make_question(pack, "l"), scheduling.LEARNING, NOW + timedelta(minutes=25)
    )
    q = queue(learner, new_per_day=0, learn_ahead_minutes=20)
    assert q.counts().learning == 0
    assert q.next_item() is None
    assert q.next_due() == NOW + timedelta(minutes=25)
    assert q.next_learning_today() == NOW + timedelta(minutes=5), "when it comes within 20"


def test_learning_cards_within_the_learn_ahead_limit_come_when_nothing_else_is_left(learner, pack):
    soon = card_in_state(
        learner, make_question(pack, "soon"), scheduling.LEARNING, NOW + timedelta(minutes=3)
    )
    new_question = make_question(pack, "new")
    q = queue(learner, learn_ahead_minutes=20)
    assert q.counts() == QueueCounts(new=1, learning=1, review=0)
    assert q.next_item().question_id == new_question.pk, "new cards before learning ahead"
    new_question.delete()
    assert queue(learner, learn_ahead_minutes=20).next_item().card_id == soon.pk
    without = queue(learner, learn_ahead_minutes=0)
    assert (without.counts().learning, without.next_item()) == (0, None)


def test_no_look_again_for_a_learning_card_due_after_the_study_day(learner, pack):
    card_in_state(learner, make_question(pack, "l"), scheduling.LEARNING, NOW + timedelta(days=1))
    assert queue(learner, new_per_day=0).next_learning_today() is None


def test_most_overdue_relative_to_interval_comes_first(learner, pack):
    # Two days late on a 4-day interval (0.5) beats three days late on a 30-day one (0.1).
    card_in_state(
        learner,
        make_question(pack, "a"),
        scheduling.REVIEW,
        NOW - timedelta(days=3),
        NOW - timedelta(days=33),
    )
    short = card_in_state(
        learner,
        make_question(pack, "b"),
        scheduling.REVIEW,
        NOW - timedelta(days=2),
        NOW - timedelta(days=6),
    )
    assert queue(learner, new_per_day=0).next_item().card_id == short.pk


def test_review_cards_due_later_today_are_included(learner, pack):
    later_today = NOW + timedelta(hours=3)
    tomorrow = NOW + timedelta(days=2)
    card_in_state(
        learner, make_question(pack, "a"), scheduling.REVIEW, later_today, NOW - timedelta(days=4)
    )
    card_in_state(
        learner, make_question(pack, "b"), scheduling.REVIEW, tomorrow, NOW - timedelta(days=4)
    )
    assert queue(learner, new_per_day=0, time_zone="UTC", day_starts_at=4).counts().review == 1


def test_daily_limits_count_what_was_done_today(learner, pack):
    questions = [make_question(pack, f"q{i}") for i in range(5)]
    reviewed = card_in_state(
        learner, questions[0], scheduling.REVIEW, NOW - timedelta(days=1), NOW - timedelta(days=3)
    )
    for _ in range(2):
        ReviewLog.objects.create(
            card=reviewed,
            user=learner,
            rating=3,
            reviewed_at=NOW - timedelta(hours=1),
            previous_state=scheduling.NEW,
            state_before={},
            card_version=0,
        )
    q = queue(learner, new_per_day=3, max_reviews_per_day=0)
    assert q.counts().new == 1
    assert q.counts().review == 0


def test_yesterdays_work_does_not_count_against_today(learner, pack):
    card = card_in_state(
        learner, make_question(pack, "a"), scheduling.LEARNING, NOW + timedelta(hours=1)
    )
    make_question(pack, "b")
    ReviewLog.objects.create(
        card=card,
        user=learner,
        rating=3,
        reviewed_at=NOW - timedelta(days=1),
        previous_state=scheduling.NEW,
        state_before={},
        card_version=0,
    )
    assert queue(learner, new_per_day=1).counts().new == 1


def test_the_day_boundary_follows_the_learners_time_zone(learner, pack):
    card = card_in_state(
        learner, make_question(pack, "a"), scheduling.LEARNING, NOW + timedelta(hours=1)
    )
    make_question(pack, "b")
    ReviewLog.objects.create(
        card=card, user=learner, rating=3, reviewed_at=NOW - timedelta(hours=2),
        previous_state=scheduling.NEW, state_before={}, card_version=0,
    )  # fmt: skip
    # NOW is 12:00 UTC and the new card was introduced at 10:00 UTC. In New York (UTC-4 in May)
    # that was 06:00, after the 04:00 start of the day: it counts against today's limit.
    assert queue(learner, new_per_day=1, time_zone="America/New_York").counts().new == 0
    # In Tokyo (UTC+9) 10:00 UTC was 19:00 and NOW is 21:00: the same day again.
    assert queue(learner, new_per_day=1, time_zone="Asia/Tokyo").counts().new == 0
    # In London (UTC+1) with the day starting at 12:00, 11:00 local was the previous day.
    london = queue(learner, new_per_day=1, time_zone="Europe/London", day_starts_at=12)
    assert london.counts().new == 1


def test_new_questions_interleave_topics(learner, pack):
    for topic in ("ecr", "fargate"):
        for index in range(3):
            make_question(pack, f"{topic}-{index}", topic=topic)
    first = queue(learner).next_item()
    assert first.kind == "new"
    assert Question.objects.get(pk=first.question_id).qid == "ecr-0"
    ReviewLog.objects.create(
        card=card_in_state(
            learner,
            Question.objects.get(qid="ecr-0"),
            scheduling.LEARNING,
            NOW + timedelta(minutes=10),
        ),
        user=learner,
        rating=3,
        reviewed_at=NOW,
        previous_state=scheduling.NEW,
        state_before={},
        card_version=0,
    )
    second = queue(learner).next_item()
    assert Question.objects.get(pk=second.question_id).qid == "fargate-0"


def test_a_topics_first_question_is_taken_by_pack_then_position(learner, pack):
    make_question(pack, "ecs-0", topic="ecs")
    make_question(pack, "ecr-1", topic="ecr")
    later_pack = make_pack(slug="later-pack")
    make_question(later_pack, "ecr-0-of-later-pack", topic="ecr")
    first = queue(learner).next_item()
    assert Question.objects.get(pk=first.question_id).qid == "ecr-1"


def test_suspended_cards_and_retired_questions_stay_out(learner, pack):
    card_in_state(
        learner,
        make_question(pack, "a"),
        scheduling.LEARNING,
        NOW - timedelta(minutes=1),
        is_suspended=True,
    )
    retired = make_question(pack, "b")
    retired.is_retired = True
    retired.save()
    q = queue(learner)
    assert (q.counts().new, q.counts().learning) == (0, 0)
    assert q.next_item() is None


def test_questions_sent_to_review_are_in_todays_queue(learner, pack):
    unseen = make_question(pack, "unseen")
    scheduled = card_in_state(
        learner, make_question(pack, "scheduled"), scheduling.REVIEW, NOW + timedelta(days=9),
        last_review=NOW - timedelta(days=1),
    )  # fmt: skip
    actions.send_to_review(learner, [unseen, scheduled.question], now=NOW)
    queue = Queue(learner, now=NOW)
    assert (queue.counts().new, queue.counts().review) == (1, 1)
    assert queue.next_item().card_id == scheduled.pk


def test_learning_cards_due_later_today_are_counted_apart_from_those_due_now(learner, pack):
    for name, due in (("soon", 10), ("later", 120), ("much-later", 600), ("tomorrow", 24 * 60)):
        card_in_state(
            learner, make_question(pack, name), scheduling.LEARNING, NOW + timedelta(minutes=due)
        )
    q = queue(learner, learn_ahead_minutes=20)
    # NOW is 12:00 UTC; the study day ends at 04:00 tomorrow. "soon" is within the learn-ahead.
    assert q.counts().learning == 1
    assert q.learning_later_today() == 2
