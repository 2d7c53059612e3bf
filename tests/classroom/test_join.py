import pytest
from django.urls import reverse

from studyapp.classroom.models import JOIN_CODE_ALPHABET, Membership, new_join_code
from studyapp.review.models import Card

pytestmark = pytest.mark.django_db


def test_join_codes_use_an_unambiguous_alphabet():
    for _ in range(50):
        code = new_join_code()
        assert len(code) == 8
        assert set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_a_student_joins_with_the_code_and_gets_the_assigned_questions(
    client, people, django_user_model
):
    newcomer = django_user_model.objects.create_user("nia")
    client.force_login(newcomer)
    code = people.classroom.join_code
    response = client.post(reverse("classroom:join"), {"code": f" {code[:4].lower()}-{code[4:]} "})
    assert response["Location"] == reverse("classroom:classes")
    assert Membership.objects.filter(classroom=people.classroom, student=newcomer).exists()
    assert Card.objects.filter(user=newcomer, state=0).count() == 4
    page = client.get(reverse("classroom:classes")).content.decode()
    assert "ECS 101" in page
    assert "Course pack" in page


def test_a_wrong_code_says_so_without_revealing_classes(client, people):
    client.force_login(people.other_student)
    response = client.post(reverse("classroom:join"), {"code": "ZZZZZZZZ"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "That code does not match any class." in page
    assert "ECS 101" not in page


def test_a_regenerated_code_replaces_the_old_one(client, people):
    old = people.classroom.join_code
    client.force_login(people.instructor)
    client.post(reverse("classroom:regenerate_code", args=[people.classroom.pk]))
    people.classroom.refresh_from_db()
    assert people.classroom.join_code != old
    client.force_login(people.other_student)
    assert client.post(reverse("classroom:join"), {"code": old}).status_code == 400
    response = client.post(reverse("classroom:join"), {"code": people.classroom.join_code})
    assert response.status_code == 302


def test_an_instructor_removes_a_student(client, people):
    client.force_login(people.instructor)
    url = reverse("classroom:remove_student", args=[people.classroom.pk, people.student.pk])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(student=people.student).exists()
    assert client.post(url).status_code == 404


def test_joining_twice_is_harmless(client, people):
    client.force_login(people.student)
    client.post(reverse("classroom:join"), {"code": people.classroom.join_code})
    assert Membership.objects.filter(student=people.student).count() == 1


def test_guessing_join_codes_is_rate_limited_per_user(client, people, django_user_model):
    client.force_login(people.other_student)
    for _ in range(10):
        assert client.post(reverse("classroom:join"), {"code": "ZZZZZZZZ"}).status_code == 400
    response = client.post(reverse("classroom:join"), {"code": people.classroom.join_code})
    assert response.status_code == 429
    assert "Too many attempts to join a class: the limit is 10 every 10 minutes." in (
        response.content.decode()
    )
    assert int(response["Retry-After"]) <= 600
    assert not Membership.objects.filter(student=people.other_student, classroom=people.classroom)
    newcomer = django_user_model.objects.create_user("nia")
    client.force_login(newcomer)
    response = client.post(reverse("classroom:join"), {"code": people.classroom.join_code})
    assert response.status_code == 302
