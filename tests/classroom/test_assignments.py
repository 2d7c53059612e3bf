import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.classroom.models import Assignment
from studyapp.core import evidence_versions
from studyapp.questions.models import Attempt, PracticeSet, Question
from studyapp.review.models import Card
from studyapp.review.queue import Queue

pytestmark = pytest.mark.django_db


def attempt(student, qid, correct, selected=(0,)):
    question = Question.objects.get(qid=qid)
    return Attempt.objects.create(
        question=question, user=student, selected=list(selected), is_correct=correct
    )


def test_assigning_enqueues_new_cards_for_every_student(client, people):
    client.force_login(people.instructor)
    response = client.post(
        reverse("classroom:assign", args=[people.classroom.pk]),
        {"pack": "course", "topic": "", "domain": "", "due_at": ""},
    )
    assert response.status_code == 302
    assert Card.objects.filter(user=people.student).count() == 4
    assert Card.objects.filter(user=people.other_student).count() == 0


def test_an_assignment_matching_no_question_is_refused(client, people):
    from studyapp.topics.models import Topic

    Topic.objects.create(
        slug="ecs-anywhere", title="ECS Anywhere", order=1, summary="s", domains=[1],
        source_path="p", content_hash="h", html="", toc=[],
    )  # fmt: skip
    client.force_login(people.instructor)
    response = client.post(
        reverse("classroom:assign", args=[people.classroom.pk]),
        {"pack": "course", "topic": "ecs-anywhere", "domain": ""},
    )
    assert response.status_code == 400
    assert "No question of this pack matches" in response.content.decode()


def test_assigned_private_questions_are_visible_to_the_class_only(client, people):
    url = reverse("questions:detail", args=["course", "q0"])
    client.force_login(people.student)
    assert client.get(url).status_code == 200
    client.force_login(people.other_student)
    assert client.get(url).status_code == 404


def test_assigned_cards_come_first_among_new_cards(people):
    from studyapp.classroom.services import enqueue
    from tests.factories import make_pack, make_question

    public = make_pack("aaa-public", "Public")
    make_question(public, "first-public", position=0)
    enqueue(people.assignment, [people.student])
    item = Queue(people.student).next_item()
    assert item.kind == "new"
    assert Question.objects.get(pk=item.question_id).pack == people.pack


def test_students_see_progress_and_what_is_overdue(client, people):
    Assignment.objects.filter(pk=people.assignment.pk).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    attempt(people.student, "q0", True)
    attempt(people.student, "q1", False)
    client.force_login(people.student)
    page = client.get(reverse("classroom:classes")).content.decode()
    assert "2 / 4" in page
    assert "50 %" in page
    assert "overdue" in page


def test_an_assignment_is_a_set_that_completes_for_the_student_and_the_instructor(client, people):
    client.force_login(people.student)
    page = client.get(reverse("classroom:classes")).content.decode()
    assert "Completed" not in page
    practise = reverse(
        "classroom:practise_assignment", args=[people.classroom.pk, people.assignment.pk]
    )
    assert practise in page
    response = client.post(practise)
    practice_set = PracticeSet.objects.get(owner=people.student)
    assert sorted(practice_set.question_ids) == sorted(
        people.pack.questions.values_list("pk", flat=True)
    )
    assert response["Location"].startswith("/questions/course/")
    for qid in ("q0", "q1", "q2"):
        attempt(people.student, qid, True)
    assert "Completed" not in client.get(reverse("classroom:classes")).content.decode()
    attempt(people.student, "q3", False)
    assert "Completed" in client.get(reverse("classroom:classes")).content.decode()
    client.force_login(people.instructor)
    analysis = reverse("classroom:analysis", args=[people.classroom.pk, people.assignment.pk])
    assert "Completed" in client.get(analysis).content.decode()


def test_only_the_class_practises_its_assignment(client, people):
    client.force_login(people.other_student)
    practise = reverse(
        "classroom:practise_assignment", args=[people.classroom.pk, people.assignment.pk]
    )
    assert client.post(practise).status_code == 404
    assert client.get(practise).status_code == 405
    assert not PracticeSet.objects.exists()


def test_roster_numbers_and_csv(client, people):
    attempt(people.student, "q0", True)
    attempt(people.student, "q0", False)
    attempt(people.student, "q1", True)
    client.force_login(people.instructor)
    page = client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    assert "stu" in page
    assert "2 / 4" in page
    assert "100 %" in page  # the first attempt at q0 was right; the wrong retry does not count
    response = client.get(reverse("classroom:roster_csv", args=[people.classroom.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:6] == [
        "username", "questions_attempted", "questions_assigned", "first_attempt_correct_percent",
        "questions_right_first_time", "attempts",
    ]  # fmt: skip
    assert rows[1][:6] == ["stu", "2", "4", "100", "2", "3"]
    assert len(rows) == 2


def test_item_analysis_page_and_csv_use_first_attempts(client, people, django_user_model):
    from studyapp.classroom.models import Membership

    others = [django_user_model.objects.create_user(f"s{n}") for n in range(3)]
    for student in others:
        Membership.objects.create(classroom=people.classroom, student=student)
    # q0: first attempts right, right, wrong, wrong (the later retry does not count).
    attempt(people.student, "q0", True)
    attempt(others[0], "q0", True)
    attempt(others[1], "q0", False, selected=(2,))
    attempt(others[1], "q0", True)
    attempt(others[2], "q0", False, selected=(2,))
    client.force_login(people.instructor)
    url = reverse("classroom:analysis", args=[people.classroom.pk, people.assignment.pk])
    page = client.get(url).content.decode()
    assert "50.0 %" in page
    response = client.get(
        reverse("classroom:analysis_csv", args=[people.classroom.pk, people.assignment.pk])
    )
    rows = {row[0]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["course/q0"][1:3] == ["4", "50.0"]
    assert rows["course/q0"][5] == "1*=2 2=0 3=2 4=0"
    assert rows["course/q1"][1:3] == ["0", ""]


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(client, people, django_user_model):
    from studyapp.classroom.models import Membership

    sneaky = django_user_model.objects.create_user("=HYPERLINK(1)")
    Membership.objects.create(classroom=people.classroom, student=sneaky)
    client.force_login(people.instructor)
    body = client.get(reverse("classroom:roster_csv", args=[people.classroom.pk])).content
    assert b"'=HYPERLINK(1)" in body


def join_as(client, user, classroom):
    client.force_login(user)
    return client.post(reverse("classroom:join"), {"code": classroom.join_code})


def test_an_instructor_cannot_assign_a_private_pack_seen_as_a_member(client, people):
    join_as(client, people.other_instructor, people.classroom)
    # As a member, oscar may study ines's private pack...
    assert client.get(reverse("questions:detail", args=["course", "q0"])).status_code == 200
    # ...but not hand it to his own class.
    form_page = client.get(reverse("classroom:assign", args=[people.other_classroom.pk]))
    assert 'value="course"' not in form_page.content.decode()
    response = client.post(
        reverse("classroom:assign", args=[people.other_classroom.pk]),
        {"pack": "course", "topic": "", "domain": "", "due_at": ""},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.filter(classroom=people.other_classroom).exists()
    assert Card.objects.filter(user=people.other_student).count() == 0


def test_own_and_public_packs_can_be_assigned(client, people):
    from tests.factories import make_pack, make_question

    public = make_pack("shared", "Shared", owner=people.instructor, is_public=True)
    make_question(public, "s0")
    own = make_pack("mine", "Mine", owner=people.other_instructor, is_public=False)
    make_question(own, "m0")
    client.force_login(people.other_instructor)
    for slug in ("shared", "mine"):
        response = client.post(
            reverse("classroom:assign", args=[people.other_classroom.pk]),
            {"pack": slug, "topic": "", "domain": "", "due_at": ""},
        )
        assert response.status_code == 302
    assert Card.objects.filter(user=people.other_student).count() == 2


def test_a_re_shared_private_pack_is_not_visible_through_the_other_class(client, people):
    # An assignment made before the rule: oscar's class holds ines's private pack.
    Assignment.objects.create(classroom=people.other_classroom, pack=people.pack)
    url = reverse("questions:detail", args=["course", "q0"])
    client.force_login(people.other_student)
    assert client.get(url).status_code == 404
    page = client.get(reverse("classroom:classes")).content.decode()
    assert "No longer shared with the class" in page
    assert "?pack=course" not in page
    # Nor after removal from ines's class does membership leave oscar any access.
    join_as(client, people.other_instructor, people.classroom)
    people.classroom.memberships.filter(student=people.other_instructor).delete()
    assert client.get(url).status_code == 404


def test_a_pack_made_private_by_another_owner_stops_being_shared(client, people):
    from tests.factories import make_pack, make_question

    public = make_pack("was-public", "Was public", owner=people.instructor, is_public=True)
    make_question(public, "w0")
    Assignment.objects.create(classroom=people.other_classroom, pack=public)
    url = reverse("questions:detail", args=["was-public", "w0"])
    client.force_login(people.other_student)
    assert client.get(url).status_code == 200
    public.is_public = False
    public.save()
    assert client.get(url).status_code == 404
    assert (
        "No longer shared with the class"
        in client.get(reverse("classroom:classes")).content.decode()
    )
    # A newcomer gets no cards for it either.
    newcomer = people.staff
    join_as(client, newcomer, people.other_classroom)
    assert not Card.objects.filter(user=newcomer, question__pack=public).exists()


def test_assigning_moves_only_the_class_students_readiness_on(client, people):
    # Their readiness now covers the pack; every other learner's cached one stays valid.
    ids = [people.student.pk, people.other_student.pk, people.instructor.pk]
    before = evidence_versions.versions(ids)
    client.force_login(people.instructor)
    client.post(
        reverse("classroom:assign", args=[people.classroom.pk]),
        {"pack": "course", "topic": "", "domain": "", "due_at": ""},
    )
    after = evidence_versions.versions(ids)
    assert after[people.student.pk] != before[people.student.pk]
    assert after[people.other_student.pk] == before[people.other_student.pk]
    assert after[people.instructor.pk] == before[people.instructor.pk]
