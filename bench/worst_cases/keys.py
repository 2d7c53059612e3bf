"""Answer forms at their limits: as many option values as Django parses from one form."""

import re

from django.conf import settings
from django.urls import reverse
from worst_case import STUDENT, signed_in_client

# Django refuses a form with more fields than this (400); the rest of the form needs two.
MOST_OPTION_VALUES = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 2


def _option_values(page):
    return re.findall(r'name="option" value="([0-9a-f]+)"', page)


def practice_answer_with_the_most_option_values():
    from studyapp.questions.models import Question

    question = Question.objects.active().select_related("pack").order_by("pk").first()
    client = signed_in_client(STUDENT)
    url = question.get_absolute_url()
    page = client.get(url).content.decode()
    showing = re.search(r'name="showing" value="([\w-]+)"', page).group(1)
    values = _option_values(page)[: question.correct_count]
    form = {"showing": showing, "option": (values * MOST_OPTION_VALUES)[:MOST_OPTION_VALUES]}
    return lambda: client.post(url, form)


def exam_answer_with_the_most_option_values():
    from django.contrib.auth import get_user_model

    from studyapp.exam import sittings

    sitting = sittings.start(get_user_model().objects.get(username=STUDENT), 65, 130)
    client = signed_in_client(STUDENT)
    url = reverse("exam:question", args=[sitting.pk, 1])
    values = _option_values(client.get(url).content.decode())
    form = {"option": (values * MOST_OPTION_VALUES)[:MOST_OPTION_VALUES], "go": "next"}
    return lambda: client.post(url, form)


CASES = {
    "practice answer, 998 option values": practice_answer_with_the_most_option_values,
    "exam answer, 998 option values": exam_answer_with_the_most_option_values,
}
