"""Every click on an exam option is saved at once; the server's clock decides what counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.exam.models import Sitting
from tests.exam.test_sittings import start
from tests.factories import sitting_answer

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def save(client, sitting, item, positions, **extra):
    return client.post(
        reverse("exam:save", args=[sitting.pk, item.position]),
        {"option": sitting_answer(item, positions)},
        **extra,
    )


def right_positions(item):
    return sorted(o.position for o in item.question.options.all() if o.is_correct)


def test_a_click_is_saved_and_answers_with_a_saved_state_without_leaving_the_question(
    signed_in, bank
):
    sitting, _ = start(signed_in)
    item = sitting.items.get(position=2)
    response = save(signed_in, sitting, item, item.option_order[:1], **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="save-status"' in page
    assert "Saved at" in page
    assert "1 answered" in page
    assert 'hx-swap-oob="true"' in page
    assert "HX-Redirect" not in response.headers
    item.refresh_from_db()
    sitting.refresh_from_db()
    assert item.selected == item.option_order[:1]
    assert sitting.current_position == 2
    reloaded = signed_in.get(reverse("exam:question", args=[sitting.pk, 2])).content.decode()
    assert f'value="{sitting_answer(item, item.option_order[:1])[0]}" data-key="1" checked' in (
        reloaded
    )


def test_a_later_click_replaces_the_earlier_one_and_unticking_everything_clears_it(signed_in, bank):
    sitting, _ = start(signed_in)
    item = sitting.items.get(position=1)
    save(signed_in, sitting, item, item.option_order[:1], **HTMX)
    save(signed_in, sitting, item, item.option_order[1:2], **HTMX)
    item.refresh_from_db()
    assert item.selected == item.option_order[1:2]
    response = signed_in.post(reverse("exam:save", args=[sitting.pk, 1]), {}, **HTMX)
    assert "no option chosen" in response.content.decode()
    item.refresh_from_db()
    assert item.selected == []


def test_without_htmx_a_save_returns_to_the_same_question(signed_in, bank):
    sitting, _ = start(signed_in)
    item = sitting.items.get(position=3)
    response = save(signed_in, sitting, item, item.option_order[:1])
    assert response["Location"] == reverse("exam:question", args=[sitting.pk, 3])


def test_a_save_after_the_deadline_is_refused_not_stored_and_goes_to_the_report(signed_in, bank):
    sitting, _ = start(signed_in)
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    item = sitting.items.get(position=1)
    response = save(signed_in, sitting, item, item.option_order[:1], **HTMX)
    assert response["HX-Redirect"] == reverse("exam:report", args=[sitting.pk])
    item.refresh_from_db()
    sitting.refresh_from_db()
    assert item.selected == []
    assert sitting.is_finished
    assert sitting.auto_submitted
    report = signed_in.get(reverse("exam:report", args=[sitting.pk])).content.decode()
    assert "this answer was not saved" in report


def test_a_save_after_submitting_is_refused(signed_in, bank):
    sitting, _ = start(signed_in)
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    item = sitting.items.get(position=1)
    response = save(signed_in, sitting, item, item.option_order[:1])
    assert response["Location"] == reverse("exam:report", args=[sitting.pk])
    item.refresh_from_db()
    assert item.selected == []


def test_a_forged_option_is_refused_with_a_message_and_nothing_stored(signed_in, bank):
    sitting, _ = start(signed_in)
    response = signed_in.post(reverse("exam:save", args=[sitting.pk, 1]), {"option": "forged"})
    assert response.status_code == 400
    assert "not one of this question&#x27;s options" in response.content.decode()
    assert sitting.items.get(position=1).selected == []


def test_saving_needs_a_post(signed_in, bank):
    sitting, _ = start(signed_in)
    assert signed_in.get(reverse("exam:save", args=[sitting.pk, 1])).status_code == 405


def test_another_learners_sitting_cannot_be_saved_into(client, signed_in, bank, django_user_model):
    sitting, _ = start(signed_in)
    other = django_user_model.objects.create_user("eve", password="pw-for-tests-only")
    client.force_login(other)
    item = sitting.items.get(position=1)
    assert save(client, sitting, item, item.option_order[:1]).status_code == 404
    assert sitting.items.get(position=1).selected == []


def test_the_report_counts_a_choice_saved_on_click_but_never_saved_and_nexted(signed_in, bank):
    sitting, _ = start(signed_in, questions=2)
    first, second = sitting.items.select_related("question").order_by("position")
    signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]),
        {"option": sitting_answer(first, right_positions(first)), "go": "next"},
    )
    save(signed_in, sitting, second, right_positions(second), **HTMX)
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page = signed_in.get(reverse("exam:report", args=[sitting.pk])).content.decode()
    sitting.refresh_from_db()
    assert sitting.auto_submitted
    assert sitting.correct_count == 2
    assert "2 of 2 right (100.0 %)" in page
