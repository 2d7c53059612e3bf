from datetime import timedelta

import pytest
from django.urls import reverse

from studyapp.exam import rules
from studyapp.exam.models import Sitting

pytestmark = pytest.mark.django_db


def test_the_start_page_offers_the_three_lengths_and_custom(signed_in, bank):
    page = signed_in.get(reverse("exam:start")).content.decode()
    assert "Short: 10 questions, 20 min" in page
    assert "Medium: 20 questions, 40 min" in page
    assert "Full exam: 65 questions, 130 min" in page
    assert 'name="preset" value="" checked' in page


@pytest.mark.parametrize("key", list(rules.PRESETS))
def test_a_preset_sets_questions_and_time_whatever_the_custom_numbers_say(signed_in, bank, key):
    preset = rules.PRESETS[key]
    response = signed_in.post(
        reverse("exam:start"), {"preset": key, "questions": "3", "minutes": "7"}
    )
    sitting = Sitting.objects.get()
    assert response["Location"] == reverse("exam:question", args=[sitting.pk, 1])
    assert sitting.duration_minutes == preset.minutes
    assert sitting.deadline - sitting.started_at == timedelta(minutes=preset.minutes)
    # The bank holds 24 questions, so the full exam is drawn short, as the plan said.
    assert sitting.question_total == min(preset.questions, 24)


def test_a_preset_ignores_invalid_custom_numbers(signed_in, bank):
    signed_in.post(reverse("exam:start"), {"preset": "short", "questions": "0", "minutes": "x"})
    assert Sitting.objects.get().question_total == 10


def test_custom_numbers_are_still_validated(signed_in, bank):
    response = signed_in.post(
        reverse("exam:start"), {"preset": "", "questions": "201", "minutes": "10"}
    )
    assert response.status_code == 400
    assert "less than or equal to 200" in response.content.decode()
    assert not Sitting.objects.exists()


def test_an_unknown_preset_is_refused_with_a_message(signed_in, bank):
    response = signed_in.post(reverse("exam:start"), {"preset": "marathon"})
    assert response.status_code == 400
    assert "Choose one of the lengths offered." in response.content.decode()
    assert not Sitting.objects.exists()


def test_the_plan_preview_follows_the_preset(signed_in, bank):
    page = signed_in.get(reverse("exam:start"), {"preset": "short"}).content.decode()
    assert "This sitting will use 10 questions." in page
