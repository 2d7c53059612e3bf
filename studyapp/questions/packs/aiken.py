"""
The Aiken format: single-answer questions as plain text, one block per question.

    Which launch type needs no servers to manage?
    A. EC2
    B) Fargate
    ANSWER: B

Aiken has no titles, so question ids come from line numbers (`q-12`).
"""

import re
from dataclasses import dataclass, field

from .model import (
    MAX_ERRORS,
    MAX_QUESTIONS,
    Option,
    Pack,
    PackError,
    Question,
    TooManyErrors,
    size_errors,
    source_lines,
    too_many_questions,
    unstorable_error,
)

OPTION_LINE = re.compile(r"([A-Z])[.)](?:\s+(.*))?")
ANSWER_LINE = re.compile(r"answer:(.*)", re.IGNORECASE)


@dataclass
class _Draft:
    line: int
    stem_lines: list = field(default_factory=list)
    options: list = field(default_factory=list)
    """(letter, text) pairs in file order."""


def parse_aiken(text, path, pack_slug, title, max_questions=MAX_QUESTIONS):
    """Return (pack or None, errors, skipped); Aiken holds nothing the app must skip."""
    if unstorable := unstorable_error(path, text):
        return None, [unstorable], []
    errors = []
    questions = []

    def error(line, message):
        errors.append(PackError(path, line, message))
        if len(errors) >= MAX_ERRORS:
            raise TooManyErrors(path, line)

    def finish(draft, answer, answer_line):
        question = _question(draft, answer, answer_line, error)
        if question is not None:
            questions.append(question)

    try:
        _parse_lines(text, error, finish, errors, path, max_questions)
    except TooManyErrors as stop:
        errors.append(stop.error)
    errors += size_errors(path, questions)
    if not questions and not errors:
        error(1, "the file has no questions")
    if errors:
        return None, errors, []
    return Pack(pack_slug, title, None, None, None, tuple(questions), path), [], []


def _parse_lines(text, error, finish, errors, path, max_questions):
    draft = None
    answered = 0
    for index, line in enumerate(source_lines(text)):
        line_number = index + 1
        stripped = line.strip()
        if not stripped:
            continue
        if answer := ANSWER_LINE.match(stripped):
            if draft is not None and answered == max_questions:
                errors.append(too_many_questions(path, draft.line, max_questions))
                draft = None
                break
            if draft is None:
                error(line_number, "an ANSWER line without a question before it")
            else:
                answered += 1
                finish(draft, answer[1].strip(), line_number)
            draft = None
        elif option := OPTION_LINE.fullmatch(stripped):
            if draft is None:
                draft = _Draft(line_number)
            expected = chr(ord("A") + len(draft.options))
            if option[1] != expected:
                error(line_number, f"option {option[1]} is out of order: expected {expected}")
            if not option[2]:
                error(line_number, f"option {option[1]} has no text")
            draft.options.append((option[1], option[2] or ""))
        else:
            if draft is not None and draft.options:
                error(draft.line, "this question has no 'ANSWER: <letter>' line after its options")
                draft = None
            if draft is None:
                draft = _Draft(line_number)
            draft.stem_lines.append(stripped)
    if draft is not None:
        error(draft.line, "this question has no 'ANSWER: <letter>' line after its options")


def _question(draft, answer, answer_line, error):
    letters = [letter for letter, _ in draft.options]
    valid = True
    if not draft.stem_lines:
        error(draft.line, "this question has no text before its options")
        valid = False
    if len(draft.options) < 2:
        error(answer_line, "a question needs at least 2 options before its ANSWER line")
        return None
    if not re.fullmatch(r"[A-Za-z]", answer):
        error(answer_line, "the ANSWER must be one option letter, like 'ANSWER: B'")
        return None
    if answer.upper() not in letters:
        error(answer_line, f"ANSWER {answer} is not one of the options {letters[0]}-{letters[-1]}")
        return None
    if not valid or any(not text for _, text in draft.options):
        return None
    options = tuple(Option(text, letter == answer.upper()) for letter, text in draft.options)
    return Question(
        qid=f"q-{draft.line}",
        line=draft.line,
        topic=None,
        topic_anchor=None,
        domain=None,
        tags=(),
        difficulty=None,
        stem="\n".join(draft.stem_lines),
        options=options,
        explanation="",
    )
