"""Classes, membership, assignments and the numbers instructors look at."""

from collections import Counter
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from studyapp.classroom import analysis
from studyapp.classroom.models import Classroom, Membership, new_join_code
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


def first_attempts(question_ids, student_ids):
    """(student id, question id) -> the student's first Attempt at it."""
    firsts = {}
    for attempt in Attempt.objects.filter(
        question_id__in=question_ids, user_id__in=student_ids
    ).order_by("created_at", "pk"):
        firsts.setdefault((attempt.user_id, attempt.question_id), attempt)
    return firsts


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


def item_analysis(assignment):
    """Per question: Moodle's statistics on first attempts, flags, and distractor counts."""
    questions = list(assignment.questions().prefetch_related("options").order_by("position"))
    student_ids = [student.pk for student in students(assignment.classroom)]
    firsts = first_attempts([q.pk for q in questions], student_ids)
    scores = {}
    for (student_id, question_id), attempt in firsts.items():
        scores.setdefault(student_id, {})[question_id] = 1 if attempt.is_correct else 0
    statistics = analysis.analyse([q.pk for q in questions], scores)
    rows = []
    for question, stats in zip(questions, statistics, strict=True):
        chosen = Counter(
            position
            for (_, question_id), attempt in firsts.items()
            if question_id == question.pk
            for position in attempt.selected
        )
        rows.append(
            {
                "question": question,
                "stats": stats,
                "options": [(option, chosen[option.position]) for option in question.options.all()],
            }
        )
    return rows
