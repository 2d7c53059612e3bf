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


def test_the_roster_asks_before_removing_a_student(client, people):
    client.force_login(people.instructor)
    url = reverse("classroom:remove_student", args=[people.classroom.pk, people.student.pk])
    roster = client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    assert f'<a href="{url}">Remove stu</a>' in roster
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Remove stu from ECS 101?" in page
    assert f'<form method="post" action="{url}"' in page
    # Asking removes nothing; only the confirmation's POST does.
    assert Membership.objects.filter(student=people.student).exists()


def test_a_join_link_fills_the_code_in_without_joining(client, people, django_user_model):
    newcomer = django_user_model.objects.create_user("nia")
    client.force_login(newcomer)
    code = people.classroom.join_code
    page = client.get(reverse("classroom:join"), {"code": code}).content.decode()
    assert f'value="{code}"' in page
    assert not Membership.objects.filter(student=newcomer).exists()


def test_a_join_link_keeps_its_code_through_sign_in(client, people):
    response = client.get(reverse("classroom:join"), {"code": "ABCD2345"})
    assert response.status_code == 302
    assert "next=/join/%3Fcode%3DABCD2345" in response["Location"]


def test_the_class_page_shares_the_join_link_and_its_qr_code(client, people):
    client.force_login(people.instructor)
    page = client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    link = f"http://testserver/join/?code={people.classroom.join_code}"
    assert f'value="{link}" readonly' in page
    assert 'data-copy="join-link"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<title>QR code of the join link for ECS 101</title>" in page


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
