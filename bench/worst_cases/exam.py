"""The exam at its limits: the largest sitting's on-click save and report, and a long history."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from worst_case import STUDENT, signed_in_client

from studyapp.exam import sittings
from studyapp.exam.models import Sitting
from studyapp.exam.views import StartForm
from tests.factories import make_pack, make_question, sitting_answer
from worst_cases.keys import MOST_OPTION_VALUES

# The most questions the start form accepts; the bank is filled so every one is drawn.
MOST_QUESTIONS = StartForm.base_fields["questions"].max_value
HISTORY_SITTINGS = 2_000


def _largest_sitting(slug):
    student = get_user_model().objects.get(username=STUDENT)
    with transaction.atomic():
        pack = make_pack(slug, "Largest exam")
        for domain in (1, 2, 3, 4):
            for index in range(MOST_QUESTIONS):
                make_question(pack, f"d{domain}-{index}", domain=domain, option_count=6)
    return sittings.start(student, MOST_QUESTIONS, 600, pack_slug=slug, seed=1)


def save_with_the_most_option_values():
    sitting = _largest_sitting("worst-exam-save")
    item = sitting.items.get(position=MOST_QUESTIONS)
    client = signed_in_client(STUDENT)
    url = reverse("exam:save", args=[sitting.pk, item.position])
    form = {"option": sitting_answer(item, item.option_order[:1]) * MOST_OPTION_VALUES}
    return lambda: client.post(url, form, HTTP_HX_REQUEST="true")


def report_of_the_largest_sitting():
    sitting = _largest_sitting("worst-exam-report")
    for item in sitting.items.all():
        item.selected = item.option_order[:1]
        item.save(update_fields=["selected"])
    sittings.finish(sitting)
    client = signed_in_client(STUDENT)
    url = reverse("exam:report", args=[sitting.pk])
    return lambda: client.get(url)


def history_of_many_sittings():
    student = get_user_model().objects.get(username=STUDENT)
    now = timezone.now()
    Sitting.objects.bulk_create(
        Sitting(
            user=student,
            started_at=now - timedelta(hours=n),
            deadline=now - timedelta(hours=n) + timedelta(minutes=20),
            duration_minutes=20,
            question_total=10,
            submitted_at=now - timedelta(hours=n) + timedelta(minutes=10),
            correct_count=n % 11,
            scaled_score=100 + 90 * (n % 11),
            passed=n % 11 >= 7,
        )
        for n in range(HISTORY_SITTINGS)
    )
    client = signed_in_client(STUDENT)
    return lambda: client.get(reverse("exam:history"))


CASES = {
    f"exam save on click: {MOST_QUESTIONS}-question sitting, {MOST_OPTION_VALUES} option values": (
        save_with_the_most_option_values
    ),
    f"exam report: {MOST_QUESTIONS} questions answered": report_of_the_largest_sitting,
    f"exam history: {HISTORY_SITTINGS:,} finished sittings": history_of_many_sittings,
}
