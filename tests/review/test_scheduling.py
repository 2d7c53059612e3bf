"""The scheduling module against the fsrs library it wraps."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from hypothesis import given
from hypothesis import strategies as st

from studyapp.review import scheduling

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def no_fuzz(**overrides):
    return scheduling.build_scheduler(
        scheduling.SchedulerSettings(enable_fuzzing=False, **overrides)
    )


@given(st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=12))
def test_intervals_match_the_fsrs_library_for_any_rating_sequence(ratings):
    ours, theirs = scheduling.CardState(), FsrsCard(due=START)
    reference = Scheduler(enable_fuzzing=False)
    scheduler = no_fuzz()
    now = START
    for rating in ratings:
        ours = scheduling.rate(ours, rating, now, scheduler)
        theirs, _ = reference.review_card(theirs, Rating(rating), review_datetime=now)
        assert ours.due == theirs.due
        assert ours.state == theirs.state.value
        assert ours.stability == pytest.approx(theirs.stability)
        now = ours.due


def test_learning_steps_are_the_settings_steps():
    scheduler = no_fuzz(learning_steps=(timedelta(minutes=2), timedelta(minutes=30)))
    first = scheduling.rate(scheduling.CardState(), 1, START, scheduler)
    second = scheduling.rate(first, 3, first.due, scheduler)
    assert first.due - START == timedelta(minutes=2)
    assert second.due - first.due == timedelta(minutes=30)
    assert second.state == scheduling.LEARNING


def test_reps_and_lapses_are_counted():
    scheduler = no_fuzz()
    card = scheduling.CardState()
    for rating in (3, 3, 3):
        card = scheduling.rate(card, rating, card.due or START, scheduler)
    assert card.state == scheduling.REVIEW
    lapsed = scheduling.rate(card, 1, card.due, scheduler)
    assert (lapsed.reps, lapsed.lapses, lapsed.state) == (4, 1, scheduling.RELEARNING)
    # Again while relearning is not another lapse.
    again = scheduling.rate(lapsed, 1, lapsed.due, scheduler)
    assert again.lapses == 1


def test_preview_gives_one_interval_per_rating_in_increasing_order():
    intervals = scheduling.preview(scheduling.CardState(), START, no_fuzz())
    assert list(intervals) == [1, 2, 3, 4]
    assert intervals[1] == timedelta(minutes=1)
    assert intervals[1] <= intervals[2] <= intervals[3] <= intervals[4]


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=365 * 1.5), "1.5y"),
    ],
)
def test_intervals_are_formatted_like_anki(delta, text):
    assert scheduling.format_interval(delta) == text


def test_steps_parse_and_bad_steps_are_named():
    assert scheduling.parse_steps("1m 10m") == (timedelta(minutes=1), timedelta(minutes=10))
    assert scheduling.parse_steps("30s 1h 1d")[2] == timedelta(days=1)
    with pytest.raises(ValueError, match="'10x' is not a step"):
        scheduling.parse_steps("1m 10x")
    with pytest.raises(ValueError, match="'0m'"):
        scheduling.parse_steps("0m")


def test_the_study_day_starts_at_the_local_hour():
    late_evening = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # 03:30 in Berlin (UTC+1)
    start, end = scheduling.study_day(late_evening, "Europe/Berlin", 4)
    assert start == datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def test_a_study_day_across_a_dst_change_is_23_hours_and_still_ends_at_the_hour():
    # Clocks in New York go forward at 02:00 on 8 March 2026.
    noon = datetime(2026, 3, 7, 17, 0, tzinfo=UTC)
    start, end = scheduling.study_day(noon, "America/New_York", 4)
    assert start == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)  # 04:00 EST
    assert end == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 04:00 EDT
    assert end - start == timedelta(hours=23)


def test_card_state_round_trips_through_a_dict():
    card = scheduling.rate(scheduling.CardState(), 3, START, no_fuzz())
    assert scheduling.CardState.from_dict(card.as_dict()) == card


def test_retrievability_is_zero_for_new_cards_and_falls_with_time():
    scheduler = no_fuzz()
    assert scheduling.retrievability(scheduling.CardState(), START, scheduler) == 0.0
    card = scheduling.rate(scheduling.CardState(), 4, START, scheduler)
    soon = scheduling.retrievability(card, START + timedelta(days=1), scheduler)
    later = scheduling.retrievability(card, START + timedelta(days=30), scheduler)
    assert 0 < later < soon <= 1


def test_scheduling_never_waits_for_fsrs_to_invent_a_card_id(monkeypatch):
    """fsrs sleeps 1 ms to make a clock-based id unique when given none; we always give one."""

    def refuse(seconds):
        raise AssertionError(f"fsrs slept {seconds} s")

    monkeypatch.setattr("fsrs.card.time.sleep", refuse)
    scheduler = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))
    new = scheduling.CardState()
    reviewed = scheduling.rate(new, 3, START, scheduler)
    assert set(scheduling.preview(reviewed, START, scheduler)) == set(scheduling.RATINGS)
    assert 0 < scheduling.retrievability(reviewed, START + timedelta(days=1), scheduler) <= 1
