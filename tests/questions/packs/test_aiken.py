from pathlib import Path

import pytest

from studyapp.questions.packs import Option, export_pack, parse_aiken, parse_pack

FIXTURES = Path(__file__).parent / "fixtures"


def parse(text):
    return parse_aiken(text, "bank.txt", pack_slug="bank", title="Bank")


def errors_of(text):
    pack, errors, skipped = parse(text)
    assert pack is None
    assert skipped == []
    return [(error.line, error.message) for error in errors]


def test_fixture_with_dot_and_parenthesis_options_and_a_two_line_stem():
    text = (FIXTURES / "basics.aiken.txt").read_text(encoding="utf-8")
    pack, errors, skipped = parse_aiken(text, "basics.txt", pack_slug="basics", title="Basics")
    assert (errors, skipped) == ([], [])
    assert (pack.slug, pack.title, pack.source) == ("basics", "Basics", "basics.txt")
    first, second = pack.questions
    assert (first.qid, first.line) == ("q-1", 1)
    assert first.stem == "Which launch type runs tasks without servers to manage?"
    assert first.options == (
        Option("EC2", False, ""),
        Option("Fargate", True, ""),
        Option("External", False, ""),
    )
    assert (second.qid, second.line) == ("q-7", 7)
    assert second.stem == (
        "A developer stores a database password for a task.\n"
        "Where should the task definition reference it from?"
    )
    assert [option.correct for option in second.options] == [False, True, False]
    again, errors = parse_pack(export_pack(pack), "basics.md")
    assert errors == []
    assert again.questions == pack.questions


def test_broken_fixture_reports_every_malformed_block_with_its_line():
    text = (FIXTURES / "broken.aiken.txt").read_text(encoding="utf-8")
    assert errors_of(text) == [
        (1, "this question has no 'ANSWER: <letter>' line after its options"),
        (7, "a question needs at least 2 options before its ANSWER line"),
        (12, "ANSWER D is not one of the options A-B"),
        (16, "option C is out of order: expected B"),
    ]


def test_blank_lines_between_questions_are_optional():
    pack, errors, _skipped = parse("Q1?\nA. a\nB. b\nANSWER: A\nQ2?\nA) c\nB) d\nANSWER: b\n")
    assert errors == []
    assert [question.line for question in pack.questions] == [1, 5]
    assert pack.questions[1].options[1].correct


def test_answer_must_be_a_single_letter():
    assert errors_of("Q?\nA. a\nB. b\nANSWER: A, B\n") == [
        (4, "the ANSWER must be one option letter, like 'ANSWER: B'")
    ]


def test_answer_line_without_a_question():
    assert errors_of("ANSWER: A\n") == [(1, "an ANSWER line without a question before it")]


def test_options_without_question_text():
    assert errors_of("A. a\nB. b\nANSWER: A\n") == [
        (1, "this question has no text before its options")
    ]


def test_option_without_text():
    assert errors_of("Q?\nA. a\nB.\nANSWER: A\n") == [(3, "option B has no text")]


def test_options_must_start_at_a():
    assert errors_of("Q?\nB. a\nC. b\nANSWER: B\n") == [
        (2, "option B is out of order: expected A"),
        (3, "option C is out of order: expected B"),
    ]


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_a_file_without_questions_is_an_error(text):
    assert errors_of(text) == [(1, "the file has no questions")]


def test_a_missing_answer_at_the_end_of_the_file():
    assert errors_of("Q?\nA. a\nB. b\n") == [
        (1, "this question has no 'ANSWER: <letter>' line after its options")
    ]
