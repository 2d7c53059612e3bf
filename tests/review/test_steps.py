"""Learning and relearning steps: bounded when parsed, so no saved step overflows a date."""

from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from studyapp.review import scheduling
from studyapp.review.models import Card, StudySettings
from tests.review.conftest import make_question

FAR_FUTURE_ANSWER = datetime(2100, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99999999999d", "'99999999999d' is outside the range of a step, 1s to 365d"),
        ("900000000d", "'900000000d' is outside the range"),
        ("366d", "'366d' is outside the range"),
        ("0.5s", "'0.5s' is outside the range"),
        ("0m", "'0m' is outside the range"),
        ("9" * 400 + "s", "is outside the range"),
        (" ".join(["1m"] * 11), "Give at most 10 steps, not 11"),
    ],
)
def test_steps_out_of_bounds_are_refused_by_name(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        scheduling.parse_steps(text)


def test_the_bounds_themselves_are_steps():
    assert scheduling.parse_steps("1s 365d " + "1m " * 8) == (
        timedelta(seconds=1), timedelta(days=365), *[timedelta(minutes=1)] * 8,
    )  # fmt: skip


step = st.one_of(
    st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,6})?[smhd]\Z"),
    st.text(max_size=12).filter(lambda t: t.strip()),
)


@given(st.lists(step, max_size=14).map(" ".join))
def test_any_text_parses_to_bounded_steps_or_a_value_error(text):
    try:
        steps = scheduling.parse_steps(text)
    except ValueError:
        return
    assert len(steps) <= scheduling.MAX_STEPS
    assert all(scheduling.SHORTEST_STEP <= s <= scheduling.LONGEST_STEP for s in steps)
    # The longest step, from an answer far in the future, still makes a valid date.
    scheduler = scheduling.build_scheduler(
        scheduling.SchedulerSettings(
            learning_steps=steps or (timedelta(minutes=1),),
            relearning_steps=steps or (timedelta(minutes=1),),
        )
    )
    state = scheduling.CardState()
    for rating in (1, 3, 3, 1, 3):
        state = scheduling.rate(state, rating, FAR_FUTURE_ANSWER, scheduler)
        assert state.due > FAR_FUTURE_ANSWER


def settings_form(learning_steps, relearning_steps="10m"):
    return {
        "desired_retention": "0.9",
        "new_per_day": "10",
        "max_reviews_per_day": "100",
        "learning_steps": learning_steps,
        "relearning_steps": relearning_steps,
        "time_zone": "UTC",
        "day_starts_at": "4",
        "learn_ahead_minutes": "20",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("steps", ["99999999999d", "900000000d", " ".join(["1m"] * 11)])
def test_the_settings_form_refuses_them_at_the_field(client, learner, steps):
    client.force_login(learner)
    response = client.post(reverse("review:settings"), settings_form("1m", steps))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="form-error"' in page
    assert "outside the range of a step" in page or "Give at most 10 steps" in page
    assert not StudySettings.objects.filter(user=learner, relearning_steps=steps).exists()


@pytest.mark.django_db
def test_the_longest_steps_save_and_answers_still_schedule(client, learner, pack):
    client.force_login(learner)
    response = client.post(reverse("review:settings"), settings_form("365d 365d", "365d"))
    assert response.status_code == 302
    question = make_question(pack, "q-long-steps")
    card = Card.objects.create(user=learner, question=question)
    for rating in ("1", "3"):
        card.refresh_from_db()
        response = client.post(
            reverse("review:rate"), {"card": card.pk, "version": card.version, "rating": rating}
        )
        assert response.status_code in (200, 302)
    card.refresh_from_db()
    assert card.version == 2


@pytest.mark.django_db
def test_steps_saved_before_the_bounds_go_back_to_the_defaults(learner):
    from importlib import import_module

    migration = import_module("studyapp.review.migrations.0002_reset_steps_out_of_bounds")
    StudySettings.objects.create(
        user=learner, learning_steps="900000000d", relearning_steps="5m 20m"
    )
    migration.reset_steps_out_of_bounds(apps, None)
    settings = StudySettings.objects.get(user=learner)
    assert (settings.learning_steps, settings.relearning_steps) == ("1m 10m", "5m 20m")
