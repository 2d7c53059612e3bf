"""Fixed-statement reads must give the same instances, field for field, as the ORM."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from studyapp.core import reads, sql
from studyapp.questions.models import Option, Question
from studyapp.review.models import Card, StudySettings
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


def field_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def assert_same_rows(found, expected):
    assert [type(i) for i in found] == [type(i) for i in expected]
    assert [field_values(i) for i in found] == [field_values(i) for i in expected]
    # The same types too: a SQLite boolean must come back as a bool, not 0 or 1.
    assert [{name: type(value) for name, value in field_values(i).items()} for i in found] == [
        {name: type(value) for name, value in field_values(i).items()} for i in expected
    ]


def test_a_question_reads_as_the_orm_reads_it():
    pack = make_pack()
    question = make_question(pack, "q1", correct=(1, 2), topic="services", anchor="x")
    Question.objects.filter(pk=question.pk).update(tags=["a", "é"], is_retired=True)
    found = reads.one(Question, "id = %s", [question.pk])
    assert_same_rows([found], [Question.objects.get(pk=question.pk)])
    assert found.tags == ["a", "é"]
    assert found.is_retired is True
    assert found.created_at.tzinfo is not None


def test_many_keeps_the_order_asked_for_and_the_instances_behave_as_orm_ones():
    question = make_question(make_pack(), "q1", correct=(3,))
    found = reads.many(Option, "question_id = %s", [question.pk], order_by="position DESC")
    assert_same_rows(found, list(Option.objects.filter(question=question).order_by("-position")))
    assert [o.is_correct for o in found] == [True, False, False, False]
    assert found[0].question == question  # the relation loads as usual
    found[0].text = "Changed"
    found[0].save()
    assert Option.objects.get(pk=found[0].pk).text == "Changed"


def test_nulls_datetimes_and_floats_of_a_card_and_settings():
    user = get_user_model().objects.create_user("reader", password="x")
    question = make_question(make_pack(), "q1")
    new = Card.objects.create(user=user, question=question)
    due = datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=UTC)
    reviewed = Card.objects.create(
        user=user,
        question=make_question(question.pack, "q2"),
        state=2,
        stability=3.25,
        difficulty=5.5,
        due=due,
        last_review=due,
        reps=4,
    )
    for card in (new, reviewed):
        assert_same_rows([reads.one(Card, "id = %s", [card.pk])], [Card.objects.get(pk=card.pk)])
    assert reads.one(Card, "id = %s", [reviewed.pk]).due == due
    assert reads.one(Card, "id = %s", [new.pk]).due is None
    StudySettings.objects.create(user=user, new_per_day=7)
    assert_same_rows(
        [reads.one(StudySettings, "user_id = %s", [user.pk])],
        [StudySettings.objects.get(user=user)],
    )


def test_a_user_with_its_booleans():
    user = get_user_model().objects.create_superuser("boss", password="x")
    found = reads.one(get_user_model(), "id = %s", [user.pk])
    assert_same_rows([found], [get_user_model().objects.get(pk=user.pk)])
    assert found.is_superuser is True
    assert found.is_active is True


def test_no_row_is_none_and_an_empty_in_list_matches_nothing():
    question = make_question(make_pack(), "q1")
    assert reads.one(Question, "id = %s", [question.pk + 1000]) is None
    assert reads.many(Question, f"id IN ({sql.placeholders([])})", []) == []
    ids = [question.pk]
    assert reads.many(Question, f"id IN ({sql.placeholders(ids)})", ids) == [question]


def test_for_update_locks_the_row_where_the_database_has_row_locks():
    question = make_question(make_pack(), "q1")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = reads.one(Question, "id = %s", [question.pk], for_update=True)
    assert found == question
    locking = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(locking) == 1
    assert locking[0].endswith("FOR UPDATE") == connection.features.has_select_for_update
