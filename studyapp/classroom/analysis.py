"""
Item analysis with Moodle's definitions, on each student's first attempt at each question.
Plain Python: a few sums per question in (the database adds them up), statistics out.

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
class ItemSums:
    """
    One question, summed over the students who attempted it, where x is a student's first-attempt
    score on it (0 or 1) and t the student's total first-attempt score on the assignment.
    """

    question_id: int
    takers: int  # n
    right: int  # sum of x
    totals: int  # sum of t
    totals_squared: int  # sum of t * t
    right_times_totals: int  # sum of x * t


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


def _discrimination(sums):
    """
    Pearson's r between x and the rest of the assignment, y = t - x, from the sums in whole
    numbers (x * x = x, as x is 0 or 1), so a series that does not vary is exactly 0; None then.
    """
    n, sum_x = sums.takers, sums.right
    sum_y = sums.totals - sum_x
    sum_xy = sums.right_times_totals - sum_x
    sum_yy = sums.totals_squared - 2 * sums.right_times_totals + sum_x
    spread_x = n * sum_x - sum_x * sum_x
    spread_y = n * sum_yy - sum_y * sum_y
    if spread_x == 0 or spread_y == 0:
        return None
    return (n * sum_xy - sum_x * sum_y) / math.sqrt(spread_x * spread_y)


def item_statistics(sums):
    if sums.takers == 0:
        return ItemStatistics(sums.question_id, 0, None, None)
    facility = round(100 * sums.right / sums.takers, 1)
    correlation = _discrimination(sums) if sums.takers >= MIN_STUDENTS_FOR_DISCRIMINATION else None
    discrimination = round(100 * correlation, 1) if correlation is not None else None
    return ItemStatistics(sums.question_id, sums.takers, facility, discrimination)


def combined(first, second):
    """
    One question's sums over two groups of students as if they were one group: every part is a
    sum over students, so the parts add up. A student's total stays the total of the group the
    student was in (the assignment the student answered the question for).
    """
    return ItemSums(
        first.question_id,
        first.takers + second.takers,
        first.right + second.right,
        first.totals + second.totals,
        first.totals_squared + second.totals_squared,
        first.right_times_totals + second.right_times_totals,
    )
