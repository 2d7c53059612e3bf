"""What visitors, students and instructors type can neither break a page nor inject script."""

import pytest
from django.urls import reverse

from studyapp.classroom.models import Classroom, Membership

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_class_names_descriptions_and_usernames_are_escaped(client, world, django_user_model):
    users, kwargs = world
    classroom = Classroom.objects.get(pk=kwargs["classroom:detail"]["classroom_id"])
    classroom.name = PAYLOAD
    classroom.description = PAYLOAD
    classroom.save()
    hostile = django_user_model.objects.create_user(username="x" + PAYLOAD[:140])
    Membership.objects.create(classroom=classroom, student=hostile)
    pages = []
    client.force_login(users["instructor"])
    pages.append(client.get(reverse("classroom:detail", kwargs=kwargs["classroom:detail"])))
    pages.append(client.get(reverse("classroom:classes")))
    client.force_login(users["student"])
    pages.append(client.get(reverse("classroom:classes")))
    client.force_login(hostile)
    pages.append(client.get(reverse("home")))
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("questions:practice", {"domain": "abc"}, 400),
        ("questions:next", {"domain": "<script>", "pack": "../../etc"}, 400),
        ("questions:next", {"after": "9" * 40}, 302),
        ("search", {"q": "\x00" + "a" * 5000}, 200),
        ("exam:start", {"questions": "lots", "minutes": "-5"}, 400),
        ("exam:start", {"questions": "9" * 30}, 400),
        ("review:session", {"card": "9" * 30}, 200),
    ],
)
def test_invalid_query_strings_get_a_clear_answer_not_an_error(client, world, url, params, status):
    users, _ = world
    client.force_login(users["student"])
    response = client.get(reverse(url), params)
    assert response.status_code == status


def test_a_huge_integer_in_a_url_is_a_404(client, world):
    users, _ = world
    client.force_login(users["student"])
    assert client.get(f"/exam/{'9' * 30}/").status_code == 404
    assert client.get(f"/classes/{'9' * 30}/").status_code in (302, 404)
