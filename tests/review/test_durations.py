from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from studyapp.review import durations

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")

offsets = st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400))


@given(offsets)
def test_no_wording_ever_counts_zero_of_anything(offset):
    for words in (
        durations.until(NOW + offset, NOW, PARIS),
        durations.since(NOW - offset, NOW, PARIS),
        durations.length(abs(offset)),
    ):
        assert not words.startswith("0 "), words
        assert " 0 " not in words, words
        assert "about" not in words


@given(st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(hours=1)))
def test_a_time_to_come_within_the_hour_rounds_up_so_it_is_due_when_said(offset):
    words = durations.until(NOW + offset, NOW)
    if offset < timedelta(minutes=1):
        assert words == "in less than a minute"
    else:
        minutes = int(words.split()[1])
        assert timedelta(minutes=minutes - 1) < offset <= timedelta(minutes=minutes)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_a_length_never_overstates(delta):
    words = durations.length(delta)
    units = {"minute": 60, "hour": 3600, "day": 86400}
    parts = words.split()
    if words == "less than a minute":
        assert delta < timedelta(minutes=1)
        return
    stated = sum(
        int(n) * units[unit.rstrip("s")] for n, unit in zip(parts[::2], parts[1::2], strict=True)
    )
    assert timedelta(seconds=stated) <= delta


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (NOW, "now"),
        (NOW + timedelta(seconds=20), "in less than a minute"),
        (NOW + timedelta(minutes=2, seconds=30), "in 3 minutes"),
        (NOW + timedelta(minutes=1), "in 1 minute"),
        (NOW + timedelta(hours=2, minutes=10), "in 3 hours"),
        (NOW + timedelta(hours=14), "tomorrow"),  # 04:00 the next day in Paris
        (NOW + timedelta(days=3), "in 3 days"),
    ],
)
def test_until_in_words(moment, words):
    assert durations.until(moment, NOW, PARIS) == words


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (NOW - timedelta(seconds=59), "less than a minute ago"),
        (NOW - timedelta(minutes=1, seconds=59), "1 minute ago"),
        (NOW - timedelta(hours=5), "5 hours ago"),
        (NOW - timedelta(hours=15), "yesterday"),  # 23:00 the day before in Paris
        (NOW - timedelta(days=4), "4 days ago"),
        (NOW + timedelta(seconds=5), "just now"),
    ],
)
def test_since_in_words(moment, words):
    assert durations.since(moment, NOW, PARIS) == words


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=1, minutes=5), "1 hour 5 minutes"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(days=2, hours=3), "2 days"),
    ],
)
def test_length_in_words(delta, words):
    assert durations.length(delta) == words


def test_the_template_filters_use_the_clock_and_leave_nothing_for_none(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    page = Template(
        "{% load human_durations %}{{ due|human_until }}|{{ seen|human_since }}|"
        "{{ spent|human_length }}|{{ missing|human_since }}"
    ).render(
        Context(
            {
                "due": NOW + timedelta(minutes=3),
                "seen": NOW - timedelta(seconds=10),
                "spent": timedelta(seconds=30),
                "missing": None,
            }
        )
    )
    assert page == "in 3 minutes|less than a minute ago|less than a minute|"
