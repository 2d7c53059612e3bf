"""Pages that belong to one signed-in person are never stored by the browser or a proxy."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam import sittings
from studyapp.topics.loading import sync_topics
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    instructor = django_user_model.objects.create_user("ines")
    instructor.groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))
    student = django_user_model.objects.create_user("stu")
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    Membership.objects.create(classroom=classroom, student=student)
    pack = make_pack("course", "Course", owner=instructor, is_public=False)
    make_question(pack, "q0")
    assignment = Assignment.objects.create(classroom=classroom, pack=pack)
    return instructor, student, classroom, assignment


STUDENT_PAGES = [
    ("review:session", []),
    ("review:leeches", []),
    ("review:settings", []),
    ("review:stats", []),
    ("exam:start", []),
    ("exam:history", []),
    ("classroom:classes", []),
    ("classroom:join", []),
    ("password_change", []),
]


def assert_not_stored(response):
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


@pytest.mark.parametrize(("name", "args"), STUDENT_PAGES)
def test_a_students_pages_are_not_stored(client, people, name, args):
    client.force_login(people[1])
    assert_not_stored(client.get(reverse(name, args=args)))


def test_an_exam_report_is_not_stored(client, people):
    client.force_login(people[1])
    sitting = sittings.start(people[1], 1, 10, pack_slug="course")
    client.post(reverse("exam:submit", args=[sitting.pk]))
    assert_not_stored(client.get(reverse("exam:report", args=[sitting.pk])))


@pytest.mark.parametrize(
    ("name", "of_assignment"),
    [
        ("classroom:detail", False),
        ("classroom:roster_csv", False),
        ("classroom:analysis", True),
        ("classroom:analysis_csv", True),
    ],
)
def test_an_instructors_class_pages_and_exports_are_not_stored(client, people, name, of_assignment):
    instructor, _, classroom, assignment = people
    client.force_login(instructor)
    args = [classroom.pk, assignment.pk] if of_assignment else [classroom.pk]
    assert_not_stored(client.get(reverse(name, args=args)))


def test_instructor_pack_pages_are_not_stored(client, people):
    client.force_login(people[0])
    assert_not_stored(client.get(reverse("questions:my_packs")))
    assert_not_stored(client.get(reverse("questions:upload")))


def test_anonymous_topic_pages_stay_cacheable_and_served_from_the_page_cache(
    content_dir, django_assert_max_num_queries
):
    sync_topics(content_dir / "topics")
    visitor = Client()
    first = visitor.get("/topics/beta-topic/")
    assert first.status_code == 200
    assert "no-store" not in first.get("Cache-Control", "")
    with django_assert_max_num_queries(2):
        again = Client().get("/topics/beta-topic/")
    assert again.content == first.content
    assert "no-store" not in again.get("Cache-Control", "")


def test_a_signed_in_readers_topic_page_is_not_stored(client, people, content_dir):
    sync_topics(content_dir / "topics")
    client.force_login(people[1])
    assert "no-store" in client.get("/topics/beta-topic/")["Cache-Control"]
