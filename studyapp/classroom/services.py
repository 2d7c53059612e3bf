"""Classes, membership, assignments and the numbers instructors look at."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from studyapp.classroom import analysis
from studyapp.classroom.models import Classroom, Membership, new_join_code
from studyapp.core import reads
from studyapp.questions.models import Attempt
from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog


def normalise_code(text):
    return "".join(text.split()).upper().replace("-", "")


def join(student, code):
    """Add the student to the class with this code; None for a wrong code (no hint which)."""
    classroom = Classroom.objects.filter(join_code=normalise_code(code)).first()
    if classroom is None:
        return None
    with transaction.atomic():
        _, created = Membership.objects.get_or_create(classroom=classroom, student=student)
        if created:
            for assignment in classroom.assignments.select_related("pack", "classroom"):
                if assignment.pack_is_available:
                    enqueue(assignment, [student])
    return classroom


def regenerate_code(classroom):
    for _ in range(5):
        try:
            with transaction.atomic():
                classroom.join_code = new_join_code()
                classroom.save(update_fields=["join_code"])
            return classroom.join_code
        except IntegrityError:
            continue
    raise RuntimeError("could not find an unused join code")


def enqueue(assignment, students):
    """Assigned questions enter each student's review queue as new cards."""
    question_ids = list(assignment.questions().values_list("pk", flat=True))
    Card.objects.bulk_create(
        [
            Card(user=student, question_id=question_id, state=scheduling.NEW)
            for student in students
            for question_id in question_ids
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )


def students(classroom):
    return [m.student for m in classroom.memberships.select_related("student")]


def progress(assignment, student, now=None):
    now = now or timezone.now()
    question_ids = list(assignment.questions().values_list("pk", flat=True))
    attempts = Attempt.objects.filter(user=student, question_id__in=question_ids)
    attempted = attempts.values("question_id").distinct().count()
    correct = attempts.filter(is_correct=True).count()
    total_attempts = attempts.count()
    return {
        "assignment": assignment,
        "total": len(question_ids),
        "attempted": attempted,
        "correct_rate": round(100 * correct / total_attempts) if total_attempts else None,
        "overdue": bool(assignment.due_at and assignment.due_at < now)
        and attempted < len(question_ids),
    }


ROSTER_SORTS = {
    "name": lambda row: row["student"].get_username().lower(),
    "attempted": lambda row: row["attempted"],
    "correct": lambda row: row["correct_rate"] if row["correct_rate"] is not None else -1,
    "due": lambda row: row["cards_due"],
    "reviews": lambda row: row["reviews_7d"],
    "active": lambda row: row["last_active"].timestamp() if row["last_active"] else 0,
}


def roster(classroom, sort="name", descending=False, now=None):
    now = now or timezone.now()
    members = students(classroom)
    ids = [student.pk for student in members]
    question_ids = set()
    for assignment in classroom.assignments.select_related("pack"):
        question_ids.update(assignment.questions().values_list("pk", flat=True))
    attempts = Attempt.objects.filter(user_id__in=ids, question_id__in=question_ids)
    attempted = Counter(
        user_id for user_id, _ in attempts.values_list("user_id", "question_id").distinct()
    )
    tries = Counter(attempts.values_list("user_id", flat=True))
    right = Counter(attempts.filter(is_correct=True).values_list("user_id", flat=True))
    due = Counter(
        Card.objects.filter(user_id__in=ids, is_suspended=False, due__lte=now)
        .exclude(state=scheduling.NEW)
        .values_list("user_id", flat=True)
    )
    reviews = Counter(
        ReviewLog.objects.filter(
            user_id__in=ids, reviewed_at__gte=now - timedelta(days=7)
        ).values_list("user_id", flat=True)
    )
    last_attempt = dict(
        Attempt.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(last=Max("created_at"))
        .values_list("user_id", "last")
    )
    last_review = dict(
        ReviewLog.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(last=Max("reviewed_at"))
        .values_list("user_id", "last")
    )
    rows = []
    for student in members:
        moments = [m for m in (last_attempt.get(student.pk), last_review.get(student.pk)) if m]
        rows.append(
            {
                "student": student,
                "attempted": attempted[student.pk],
                "assigned": len(question_ids),
                "correct_rate": round(100 * right[student.pk] / tries[student.pk])
                if tries[student.pk]
                else None,
                "cards_due": due[student.pk],
                "reviews_7d": reviews[student.pk],
                "last_active": max(moments) if moments else None,
            }
        )
    rows.sort(key=ROSTER_SORTS.get(sort, ROSTER_SORTS["name"]), reverse=descending)
    return rows


# Each student's first attempt at each question, and their total over those first attempts.
_FIRST_ATTEMPTS_SQL = """
    WITH numbered AS (
        SELECT user_id, question_id, is_correct, selected, ROW_NUMBER() OVER (
            PARTITION BY user_id, question_id ORDER BY created_at, id
        ) AS attempt_number
        FROM questions_attempt
        WHERE question_id IN ({questions}) AND user_id IN ({students})
    ), firsts AS (
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


def first_attempt_sums(question_ids, student_ids):
    """
    question id -> (analysis.ItemSums over the students' first attempts, Counter of the option
    positions they chose), added up in the database: one query, whose answer has a row per
    question and distinct choice, however many attempts there were.
    """
    sums = {question_id: [0, 0, 0, 0, 0] for question_id in question_ids}
    chosen = {question_id: Counter() for question_id in question_ids}
    if question_ids and student_ids:
        sql = _FIRST_ATTEMPTS_SQL.format(
            questions=reads.placeholders(question_ids), students=reads.placeholders(student_ids)
        )
        selected_field = Attempt._meta.get_field("selected")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*question_ids, *student_ids])
            for question_id, selected, *sums_here in cursor.fetchall():
                counts = [int(value) for value in sums_here]  # PostgreSQL sums are Decimals
                sums[question_id] = [a + b for a, b in zip(sums[question_id], counts, strict=True)]
                positions = selected_field.from_db_value(selected, None, connection)
                chosen[question_id].update({position: counts[0] for position in positions})
    return {
        question_id: (analysis.ItemSums(question_id, *sums[question_id]), chosen[question_id])
        for question_id in question_ids
    }


# Bounds on one item analysis, so its cost does not grow with the pack or the class: the first
# questions by position, the students who joined first. Beyond them the page says what it left out.
MAX_ANALYSED_QUESTIONS = 200
MAX_ANALYSED_STUDENTS = 200


@dataclass(frozen=True)
class ItemAnalysis:
    rows: list
    questions_analysed: int
    questions_total: int
    students_analysed: int
    students_total: int

    @property
    def is_partial(self):
        return (
            self.questions_analysed < self.questions_total
            or self.students_analysed < self.students_total
        )


def item_analysis(assignment):
    """
    Per question: Moodle's statistics on first attempts, flags, and distractor counts, within
    MAX_ANALYSED_QUESTIONS and MAX_ANALYSED_STUDENTS.
    """
    assigned = assignment.questions().order_by("position", "pk")
    questions = list(
        assigned.select_related("pack").prefetch_related("options")[:MAX_ANALYSED_QUESTIONS]
    )
    members = assignment.classroom.memberships.order_by("joined_at", "pk")
    student_ids = list(members.values_list("student_id", flat=True)[:MAX_ANALYSED_STUDENTS])
    firsts = first_attempt_sums([q.pk for q in questions], student_ids)
    rows = []
    for question in questions:
        sums, chosen = firsts[question.pk]
        rows.append(
            {
                "question": question,
                "stats": analysis.item_statistics(sums),
                "options": [(option, chosen[option.position]) for option in question.options.all()],
            }
        )
    return ItemAnalysis(
        rows=rows,
        questions_analysed=len(questions),
        questions_total=(
            assigned.count() if len(questions) == MAX_ANALYSED_QUESTIONS else len(questions)
        ),
        students_analysed=len(student_ids),
        students_total=(
            members.count() if len(student_ids) == MAX_ANALYSED_STUDENTS else len(student_ids)
        ),
    )
