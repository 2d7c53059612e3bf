"""
What a class score means, stated once for every class view: the student's Classes page, the
roster and its CSV, and item analysis.

The rule (as Moodle's item analysis scores a question): for each question of the assignment,
only the student's FIRST attempt counts, right or wrong; later attempts are practice and never
change the score. "First" is the earliest attempt, ties broken by the attempt's id (the order it
was stored). Every attempt the student ever made at the question counts as a candidate for the
first, including attempts made before the question was assigned, so that every view, and item
analysis, sees the same first attempt however the class was set up.

Per student:
- answered: the questions of the assignment the student attempted at least once;
- right first time: those whose first attempt was right;
- attempts: every attempt at those questions, shown beside the score so retries are visible;
- score: right first time / answered, as a whole percentage (None before any answer).

This module is the plain-Python statement of the rule and the oracle the tests hold the
database implementation (queries.SCORES_SQL, used by services.scores) to; it imports no Django.
"""

from dataclasses import dataclass
from typing import NamedTuple


class AttemptRecord(NamedTuple):
    student: object
    question: object
    attempted_at: object
    id: int
    is_right: bool


@dataclass(frozen=True)
class Score:
    answered: int = 0
    right_first_time: int = 0
    attempts: int = 0

    @property
    def percent(self):
        if not self.answered:
            return None
        return round(100 * self.right_first_time / self.answered)


def first_attempts(records):
    """(student, question) -> that student's first AttemptRecord at that question."""
    firsts = {}
    for record in records:
        key = (record.student, record.question)
        earliest = firsts.get(key)
        if earliest is None or (record.attempted_at, record.id) < (
            earliest.attempted_at,
            earliest.id,
        ):
            firsts[key] = record
    return firsts


def scores(records):
    """student -> Score, for the students with at least one attempt among `records`."""
    records = list(records)
    attempts = {}
    for record in records:
        attempts[record.student] = attempts.get(record.student, 0) + 1
    answered = dict.fromkeys(attempts, 0)
    right = dict.fromkeys(attempts, 0)
    for (student, _question), first in first_attempts(records).items():
        answered[student] += 1
        right[student] += first.is_right
    return {
        student: Score(answered[student], right[student], attempts[student]) for student in attempts
    }
