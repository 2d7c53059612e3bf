from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from studyapp.readiness import plan

TODAY = date(2026, 12, 7)


def exam_in(days):
    return TODAY + timedelta(days=days)


def test_a_month_ahead_introduces_everything_before_the_last_week():
    result = plan.plan(TODAY, exam_in(30), 230, {})

    assert result.days_left == 30
    assert result.new_days == 23
    assert result.review_only_days == plan.REVIEW_ONLY_DAYS
    assert result.new_per_day == 10
    assert result.unseen_at_exam == 0
    assert result.in_time
    assert result.summary.startswith("Introduce 10 new questions a day for 23 days, then review")


def test_less_than_two_weeks_splits_the_time_between_new_questions_and_review():
    result = plan.plan(TODAY, exam_in(10), 100, {})

    assert (result.new_days, result.review_only_days, result.new_per_day) == (5, 5, 20)
    assert "no room for a full week of review only" in result.summary


def test_too_many_questions_says_it_cannot_be_done_and_how_many_stay_unseen():
    result = plan.plan(TODAY, exam_in(20), 5000, {})

    assert result.new_per_day == plan.MOST_NEW_PER_DAY
    assert result.unseen_at_exam == 5000 - plan.MOST_NEW_PER_DAY * result.new_days
    assert not result.in_time
    assert result.summary.startswith("Not possible in time")
    assert f"{result.unseen_at_exam:,} of 5,000" in result.summary


def test_an_exam_today_or_past_plans_nothing():
    for days in (0, -3):
        result = plan.plan(TODAY, exam_in(days), 40, {3: 5})
        assert (result.days_left, result.new_per_day, result.reviews_per_day) == (0, 0, 0)
        assert not result.in_time
        assert "today or past" in result.summary


def test_with_nothing_new_the_reviews_are_the_scheduled_cards():
    result = plan.plan(TODAY, exam_in(10), 0, {0: 12, 4: 8, 15: 100})

    assert result.new_per_day == 0
    # 20 reviews over 10 days; the 100 due after the exam do not count.
    assert result.reviews_per_day == 2
    assert result.busiest_day_reviews == 12
    assert result.summary.startswith("Every question is already in your reviews")


def test_new_questions_bring_reviews_along_their_review_path():
    # One question a day for 3 days, each seen again 1 and 2 days after its first sight.
    result = plan.plan(TODAY, exam_in(6), 3, {}, review_path=(1, 2))

    assert (result.new_days, result.new_per_day) == (3, 1)
    # Day loads: 0, 1, 2, 2, 1, 0.
    assert result.busiest_day_reviews == 2
    assert result.reviews_per_day == 1


def test_the_review_path_follows_fsrs_growing_intervals():
    path = plan.REVIEW_PATH
    # The second learning step on the first day, then intervals that grow.
    assert path[0] == 0
    gaps = [later - earlier for earlier, later in pairwise(path)]
    assert all(gap > 0 for gap in gaps)
    assert gaps == sorted(gaps)


@given(
    days=st.integers(min_value=1, max_value=400),
    questions=st.integers(min_value=0, max_value=20_000),
)
def test_new_questions_are_all_introduced_unless_the_daily_cap_stops_them(days, questions):
    new_days, per_day, unseen = plan.new_per_day(TODAY, exam_in(days), questions)

    assert 1 <= new_days <= days
    assert days - new_days == min(plan.REVIEW_ONLY_DAYS, days // 2)
    assert 0 <= per_day <= plan.MOST_NEW_PER_DAY
    assert per_day * new_days + unseen >= questions
    if unseen:
        assert per_day == plan.MOST_NEW_PER_DAY
    else:
        # The smallest daily figure that covers them all.
        assert (per_day - 1) * new_days < questions or per_day == 0


@given(
    days=st.integers(min_value=1, max_value=120),
    questions=st.integers(min_value=0, max_value=3_000),
    due=st.dictionaries(st.integers(0, 150), st.integers(0, 500), max_size=20),
)
def test_the_review_figures_bound_each_other(days, questions, due):
    result = plan.plan(TODAY, exam_in(days), questions, due)

    assert 0 <= result.reviews_per_day <= result.busiest_day_reviews
    scheduled = sum(count for day, count in due.items() if day < days)
    assert result.busiest_day_reviews * days >= scheduled
