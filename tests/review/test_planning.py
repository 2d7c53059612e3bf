"""The exam date in the review settings, the study plan read from the database, and the queue's
daily new-question limit when the plan sets it."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.readiness import plan
from studyapp.review import planning, scheduling
from studyapp.review.models import ReviewLog
from studyapp.review.queue import Queue, settings_for
from tests.review.conftest import NOW, card_in_state, make_question

pytestmark = pytest.mark.django_db

# NOW is 12:00 UTC on 4 May 2026, a study day that began at 04:00 UTC.
TODAY = date(2026, 5, 4)
SETTINGS_FORM = {
    "desired_retention": "0.9",
    "new_per_day": "20",
    "max_reviews_per_day": "200",
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
    "time_zone": "UTC",
    "day_starts_at": "4",
    "learn_ahead_minutes": "20",
}


def queue(user, **settings):
    study = settings_for(user)
    for name, value in settings.items():
        setattr(study, name, value)
    study.save()
    return Queue(user, study, now=NOW)


@pytest.fixture
def thirty_questions(pack):
    return [make_question(pack, f"q{index}", topic=f"t{index % 3}") for index in range(30)]


def test_with_an_exam_date_the_plan_sets_the_new_limit(learner, thirty_questions):
    # 30 questions over 10 days (17 days left, the last 7 for review only): 3 a day.
    q = queue(learner, new_per_day=20, exam_date=TODAY + timedelta(days=17))
    assert q.new_limit() == 3
    assert q.counts().new == 3


def test_the_queue_counts_new_questions_once_when_the_plan_sets_the_limit(
    learner, thirty_questions
):
    q = queue(learner, new_per_day=20, exam_date=TODAY + timedelta(days=17))
    with CaptureQueriesContext(connection) as queries_run:
        assert q.counts().new == 3
    new_question_counts = [query for query in queries_run if "AS new_questions" in query["sql"]]
    assert len(new_question_counts) == 1


def test_the_learners_own_limit_wins_when_they_turn_the_plan_off(learner, thirty_questions):
    exam = TODAY + timedelta(days=17)
    assert queue(learner, new_per_day=5, exam_date=exam, plan_sets_new_limit=False).new_limit() == 5
    assert queue(learner, new_per_day=5, exam_date=None).new_limit() == 5


def test_an_exam_date_that_has_passed_gives_the_limit_back_to_the_learner(
    learner, thirty_questions
):
    assert queue(learner, new_per_day=4, exam_date=TODAY).new_limit() == 4
    assert queue(learner, new_per_day=4, exam_date=TODAY - timedelta(days=2)).new_limit() == 4


def test_the_planned_limit_holds_all_day_as_questions_are_introduced(learner, thirty_questions):
    exam = TODAY + timedelta(days=17)
    card = card_in_state(learner, thirty_questions[0], scheduling.LEARNING, NOW)
    ReviewLog.objects.create(
        card=card, user=learner, rating=3, reviewed_at=NOW - timedelta(hours=1),
        previous_state=scheduling.NEW, state_before={}, card_version=0,
    )  # fmt: skip
    q = queue(learner, exam_date=exam)
    # 29 still new plus the one introduced today: still 3 a day, 2 of them left.
    assert q.new_limit() == 3
    assert q.counts().new == 2


def test_the_plan_counts_new_questions_and_scheduled_cards(learner, thirty_questions):
    card_in_state(learner, thirty_questions[0], scheduling.REVIEW, NOW - timedelta(days=1))
    card_in_state(learner, thirty_questions[1], scheduling.REVIEW, NOW + timedelta(days=2))
    card_in_state(
        learner, thirty_questions[2], scheduling.REVIEW, NOW + timedelta(days=2), is_suspended=True
    )
    exam = TODAY + timedelta(days=17)
    q = queue(learner, exam_date=exam)

    result = planning.study_plan(q)

    # The suspended card's question is not new (it has a card) and it is not reviewed.
    expected = plan.plan(TODAY, exam, 27, {0: 1, 2: 1})
    assert result == expected
    assert planning.study_plan(queue(learner, exam_date=None)) is None


def post_settings(client, **changes):
    return client.post(reverse("review:settings"), SETTINGS_FORM | changes)


def test_an_exam_date_in_the_past_or_over_a_year_ahead_is_the_fields_error(client, learner):
    client.force_login(learner)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        past = post_settings(client, exam_date="2026-05-03")
        far = post_settings(client, exam_date="2027-05-06")
        typo = post_settings(client, exam_date="2026-13-01")
    assert past.status_code == far.status_code == typo.status_code == 400
    assert "The exam date is in the past: today is 2026-05-04." in past.content.decode()
    assert "more than a year ahead: the latest is 2027-05-05." in far.content.decode()
    assert "Enter a valid date." in typo.content.decode()
    assert settings_for(learner).exam_date is None


def test_the_exam_date_is_read_in_the_learners_time_zone(client, learner):
    client.force_login(learner)
    # 12:00 UTC on 4 May is midnight starting 5 May in Auckland (UTC+12): 5 May's study day
    # when it starts at midnight, still 4 May's when it starts at 04:00.
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        auckland = {"exam_date": "2026-05-04", "time_zone": "Pacific/Auckland"}
        response = post_settings(client, **auckland, day_starts_at="0")
        assert response.status_code == 400
        assert "today is 2026-05-05" in response.content.decode()
        assert post_settings(client, **auckland, day_starts_at="4").status_code == 302
    assert settings_for(learner).exam_date == TODAY


def test_the_settings_page_says_which_new_limit_applies(client, learner, thirty_questions):
    client.force_login(learner)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        post_settings(client, exam_date="2026-05-21", plan_sets_new_limit="on")
        planned = client.get(reverse("review:settings")).content.decode()
        post_settings(client, exam_date="2026-05-21")
        own = client.get(reverse("review:settings")).content.decode()
    assert "Up to <strong>3</strong> new questions today, set by your study plan" in planned
    assert "Introduce 3 new questions a day for 10 days" in planned
    assert "Up to <strong>20</strong> new questions today, your own limit." in own
    assert "Your study plan would say 3" in own


def test_with_the_exam_today_the_settings_page_does_not_ask_to_tick_the_box(
    client, learner, thirty_questions
):
    client.force_login(learner)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        post_settings(client, exam_date="2026-05-04", plan_sets_new_limit="on")
        page = client.get(reverse("review:settings")).content.decode()
    assert settings_for(learner).follows_plan
    assert "Up to <strong>20</strong> new questions today, your own limit." in page
    assert "Your exam date is today or past, so your own limit applies" in page
    assert "to follow it" not in page


def test_the_statistics_page_shows_the_plan_or_how_to_get_one(client, learner, thirty_questions):
    client.force_login(learner)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        without = client.get(reverse("review:stats")).content.decode()
        queue(learner, exam_date=TODAY + timedelta(days=17))
        planned = client.get(reverse("review:stats")).content.decode()
    assert "Set your exam date in the" in without
    assert "Exam on <strong>Thursday 21 May 2026</strong>: 17 days left." in planned
    assert "Introduce 3 new questions a day for 10 days" in planned


def moment_of(learner_queue):
    return planning.exam_moment(learner_queue.settings, learner_queue.now)


def test_readiness_is_projected_to_the_end_of_the_exam_day(learner):
    assert moment_of(queue(learner, exam_date=None)) is None
    assert moment_of(queue(learner, exam_date=TODAY)) is None
    # The study day of NOW ends at 04:00 UTC on 5 May; the exam day, nine days later, on the 14th.
    moment = moment_of(queue(learner, exam_date=TODAY + timedelta(days=9)))
    assert moment == datetime(2026, 5, 14, 4, 0, tzinfo=UTC)


def test_the_plan_counts_its_review_only_week_from_the_day_the_exam_date_was_set(
    client, learner, thirty_questions
):
    client.force_login(learner)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        post_settings(client, exam_date="2026-05-21", plan_sets_new_limit="on")
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(days=1)):
        post_settings(client, exam_date="2026-05-21", new_per_day="25", plan_sets_new_limit="on")
    settings = settings_for(learner)
    assert settings.exam_date_set_on == TODAY  # saving the same date again keeps the day
    # Four days before the exam is in the week of review only the first day's plan set aside.
    later = Queue(learner, settings, now=NOW + timedelta(days=13))
    assert later.new_limit() == 0
    assert planning.study_plan(later).summary.startswith("These are your review-only days")
