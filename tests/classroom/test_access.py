"""
Every classroom URL for six kinds of visitor. Anything a visitor may not see is a 404, never a
403 that would confirm it exists; anonymous visitors are sent to sign in.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "other_student", "instructor", "other_instructor", "staff"]


def urls(people):
    c, a, s = people.classroom.pk, people.assignment.pk, people.student.pk
    remove = reverse("classroom:remove_student", args=[c, s])
    return {
        ("GET", reverse("classroom:classes")): ["302", 200, 200, 200, 200, 200],
        ("GET", reverse("classroom:join")): ["302", 200, 200, 200, 200, 200],
        ("GET", reverse("classroom:create")): ["302", 404, 404, 200, 200, 200],
        ("GET", reverse("classroom:detail", args=[c])): ["302", 404, 404, 200, 404, 404],
        ("GET", reverse("classroom:roster_csv", args=[c])): ["302", 404, 404, 200, 404, 404],
        ("GET", reverse("classroom:assign", args=[c])): ["302", 404, 404, 200, 404, 404],
        ("GET", reverse("classroom:analysis", args=[c, a])): ["302", 404, 404, 200, 404, 404],
        ("GET", reverse("classroom:analysis_csv", args=[c, a])): ["302", 404, 404, 200, 404, 404],
        ("POST", reverse("classroom:regenerate_code", args=[c])): ["302", 404, 404, 302, 404, 404],
        ("GET", remove): ["302", 404, 404, 200, 404, 404],
        ("POST", remove): ["302", 404, 404, 302, 404, 404],
        ("GET", reverse("classroom:regenerate_code", args=[c])): ["302", 405, 405, 405, 405, 405],
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, role):
    from studyapp.classroom.models import Membership

    for (method, url), expected in urls(people).items():
        Membership.objects.get_or_create(classroom=people.classroom, student=people.student)
        if role != "anonymous":
            client.force_login(getattr(people, role))
        response = client.post(url) if method == "POST" else client.get(url)
        want = expected[ROLES.index(role)]
        if want == "302":
            assert response.status_code == 302, (role, method, url)
            assert response["Location"].startswith(reverse("login")), (role, url)
        else:
            assert response.status_code == want, (role, method, url, response.status_code)


def test_an_instructor_cannot_reach_another_instructors_assignment_through_their_own_class(
    client, people
):
    from studyapp.classroom.models import Assignment

    foreign = Assignment.objects.create(classroom=people.other_classroom, pack=people.pack)
    client.force_login(people.instructor)
    url = reverse("classroom:analysis", args=[people.classroom.pk, foreign.pk])
    assert client.get(url).status_code == 404
