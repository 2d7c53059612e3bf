"""
The SQL of class scores, written by hand because both need each student's first attempt at each
question (a window function, then sums over it) in one statement whose answer has a row per
student or per question and choice, however many attempts there are.

NUMBERED_ATTEMPTS states the first-attempt rule of scoring.py once, for both statements: the
attempts of the given students at the given questions, numbered per student and question in
the order they were made (ties by id); attempt_number 1 is the one that counts. `rows` fills
in {questions} and {students} with placeholders and passes the question ids, then the student
ids. Names come from the models (core.sql); tests/classroom/test_scoring.py checks the sums
against scoring.py's plain-Python rule.
"""

from studyapp.core import sql
from studyapp.questions.models import Attempt

NUMBERED_ATTEMPTS = """
    numbered AS (
        SELECT {attempt.user} AS user_id, {attempt.question} AS question_id,
            {attempt.is_correct} AS is_correct, {attempt.selected} AS selected, ROW_NUMBER() OVER (
                PARTITION BY {attempt.user}, {attempt.question}
                ORDER BY {attempt.created_at}, {attempt.id}
            ) AS attempt_number
        FROM {attempt}
        WHERE {attempt.question} IN ({questions}) AND {attempt.user} IN ({students})
    )
"""

# Per student: questions answered, right on the first attempt, and all attempts.
SCORES_SQL = f"""
    WITH {NUMBERED_ATTEMPTS}
    SELECT user_id,
        SUM(CASE WHEN attempt_number = 1 THEN 1 ELSE 0 END),
        SUM(CASE WHEN attempt_number = 1 AND is_correct THEN 1 ELSE 0 END),
        COUNT(*)
    FROM numbered
    GROUP BY user_id
"""

# Per question and distinct first choice: the sums analysis.ItemSums needs, where a student's
# total is their number of questions right on the first attempt.
ITEM_SUMS_SQL = f"""
    WITH {NUMBERED_ATTEMPTS}, firsts AS (
        SELECT user_id, question_id, selected, CASE WHEN is_correct THEN 1 ELSE 0 END AS score
        FROM numbered WHERE attempt_number = 1
    ), totals AS (
        SELECT user_id, SUM(score) AS total FROM firsts GROUP BY user_id
    )
    SELECT firsts.question_id, firsts.selected, COUNT(*), SUM(firsts.score), SUM(totals.total),
        SUM(totals.total * totals.total), SUM(firsts.score * totals.total)
    FROM firsts JOIN totals ON totals.user_id = firsts.user_id
    GROUP BY firsts.question_id, firsts.selected
"""


def rows(statement, question_ids, student_ids):
    """The rows of SCORES_SQL or ITEM_SUMS_SQL over these questions and students."""
    template = sql.fill(
        statement,
        questions=sql.placeholders(question_ids),
        students=sql.placeholders(student_ids),
    )
    return sql.rows(Attempt, template, [*question_ids, *student_ids], attempt=Attempt)
