"""A learner with a history in every table: practice, reviews, an exam, a class and more."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group

from studyapp.accounts import reset_links
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam import sittings
from studyapp.questions import bookmarks, practice, practice_sets
from studyapp.review import actions, scheduling
from studyapp.review.models import StudySettings
from tests.factories import make_pack, make_question

PASSWORD = "correct horse battery staple 42"
START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


@dataclass
class History:
    learner: object
    classmates: list
    instructor: object
    classroom: object
    assignment: object
    class_pack: object
    public_pack: object


def answer(user, question, positions):
    options = list(question.options.all())
    is_correct = practice.grade(options, positions)
    return practice.record_attempt(question, practice.Learner(user, ""), positions, is_correct)


@pytest.fixture
def history(django_user_model):
    instructor = django_user_model.objects.create_user("ines", password=PASSWORD)
    instructor.groups.add(Group.objects.get(name="instructors"))
    learner = django_user_model.objects.create_user(
        "ada", password=PASSWORD, email="ada@school.example", first_name="Ada"
    )
    classmates = [django_user_model.objects.create_user(name) for name in ("bob", "cy", "di")]
    class_pack = make_pack("course", "Course", owner=instructor, is_public=False)
    public_pack = make_pack("public", "Public")
    class_questions = [make_question(class_pack, f"c{n}", domain=1 + n % 4) for n in range(5)]
    public_questions = [make_question(public_pack, f"p{n}", domain=1 + n % 4) for n in range(8)]
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    for student in [learner, *classmates]:
        Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, pack=class_pack)

    # Class work by everyone, so item analysis has first attempts, retries and spread to show.
    for number, student in enumerate([learner, *classmates]):
        for index, question in enumerate(class_questions):
            answer(student, question, [0] if (index + number) % 3 else [1])
        answer(student, class_questions[number], [0])
    # The learner's own practice outside the class, reviews, an exam, and the rest.
    for question in public_questions[:4]:
        answer(learner, question, [1])
    StudySettings.objects.create(user=learner, new_per_day=30)
    scheduler = scheduling.build_scheduler(
        StudySettings.objects.get(user=learner).scheduler_settings()
    )
    actions.send_to_review(learner, public_questions[:3], now=START)
    for step, card in enumerate(learner.card_set.order_by("pk")):
        actions.rate_card(
            learner, card.pk, card.version, 3, 4000, scheduler, now=START + timedelta(minutes=step)
        )
    sitting = sittings.start(learner, 6, 30, seed=7, now=START)
    for item in sitting.items.all()[:4]:
        sittings.save_answer(sitting, item, [0], flagged=False, now=START + timedelta(minutes=5))
    sittings.finish(sitting, now=START + timedelta(minutes=20))
    bookmarks.toggle(learner, public_questions[5])
    practice_sets.create(
        practice.Learner(learner, ""), [q.pk for q in public_questions[:3]], "Three"
    )
    reset_links.issue(instructor, learner, classroom)
    return History(learner, classmates, instructor, classroom, assignment, class_pack, public_pack)
