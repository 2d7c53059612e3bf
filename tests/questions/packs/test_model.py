import dataclasses
import re

import pytest

from studyapp.questions.packs import Option, PackError, Question, Skipped

QUESTION = Question(
    qid="roles",
    line=12,
    topic="ecs-iam",
    topic_anchor="task-role",
    domain=2,
    tags=("iam",),
    difficulty="easy",
    stem="Which role?",
    options=(Option("Task role", True, "Yes."), Option("Execution role", False)),
    explanation="Because.",
)


def test_fingerprint_is_a_sha256_hex_digest_and_stable():
    assert re.fullmatch(r"[0-9a-f]{64}", QUESTION.fingerprint())
    assert QUESTION.fingerprint() == dataclasses.replace(QUESTION).fingerprint()


def test_line_takes_no_part_in_fingerprint_or_equality():
    moved = dataclasses.replace(QUESTION, line=99)
    assert moved == QUESTION
    assert moved.fingerprint() == QUESTION.fingerprint()


@pytest.mark.parametrize(
    "change",
    [
        {"qid": "other"},
        {"topic": "ecs"},
        {"topic_anchor": None},
        {"domain": 3},
        {"tags": ("iam", "more")},
        {"difficulty": "hard"},
        {"stem": "Which role, exactly?"},
        {"options": (Option("Task role", True, "Yes!"), Option("Execution role", False))},
        {"options": (Option("Task role", True, "Yes."), Option("Execution role", True))},
        {"options": (Option("Execution role", False), Option("Task role", True, "Yes."))},
        {"explanation": ""},
    ],
)
def test_every_field_a_learner_sees_changes_the_fingerprint(change):
    assert dataclasses.replace(QUESTION, **change).fingerprint() != QUESTION.fingerprint()


def test_none_and_empty_text_fingerprint_alike():
    blank = dataclasses.replace(QUESTION, topic=None, topic_anchor=None, difficulty=None)
    empty = dataclasses.replace(QUESTION, topic="", topic_anchor="", difficulty="")
    assert blank.fingerprint() == empty.fingerprint()


def test_multiple_response_means_more_than_one_correct_option():
    assert not QUESTION.is_multiple_response
    both = (Option("a", True), Option("b", True), Option("c", False))
    assert dataclasses.replace(QUESTION, options=both).is_multiple_response


def test_errors_and_skips_read_well():
    assert str(PackError("packs/x.md", 42, "question 'foo' has no correct option")) == (
        "packs/x.md:42: question 'foo' has no correct option"
    )
    assert str(Skipped(7, "essay question")) == "line 7: essay question"
