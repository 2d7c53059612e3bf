"""
The Django admin a site operator uses: every model the apps register answers its changelist
(also searched) and change page for a superuser, with data present; rows the app
derives cannot be added or edited there.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.lti.models import GradeReport, LinkedCourse, LinkedResource
from studyapp.questions.models import Attempt, Pack, Question
from studyapp.review.models import Card, ReviewLog
from studyapp.topics.models import Topic
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

APP_MODELS = [Pack, Question, Attempt, Topic, Classroom, Assignment, Card, ReviewLog, Sitting]


@pytest.fixture
def operator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    return client


@pytest.fixture
def rows(django_user_model):
    """One row of each registered model, linked the way the app links them."""
    learner = django_user_model.objects.create_user("lea")
    teacher = django_user_model.objects.create_user("ines")
    pack = make_pack("course", "Course", owner=teacher)
    question = make_question(pack, "q1", topic="ecr")
    topic = Topic.objects.create(
        slug="ecr", title="ECR", order=1, summary="s", domains=[1], source_path="p",
        content_hash="h", html="<p>x</p>", toc=[],
    )  # fmt: skip
    attempt = Attempt.objects.create(question=question, user=learner, selected=[0], is_correct=True)
    classroom = Classroom.objects.create(name="ECS 101", instructor=teacher)
    Membership.objects.create(classroom=classroom, student=learner)
    assignment = Assignment.objects.create(classroom=classroom, pack=pack, custom_title="Week 1")
    card = Card.objects.create(user=learner, question=question)
    log = ReviewLog.objects.create(
        card=card, user=learner, rating=3, reviewed_at=timezone.now(), previous_state=0,
        state_before={}, card_version=0,
    )  # fmt: skip
    sitting = Sitting.objects.create(
        user=learner, question_total=1, duration_minutes=30, deadline=timezone.now()
    )
    SittingQuestion.objects.create(sitting=sitting, position=1, question=question, option_order=[0])
    return {
        Pack: pack, Question: question, Attempt: attempt, Topic: topic, Classroom: classroom,
        Assignment: assignment, Card: card, ReviewLog: log, Sitting: sitting,
    }  # fmt: skip


# The LTI app's own admin: platforms' links, courses and grade reports (studyapp/lti/admin.py).
LTI_MODELS = [LinkedCourse, LinkedResource, GradeReport]


def test_the_apps_register_the_models_an_operator_needs():
    registered = {
        model for model in admin.site._registry if model.__module__.startswith("studyapp")
    }
    assert registered == set(APP_MODELS + LTI_MODELS)


@pytest.mark.parametrize("model", LTI_MODELS, ids=lambda model: model.__name__)
def test_the_lti_changelists_answer(operator, model):
    meta = model._meta
    response = operator.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("model", APP_MODELS, ids=lambda model: model.__name__)
def test_changelist_search_and_change_page_answer(operator, rows, model):
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    response = operator.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    if admin.site._registry[model].search_fields:
        assert operator.get(changelist, {"q": "zzz-nothing"}).context["cl"].result_count == 0
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[rows[model].pk])
    assert operator.get(change).status_code == 200


@pytest.mark.parametrize("model", [Question, Topic, Card, ReviewLog, Sitting, Attempt, Assignment])
def test_derived_rows_cannot_be_added_by_hand(operator, model):
    meta = model._meta
    assert operator.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403


def test_a_question_is_read_only_apart_from_retiring_it(operator, rows):
    question = rows[Question]
    url = reverse("admin:questions_question_change", args=[question.pk])
    page = operator.get(url).content.decode()
    assert 'name="is_retired"' in page
    assert 'name="stem"' not in page


def test_an_assignment_keeps_its_pack_but_takes_a_new_title(operator, rows):
    assignment = rows[Assignment]
    url = reverse("admin:classroom_assignment_change", args=[assignment.pk])
    page = operator.get(url).content.decode()
    assert 'name="custom_title"' in page
    assert 'name="pack"' not in page
