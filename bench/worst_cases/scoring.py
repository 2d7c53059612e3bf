"""
Class scores at the item-analysis caps (issue 15): a class of MAX_ANALYSED_STUDENTS students,
one assignment of MAX_ANALYSED_QUESTIONS questions, every student having answered every
question RETRIES times, read through each view that applies the first-attempt rule.
"""

import hashlib
import random

from django.contrib.auth import get_user_model
from worst_case import INSTRUCTOR, STUDENT, signed_in_client

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.classroom.services import MAX_ANALYSED_QUESTIONS, MAX_ANALYSED_STUDENTS
from studyapp.questions.models import Attempt, Option, Pack, Question

RETRIES = 3


def _class_with_attempts(tag):
    """The class and assignment, filled; the prepared student is one of its members."""
    User = get_user_model()
    instructor = User.objects.get(username=INSTRUCTOR)
    pack = Pack.objects.create(slug=f"scores-{tag}", title="Scores", owner=instructor)
    questions = Question.objects.bulk_create(
        Question(
            pack=pack,
            qid=f"q{n}",
            position=n,
            domain=1,
            stem=f"Stem {n}?",
            explanation="Because.",
            correct_count=1,
            fingerprint=hashlib.sha256(f"{tag}{n}".encode()).hexdigest(),
        )
        for n in range(MAX_ANALYSED_QUESTIONS)
    )
    Option.objects.bulk_create(
        Option(question=question, position=index, text=f"Option {index}", is_correct=index == 0)
        for question in questions
        for index in range(4)
    )
    classroom = Classroom.objects.create(name=f"Scores {tag}", instructor=instructor)
    others = User.objects.bulk_create(
        User(username=f"scores-{tag}-{n}") for n in range(MAX_ANALYSED_STUDENTS - 1)
    )
    students = [User.objects.get(username=STUDENT), *others]
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    assignment = Assignment.objects.create(classroom=classroom, pack=pack)
    chance = random.Random(tag)
    Attempt.objects.bulk_create(
        (
            Attempt(question=question, user=student, selected=[choice], is_correct=choice == 0)
            for _ in range(RETRIES)
            for student in students
            for question in questions
            for choice in [chance.randrange(4)]
        ),
        batch_size=5000,
    )
    return classroom, assignment


def _get(username, url_of):
    def factory():
        classroom, assignment = _class_with_attempts(url_of.__name__)
        client = signed_in_client(username)
        url = url_of(classroom, assignment)
        return lambda: client.get(url)

    return factory


def roster(classroom, assignment):
    return f"/classes/{classroom.pk}/"


def roster_csv(classroom, assignment):
    return f"/classes/{classroom.pk}/roster.csv"


def item_analysis(classroom, assignment):
    return f"/classes/{classroom.pk}/assignments/{assignment.pk}/"


def student_page(classroom, assignment):
    return "/classes/"


SIZE = f"{MAX_ANALYSED_STUDENTS} students x {MAX_ANALYSED_QUESTIONS} questions x {RETRIES}"

CASES = {
    f"roster, {SIZE}": _get(INSTRUCTOR, roster),
    f"roster CSV, {SIZE}": _get(INSTRUCTOR, roster_csv),
    f"assignment page (item analysis, student scores), {SIZE}": _get(INSTRUCTOR, item_analysis),
    f"student's Classes page, {SIZE}": _get(STUDENT, student_page),
}
