"""Statements name tables and columns through the models and keep unbound parts for later."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection

from studyapp.core import sql
from studyapp.questions.models import Pack, Question
from studyapp.review.models import Card
from tests.factories import make_pack, make_question


def test_aliases_become_tables_and_fields_their_columns():
    built = sql.statement(
        connection, "SELECT {card.id} FROM {card} WHERE {card.user} = {card.user_id}", card=Card
    )
    assert built == 'SELECT card."id" FROM "review_card" card WHERE card."user_id" = card."user_id"'


def test_unbound_parts_pass_through_to_be_filled_and_bound_later():
    template = sql.statement(
        connection, "SELECT 1 FROM {card} WHERE {card.id} IN ({ids}) AND {extra}", card=Card
    )
    filled = sql.fill(template, ids=sql.placeholders([1, 2]), extra="{question.is_retired}")
    assert filled.endswith("IN (%s, %s) AND {question.is_retired}")
    assert sql.statement(connection, filled, question=Question).endswith(
        'AND question."is_retired"'
    )


def test_a_condition_names_its_own_fields_bare_or_under_the_model_name():
    built = sql.condition(
        connection,
        Question,
        "{qid} = %s AND NOT {question.is_retired} AND {pack} IN (SELECT {p.id} FROM {p})",
        p=Pack,
    )
    assert built == (
        '"qid" = %s AND NOT "is_retired" AND "pack_id" IN (SELECT p."id" FROM "questions_pack" p)'
    )


def test_an_unknown_field_is_an_error_naming_it():
    with pytest.raises(FieldDoesNotExist, match="nonsense"):
        sql.statement(connection, "{card.nonsense}", card=Card)


def test_an_empty_in_list_stays_valid_sql():
    assert sql.placeholders([]) == "NULL"


def test_built_statements_are_bounded(monkeypatch):
    monkeypatch.setattr(sql, "MAX_BUILT", 3)
    for count in range(10):
        sql.statement(connection, f"SELECT {count} FROM {{card}}", card=Card)
    assert len(sql._built) <= 3


@pytest.mark.django_db
def test_rows_run_on_the_routed_connection():
    question = make_question(make_pack(), "q1")
    found = sql.rows(
        Question, "SELECT {q.qid} FROM {q} WHERE {q.pack} = %s", [question.pack_id], q=Question
    )
    assert found == [("q1",)]
