import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.review import actions, scheduling, stats
from studyapp.review.models import Card, ReviewLog
from studyapp.review.queue import settings_for
from tests.review.conftest import NOW, card_in_state, make_question

UTC = ZoneInfo("UTC")


def before(interval_days):
    last = NOW - timedelta(days=30)
    return {
        "due": (last + timedelta(days=interval_days)).isoformat(),
        "last_review": last.isoformat(),
    }


def log(card_id, hours_ago, rating, interval_days, previous_state=scheduling.REVIEW):
    return (
        card_id,
        NOW - timedelta(hours=hours_ago),
        rating,
        previous_state,
        before(interval_days),
        0,
    )


def test_true_retention_counts_the_first_review_of_each_card_each_day():
    logs = [
        log(1, 1, 1, 5),  # young card, failed first...
        log(1, 0.5, 3, 5),  # ...then passed the same day: not counted
        log(2, 2, 3, 30),  # mature, passed
        log(3, 3, 1, 40),  # mature, failed
        log(4, 26, 4, 3),  # young, passed yesterday
        log(5, 4, 3, 10, previous_state=scheduling.LEARNING),  # learning: never counted
    ]
    rows = {row.period: row for row in stats.true_retention(logs, NOW.date(), UTC, 0)}
    today = rows["Today"]
    assert (today.young_passed, today.young_total) == (0, 1)
    assert (today.mature_passed, today.mature_total) == (1, 2)
    assert today.total_rate == pytest.approx(33.3)
    assert (rows["Yesterday"].young_passed, rows["Yesterday"].young_total) == (1, 1)
    assert rows["Yesterday"].mature_total == 0
    assert rows["Last 7 days"].young_total == 2
    assert rows["All time"].mature_rate == 50.0


def test_the_study_day_start_hour_moves_late_reviews_into_the_previous_day():
    late = datetime(2026, 5, 4, 2, 30, tzinfo=UTC)
    assert stats.local_day(late, UTC, 4) == date(2026, 5, 3)
    assert stats.local_day(late, UTC, 0) == date(2026, 5, 4)


@pytest.mark.django_db
def test_stats_page_draws_its_charts_and_offers_practice_by_topic(client, learner, pack):
    client.force_login(learner)
    strong = card_in_state(
        learner, make_question(pack, "a", topic="ecr", domain=1), scheduling.REVIEW,
        NOW + timedelta(days=20), NOW - timedelta(days=1),
    )  # fmt: skip
    strong.stability = 100.0
    strong.save()
    card_in_state(
        learner, make_question(pack, "b", topic="fargate", domain=3), scheduling.REVIEW,
        NOW - timedelta(days=10), NOW - timedelta(days=60),
    )  # fmt: skip
    ReviewLog.objects.create(
        card=strong, user=learner, rating=3, reviewed_at=NOW, previous_state=scheduling.REVIEW,
        state_before=before(25), card_version=0,
    )  # fmt: skip
    response = client.get(reverse("review:stats"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<svg class="chart') == 2
    # "Practise" starts a set of a topic's questions, one that ends (readiness per topic is
    # tested in tests/progress/test_stats_page.py).
    assert re.search(
        r'<form method="post" action="/practice/sets/">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="[^"]+">\s*'
        r'<input type="hidden" name="topic" value="fargate">',
        page,
    )
    assert Card.objects.filter(user=learner).count() == 2


def test_questions_sent_to_review_are_not_counted_as_reviews(client, learner, pack):
    client.force_login(learner)
    actions.send_to_review(learner, [make_question(pack, "a"), make_question(pack, "b")])
    page = client.get(reverse("review:stats")).content.decode()
    assert "No reviews yet today." in page
    assert stats.collect(learner, settings_for(learner), NOW)["today"]["reviews"] == 0


def test_time_spent_today_is_in_words(client, learner, pack):
    client.force_login(learner)
    card = card_in_state(learner, make_question(pack, "a"), scheduling.REVIEW, NOW)
    ReviewLog.objects.create(
        card=card, user=learner, rating=3, reviewed_at=timezone.now(), duration_ms=20_000,
        previous_state=scheduling.REVIEW, state_before=before(3), card_version=0,
    )  # fmt: skip
    page = client.get(reverse("review:stats")).content.decode()
    assert "1 review (0 new) in less than a minute." in page
