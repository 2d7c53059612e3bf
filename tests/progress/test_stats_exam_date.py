"""/stats/ projects readiness to the exam date in the learner's review settings."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.questions.models import Attempt
from studyapp.review.queue import settings_for
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


def test_the_projection_counts_the_days_to_the_exam_date(client, django_user_model):
    learner = django_user_model.objects.create_user("ada", password="pw-for-tests-only")
    client.force_login(learner)
    pack = make_pack()
    for index in range(4):
        question = make_question(pack, f"q{index}", topic="ecs-logging", domain=4)
        Attempt.objects.create(question=question, user=learner, selected=[0], is_correct=True)
    now_page = client.get(reverse("review:stats")).content.decode()

    study = settings_for(learner)
    study.exam_date = timezone.now().date() + timedelta(days=25)
    study.save()
    exam_page = client.get(reverse("review:stats")).content.decode()

    assert "projected to the exam" not in now_page
    assert "a question you have not seen, today," in now_page
    assert "a question you have not seen, on your exam day," in exam_page
    # 25 days, or 26 before 04:00 UTC while the study day is still yesterday's.
    assert re.search(r"projected to the exam in 2[56] days", exam_page)
