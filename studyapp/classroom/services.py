"""Classes, membership, assignments and the numbers instructors look at."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from studyapp.classroom import analysis, queries, scoring
from studyapp.classroom.models import Assignment, Classroom, Membership, new_join_code
from studyapp.core import evidence_versions, sql
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
    add_member(classroom, student)
    return classroom


def add_member(classroom, student):
    """Make the student a member (once) with the class's assignments in their review queue."""
    with transaction.atomic():
        _, created = Membership.objects.get_or_create(classroom=classroom, student=student)
        if created:
            evidence_versions.learner_changed(student.pk)  # the class's packs are theirs now
            for assignment in classroom.assignments.select_related("pack", "classroom"):
                if assignment.pack_is_available:
                    enqueue(assignment, [student])


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


# Ids per IN list: SQLite refuses a statement with more than 32,766 parameters, and a class's
# assignments may cover many large packs. Each part of the counts adds up over question chunks,
# because a first attempt belongs to one question.
IDS_PER_STATEMENT = 5_000


def scores(question_ids, student_ids):
    """
    student id -> scoring.Score over these questions, by the first-attempt rule of scoring.py,
    added up in the database (a row per student, one query per chunk of ids); a student
    without an attempt scores scoring.Score().
    """
    totals = {student_id: [0, 0, 0] for student_id in student_ids}
    for questions in _chunks(question_ids):
        for students in _chunks(student_ids):
            for student_id, *counts in queries.rows(queries.SCORES_SQL, questions, students):
                for part, count in enumerate(counts):
                    totals[student_id][part] += int(count)  # PostgreSQL: Decimal
    return {student_id: scoring.Score(*counts) for student_id, counts in totals.items()}


def _chunks(ids):
    ids = list(ids)
    return [
        ids[start : start + IDS_PER_STATEMENT] for start in range(0, len(ids), IDS_PER_STATEMENT)
    ]


def progress(assignment, student, now=None):
    now = now or timezone.now()
    question_ids = list(assignment.questions().values_list("pk", flat=True))
    score = scores(question_ids, [student.pk])[student.pk]
    completed = bool(question_ids) and score.answered >= len(question_ids)
    return {
        "assignment": assignment,
        "total": len(question_ids),
        "score": score,
        "completed": completed,
        "overdue": bool(assignment.due_at and assignment.due_at < now) and not completed,
    }


ROSTER_SORTS = {
    "name": lambda row: row["student"].get_username().lower(),
    "attempted": lambda row: row["score"].answered,
    "correct": lambda row: row["score"].percent if row["score"].percent is not None else -1,
    "attempts": lambda row: row["score"].attempts,
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
    by_student = scores(sorted(question_ids), ids)
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
                "score": by_student[student.pk],
                "assigned": len(question_ids),
                "cards_due": due[student.pk],
                "reviews_7d": reviews[student.pk],
                "last_active": max(moments) if moments else None,
            }
        )
    rows.sort(key=ROSTER_SORTS.get(sort, ROSTER_SORTS["name"]), reverse=descending)
    return rows


# The grid shows the newest assignments only, so its cost does not grow with a class's history:
# two queries per column (its question ids, then scores for every student at once).
MAX_GRID_ASSIGNMENTS = 20


@dataclass(frozen=True)
class AssignmentGrid:
    assignments: list  # the columns, oldest first
    rows: list  # (student, [(question count, scoring.Score), ...] in column order)
    assignments_total: int

    @property
    def is_partial(self):
        return len(self.assignments) < self.assignments_total


def assignment_grid(classroom, members):
    """
    Each student's score on each assignment, by the first-attempt rule of scoring.py, for the
    newest MAX_GRID_ASSIGNMENTS assignments. `members` are the class's students, in row order.
    """
    newest = list(
        classroom.assignments.select_related("pack").order_by("-created_at", "-pk")[
            :MAX_GRID_ASSIGNMENTS
        ]
    )
    columns = list(reversed(newest))
    student_ids = [student.pk for student in members]
    by_column = []
    for assignment in columns:
        question_ids = list(assignment.questions().values_list("pk", flat=True))
        by_column.append((len(question_ids), scores(question_ids, student_ids)))
    return AssignmentGrid(
        assignments=columns,
        rows=[
            (student, [(total, column[student.pk]) for total, column in by_column])
            for student in members
        ],
        assignments_total=(
            classroom.assignments.count() if len(newest) == MAX_GRID_ASSIGNMENTS else len(newest)
        ),
    )


def first_attempt_sums(question_ids, student_ids):
    """
    question id -> (analysis.ItemSums over the students' first attempts, Counter of the option
    positions they chose), added up in the database: one query, whose answer has a row per
    question and distinct choice, however many attempts there were.
    """
    sums = {question_id: [0, 0, 0, 0, 0] for question_id in question_ids}
    chosen = {question_id: Counter() for question_id in question_ids}
    if question_ids and student_ids:
        selected_field = Attempt._meta.get_field("selected")
        connection = sql.connection_for(Attempt)
        found = queries.rows(queries.ITEM_SUMS_SQL, question_ids, student_ids)
        for question_id, selected, *sums_here in found:
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
    student_scores: list  # (student, scoring.Score over the analysed questions)
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
    Per question: Moodle's statistics on first attempts, flags, and distractor counts; per
    student: their score by the same rule; within MAX_ANALYSED_QUESTIONS and
    MAX_ANALYSED_STUDENTS.
    """
    assigned = assignment.questions().order_by("position", "pk")
    questions = list(
        assigned.select_related("pack").prefetch_related("options")[:MAX_ANALYSED_QUESTIONS]
    )
    members = assignment.classroom.memberships.order_by("joined_at", "pk")
    analysed_members = list(members.select_related("student")[:MAX_ANALYSED_STUDENTS])
    student_ids = [membership.student_id for membership in analysed_members]
    question_ids = [question.pk for question in questions]
    firsts = first_attempt_sums(question_ids, student_ids)
    by_student = scores(question_ids, student_ids)
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
        student_scores=[(m.student, by_student[m.student_id]) for m in analysed_members],
        questions_analysed=len(questions),
        questions_total=(
            assigned.count() if len(questions) == MAX_ANALYSED_QUESTIONS else len(questions)
        ),
        students_analysed=len(student_ids),
        students_total=(
            members.count() if len(student_ids) == MAX_ANALYSED_STUDENTS else len(student_ids)
        ),
    )


# Bound on one question's statistics: the assignments that set it most recently, each analysed
# within MAX_ANALYSED_QUESTIONS and MAX_ANALYSED_STUDENTS like its item analysis page.
MAX_ASSIGNMENTS_PER_QUESTION = 20


@dataclass(frozen=True)
class QuestionStatistics:
    stats: analysis.ItemStatistics
    assignments: int
    classes: int
    is_partial: bool


def question_statistics(question):
    """
    Moodle's item statistics of one question from its use in classes: every assignment that
    set it (the MAX_ASSIGNMENTS_PER_QUESTION most recent), each member's first attempt, "the
    rest" being the rest of that assignment. The sums of the assignments add up into one set
    of statistics, so a student in two such classes counts once in each.
    """
    setting = (
        Assignment.objects.filter(pack_id=question.pack_id)
        .filter(Q(topic_slug="") | Q(topic_slug=question.topic_slug))
        .filter(Q(domain__isnull=True) | Q(domain=question.domain))
        .order_by("-created_at", "-pk")
    )
    assignments = list(setting[: MAX_ASSIGNMENTS_PER_QUESTION + 1])
    is_partial = len(assignments) > MAX_ASSIGNMENTS_PER_QUESTION
    assignments = assignments[:MAX_ASSIGNMENTS_PER_QUESTION]
    total = analysis.ItemSums(question.pk, 0, 0, 0, 0, 0)
    for assignment in assignments:
        others = assignment.questions().exclude(pk=question.pk).order_by("position", "pk")
        question_ids = [
            question.pk,
            *others.values_list("pk", flat=True)[: MAX_ANALYSED_QUESTIONS - 1],
        ]
        members = Membership.objects.filter(classroom_id=assignment.classroom_id)
        student_ids = list(
            members.order_by("joined_at", "pk").values_list("student_id", flat=True)[
                :MAX_ANALYSED_STUDENTS
            ]
        )
        sums, _ = first_attempt_sums(question_ids, student_ids)[question.pk]
        total = analysis.combined(total, sums)
    return QuestionStatistics(
        stats=analysis.item_statistics(total),
        assignments=len(assignments),
        classes=len({assignment.classroom_id for assignment in assignments}),
        is_partial=is_partial,
    )
