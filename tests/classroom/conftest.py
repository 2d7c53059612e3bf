"""Fixed people for the classroom tests, set up once per test: two instructors, two classes,
a student in each class, and staff."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from studyapp.classroom.models import Assignment, Classroom, Membership
from tests.factories import make_pack, make_question


@dataclass
class People:
    instructor: object
    other_instructor: object
    student: object
    other_student: object
    staff: object
    classroom: object
    other_classroom: object
    assignment: object
    pack: object


@pytest.fixture
def people(django_user_model):
    group = Group.objects.get(name="instructors")
    instructor = django_user_model.objects.create_user("ines")
    other_instructor = django_user_model.objects.create_user("oscar")
    for user in (instructor, other_instructor):
        user.groups.add(group)
    student = django_user_model.objects.create_user("stu")
    other_student = django_user_model.objects.create_user("olga")
    staff = django_user_model.objects.create_user("admin", is_staff=True)
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    other_classroom = Classroom.objects.create(name="Other", instructor=other_instructor)
    Membership.objects.create(classroom=classroom, student=student)
    Membership.objects.create(classroom=other_classroom, student=other_student)
    pack = make_pack("course", "Course pack", owner=instructor, is_public=False)
    for index in range(4):
        make_question(pack, f"q{index}", topic="ecr" if index < 2 else "fargate", domain=1)
    assignment = Assignment.objects.create(classroom=classroom, pack=pack)
    return People(
        instructor, other_instructor, student, other_student, staff, classroom,
        other_classroom, assignment, pack,
    )  # fmt: skip
