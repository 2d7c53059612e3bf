"""
Item analysis with Moodle's definitions, on each student's first attempt at each question.
Plain Python: a table of scores in, statistics out.

- Facility index: the mean score on the question, as a percentage (100 = everyone right).
- Discrimination index: 100 x the Pearson correlation between the score on the question and
  the score on the rest of the assignment, over the students who attempted the question. A
  question the students who do well overall get right, and the others get wrong, discriminates.

Students rarely attempt every question of a pack, so "the rest of the assignment" is the sum of
a student's first-attempt scores on the other questions, an unattempted question scoring 0.
"""

import math
from dataclasses import dataclass

EASY_ABOVE = 90.0
HARD_BELOW = 20.0
DISCRIMINATION_BELOW = 20.0
MIN_STUDENTS_FOR_DISCRIMINATION = 3


@dataclass(frozen=True)
class ItemStatistics:
    question_id: int
    attempts: int
    facility: float | None
    discrimination: float | None

    @property
    def flags(self):
        flags = []
        if self.facility is not None and self.facility > EASY_ABOVE:
            flags.append("too easy")
        if self.facility is not None and self.facility < HARD_BELOW:
            flags.append("too hard")
        if self.discrimination is not None and self.discrimination < DISCRIMINATION_BELOW:
            flags.append("poor discrimination")
        return flags


def pearson(xs, ys):
    """The correlation coefficient, or None when either side does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def analyse(question_ids, scores):
    """
    `scores` maps student -> {question_id: 0 or 1} for first attempts (absent = not attempted).
    Returns one ItemStatistics per question, in the order given.
    """
    results = []
    for question_id in question_ids:
        takers = [student for student, row in scores.items() if question_id in row]
        item = [scores[s][question_id] for s in takers]
        rest = [
            sum(value for other, value in scores[s].items() if other != question_id) for s in takers
        ]
        facility = round(100 * sum(item) / len(item), 1) if item else None
        correlation = pearson(item, rest) if len(item) >= MIN_STUDENTS_FOR_DISCRIMINATION else None
        discrimination = round(100 * correlation, 1) if correlation is not None else None
        results.append(ItemStatistics(question_id, len(item), facility, discrimination))
    return results
