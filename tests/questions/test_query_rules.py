"""
The rules questions/queries.py states in SQL agree with their ORM readings, which classroom
and exam use, on random packs, classes, memberships and assignments.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.core import reads, sql
from studyapp.questions import queries
from studyapp.questions.models import Pack, Question
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

USERS = 3
RULE_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A pack: (owner index or None, is public). A class: its instructor's index. An assignment:
# (class index, pack index). A membership: (class index, student index).
packs = st.lists(st.tuples(st.none() | st.integers(0, USERS - 1), st.booleans()), max_size=5)
classes = st.lists(st.integers(0, USERS - 1), max_size=3)
links = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=8)


class Rollback(Exception):
    """Ends an example's transaction so the next one starts from an empty database."""


def visible_by_orm(user):
    """The rule as the ORM reads it: public, own, or available through a class of the user's."""
    assigned = {
        assignment.pack_id
        for assignment in Assignment.objects.filter(
            classroom__memberships__student=user
        ).select_related("pack", "classroom")
        if assignment.pack_is_available
    }
    return {
        pack.pk
        for pack in Pack.objects.all()
        if pack.is_public or pack.owner_id == user.pk or pack.pk in assigned
    }


@RULE_SETTINGS
@given(packs, classes, links, links)
def test_the_packs_a_learner_may_see_agree_with_the_orm(pack_rows, class_rows, assigned, joined):
    try:
        with transaction.atomic():
            users = [get_user_model().objects.create_user(f"user{index}") for index in range(USERS)]
            made = [
                make_pack(
                    f"pack-{index}", owner=None if owner is None else users[owner], is_public=public
                )
                for index, (owner, public) in enumerate(pack_rows)
            ]
            rooms = [
                Classroom.objects.create(name=f"class {index}", instructor=users[instructor])
                for index, instructor in enumerate(class_rows)
            ]
            if rooms and made:
                for room, pack in assigned:
                    Assignment.objects.create(
                        classroom=rooms[room % len(rooms)], pack=made[pack % len(made)]
                    )
            if rooms:
                for room, student in joined:
                    Membership.objects.get_or_create(
                        classroom=rooms[room % len(rooms)], student=users[student % USERS]
                    )
            for user in users:
                assert set(queries.visible_pack_ids(user)) == visible_by_orm(user)
            public = {pack.pk for pack in made if pack.is_public}
            assert set(queries.visible_pack_ids(None)) == public
            raise Rollback
    except Rollback:
        pass


@RULE_SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=8), st.sets(st.integers(0, 2))
)
def test_active_questions_agree_with_the_orm(question_rows, chosen_packs):
    try:
        with transaction.atomic():
            made = [make_pack(f"pack-{index}") for index in range(3)]
            for index, (pack, retired) in enumerate(question_rows):
                question = make_question(made[pack], f"q{index}")
                if retired:
                    Question.objects.filter(pk=question.pk).update(is_retired=True)
            pack_ids = [made[index].pk for index in sorted(chosen_packs)]
            condition = sql.fill(queries.ACTIVE_QUESTION, packs=sql.placeholders(pack_ids))
            by_sql = {question.pk for question in reads.many(Question, condition, pack_ids)}
            by_orm = set(
                Question.objects.active().filter(pack_id__in=pack_ids).values_list("pk", flat=True)
            )
            assert by_sql == by_orm
            for question_id in by_orm:
                assert queries.active_question(pack_ids, question_id).pk == question_id
            raise Rollback
    except Rollback:
        pass
