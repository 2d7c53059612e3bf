"""Who may issue a reset link for whom: an instructor, for a student of their own class only."""

import logging
import re

import pytest
from django.urls import reverse

from studyapp.accounts.models import ResetLink
from studyapp.classroom.models import Membership

pytestmark = pytest.mark.django_db
PASSWORD = "a-password-for-tests-7"


@pytest.fixture
def people(people):
    """The classroom people, every one of them signing in with a password."""
    for user in (people.student, people.other_student, people.instructor, people.staff):
        user.set_password(PASSWORD)
        user.save()
    return people


def issue(client, classroom, student):
    return client.post(reverse("classroom:issue_reset_link", args=[classroom.pk, student.pk]))


def test_an_instructor_gets_a_link_and_its_qr_code_for_their_student(client, people, caplog):
    client.force_login(people.instructor)
    with caplog.at_level(logging.INFO, logger="studyapp.accounts.reset_links"):
        response = issue(client, people.classroom, people.student)
    page = response.content.decode()
    assert response.status_code == 200
    link = re.search(r"http://testserver(/accounts/reset/[\w-]+/)", page).group(1)
    assert "<svg" in page
    assert "QR code of the reset link" in page
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    log = ResetLink.objects.get()
    assert (log.student, log.issued_by, log.classroom_name) == (
        people.student,
        people.instructor,
        "ECS 101",
    )
    assert (
        f"issued for user {people.student.pk} by instructor {people.instructor.pk}" in caplog.text
    )
    assert client.get(link).status_code == 200


def test_the_instructor_never_sees_or_sets_a_password(client, people):
    client.force_login(people.instructor)
    page = issue(client, people.classroom, people.student).content.decode()
    assert 'type="password"' not in page
    assert PASSWORD not in page
    people.student.refresh_from_db()
    assert people.student.check_password(PASSWORD)


def test_no_link_for_a_student_of_another_class(client, people):
    client.force_login(people.instructor)
    assert issue(client, people.classroom, people.other_student).status_code == 404
    assert issue(client, people.other_classroom, people.other_student).status_code == 404
    assert not ResetLink.objects.exists()


def test_no_link_for_an_instructor_or_staff_even_in_the_class(client, people):
    Membership.objects.create(classroom=people.classroom, student=people.other_instructor)
    Membership.objects.create(classroom=people.classroom, student=people.staff)
    client.force_login(people.instructor)
    assert issue(client, people.classroom, people.other_instructor).status_code == 404
    assert issue(client, people.classroom, people.staff).status_code == 404
    assert not ResetLink.objects.exists()


def test_no_link_for_an_account_without_a_password(client, people):
    people.student.set_unusable_password()
    people.student.save()
    client.force_login(people.instructor)
    assert issue(client, people.classroom, people.student).status_code == 404


@pytest.mark.parametrize("who", ["student", "other_student", "other_instructor", "staff"])
def test_nobody_but_the_classes_instructor_may_issue(client, people, who):
    client.force_login(getattr(people, who))
    assert issue(client, people.classroom, people.student).status_code == 404
    assert not ResetLink.objects.exists()


def test_issuing_is_a_post(client, people):
    client.force_login(people.instructor)
    url = reverse("classroom:issue_reset_link", args=[people.classroom.pk, people.student.pk])
    assert client.get(url).status_code == 405


def test_issuing_is_rate_limited(client, people):
    client.force_login(people.instructor)
    statuses = {issue(client, people.classroom, people.student).status_code for _ in range(60)}
    assert statuses == {200}
    assert issue(client, people.classroom, people.student).status_code == 429


def test_the_roster_offers_a_link_per_student(client, people):
    client.force_login(people.instructor)
    page = client.get(reverse("classroom:detail", args=[people.classroom.pk])).content.decode()
    url = reverse("classroom:issue_reset_link", args=[people.classroom.pk, people.student.pk])
    assert url in page
