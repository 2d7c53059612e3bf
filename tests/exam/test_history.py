"""The score trend on /exam/history/: a server-drawn chart on a fixed 0-1000 scale."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.charts import bars
from studyapp.exam import views
from studyapp.exam.models import Sitting
from tests.charts.test_bars import drawn

pytestmark = pytest.mark.django_db


def finished(user, scaled, days_ago):
    started = timezone.now() - timedelta(days=days_ago)
    return Sitting.objects.create(
        user=user,
        started_at=started,
        deadline=started + timedelta(minutes=20),
        duration_minutes=20,
        question_total=10,
        submitted_at=started + timedelta(minutes=5),
        correct_count=5,
        scaled_score=scaled,
        passed=scaled >= 720,
    )


def bar_heights(page):
    return [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', page)]


def test_the_trend_draws_each_sitting_oldest_first_on_a_fixed_scale_with_the_pass_mark(
    signed_in, learner
):
    for scaled, days_ago in ((500, 3), (1000, 2), (250, 1)):
        finished(learner, scaled, days_ago)
    page = signed_in.get(reverse("exam:history")).content.decode()
    plot = 160 - 24
    assert bar_heights(page) == [plot * 0.5, plot * 1.0, plot * 0.25]
    assert f'class="chart-mark" x1="0" y1="{round(plot - plot * 0.72, 1)}"' in page
    assert "the dashed line is the pass mark, 720" in page


def test_a_low_best_score_is_not_drawn_as_a_full_bar(signed_in, learner):
    finished(learner, 300, 1)
    page = signed_in.get(reverse("exam:history")).content.decode()
    assert bar_heights(page) == [round((160 - 24) * 0.3, 1)]


def test_the_trend_shows_only_the_most_recent_sittings(signed_in, learner):
    for days_ago in range(views.TREND_SITTINGS + 5, 0, -1):
        finished(learner, 100 + days_ago, days_ago)
    page = signed_in.get(reverse("exam:history")).content.decode()
    assert bar_heights(page) == [
        round((160 - 24) * (100 + days_ago) / 1000, 1)
        for days_ago in range(views.TREND_SITTINGS, 0, -1)
    ]
    assert len(re.findall(r'href="/exam/\d+/report/"', page)) == views.TREND_SITTINGS + 5
    assert "Your latest" not in page


def test_the_table_lists_the_latest_sittings_up_to_its_limit_and_says_how_many_there_are(
    signed_in, learner
):
    for days_ago in range(views.HISTORY_ROWS + 3, 0, -1):
        finished(learner, 500, days_ago)
    page = signed_in.get(reverse("exam:history")).content.decode()
    assert len(re.findall(r'href="/exam/\d+/report/"', page)) == views.HISTORY_ROWS
    assert f"Your latest {views.HISTORY_ROWS} of {views.HISTORY_ROWS + 3} sittings." in page
    newest = Sitting.objects.order_by("-started_at").first()
    oldest = Sitting.objects.order_by("started_at").first()
    assert f'href="/exam/{newest.pk}/report/"' in page
    assert f'href="/exam/{oldest.pk}/report/"' not in page


def test_without_a_ceiling_bars_scale_to_the_largest_value_as_before():
    svg = drawn(bars.bar_chart([2, 4], ["a", "b"], title="t"))
    assert bar_heights(svg) == [68.0, 136.0]
    assert "chart-mark" not in svg
