"""The check every generated question passes before it is shown, and the seed replacement."""

import dataclasses
import json

import pytest

from studyapp.sims.generators import GENERATORS, placement
from studyapp.sims.generators.question import (
    MAX_SEED,
    MAX_TRIES,
    CheckFailed,
    NoQuestion,
    Option,
    checked,
    first_passing,
)


@pytest.fixture
def question():
    return GENERATORS["placement"].generate(5)


def check(question):
    return checked(question, placement.tables_of, placement.keys_of)


def test_a_generated_question_passes(question):
    assert check(question) is question


def test_two_keys_fail(question):
    options = tuple(dataclasses.replace(o, is_correct=True) for o in question.options[:2])
    with pytest.raises(CheckFailed, match="2 keys"):
        check(dataclasses.replace(question, options=options + question.options[2:]))


def test_options_alike_fail(question):
    twin = Option(question.options[0].text, False, "the same text again")
    with pytest.raises(CheckFailed, match="read the same"):
        check(dataclasses.replace(question, options=(*question.options, twin)))


def test_a_key_the_engine_does_not_give_on_the_displayed_document_fails(question):
    other = next(o.text for o in question.options if not o.is_correct)
    moved = tuple(dataclasses.replace(o, is_correct=o.text == other) for o in question.options)
    with pytest.raises(CheckFailed, match="engine's answer"):
        check(dataclasses.replace(question, options=moved))


def test_a_document_that_differs_from_the_tables_fails(question):
    document = json.loads(question.document_json)
    document["containerInstances"][0]["ec2InstanceId"] = "i-0zz"
    with pytest.raises(CheckFailed, match="tables shown"):
        check(dataclasses.replace(question, document_json=json.dumps(document)))


def test_a_failing_draw_is_replaced_by_one_no_link_carries(question):
    built = []

    def build(draw):
        built.append(draw)
        return None if len(built) < 3 else dataclasses.replace(question, seed=draw)

    found = first_passing(10, build, placement.tables_of, placement.keys_of)
    # Not 11 and 12: those are the next questions of a practice set.
    assert built == [10, 10 + MAX_SEED + 1, 10 + 2 * (MAX_SEED + 1)]
    assert all(draw > MAX_SEED for draw in built[1:])
    assert found.seed == 10


def test_no_passing_seed_within_the_bound_is_an_error(question):
    built = []

    def build(seed):
        built.append(seed)

    with pytest.raises(NoQuestion):
        first_passing(0, build, placement.tables_of, placement.keys_of)
    assert len(built) == MAX_TRIES
