"""What visitors, students and instructors type can neither break a page nor inject script."""

import pytest
from django.urls import reverse

from studyapp.classroom.models import Classroom, Membership
from studyapp.review.actions import MAX_DURATION_MS
from studyapp.review.models import Card, ReviewLog

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


SUPERSCRIPT_TWO = "\u00b2"  # str.isdigit() accepts it; int() refuses it


@pytest.mark.parametrize(
    ("method", "url", "data", "statuses"),
    [
        ("GET", "review:session", {"card": SUPERSCRIPT_TWO}, {200}),
        ("POST", "review:answer", {"question": SUPERSCRIPT_TWO}, {400}),
        ("POST", "review:rate", {"card": SUPERSCRIPT_TWO, "version": "0", "rating": "3"}, {400}),
        ("POST", "review:rate", {"card": "9" * 30, "version": "0", "rating": "3"}, {400}),
        ("POST", "questions:start_set", {"after": SUPERSCRIPT_TWO}, {302}),
        ("POST", "questions:start_set", {"after": "9" * 40}, {302}),
        ("POST", "questions:start_set", {"domain": "<script>", "pack": "../../etc"}, {400}),
        ("POST", "questions:start_set", {"tag": "x" * 101}, {400}),
        ("POST", "exam:question", {"go": SUPERSCRIPT_TWO}, {302}),
        ("POST", "exam:question", {"option": SUPERSCRIPT_TWO, "go": "next"}, {400}),
        ("POST", "sims:capacity", {"remove-provider": SUPERSCRIPT_TWO}, {200, 400}),
    ],
)
def test_numbers_that_only_look_like_numbers_get_a_clear_answer(
    client, world, method, url, data, statuses
):
    users, kwargs = world
    client.force_login(users["student"])
    send = client.post if method == "POST" else client.get
    response = send(reverse(url, kwargs=kwargs.get(url)), data)
    assert response.status_code in statuses


def test_a_rating_with_an_unreadable_or_huge_duration_is_recorded_as_unknown_or_clamped(
    client, world
):
    users, _ = world
    client.force_login(users["student"])
    card = Card.objects.filter(user=users["student"]).first()
    for duration in (SUPERSCRIPT_TWO, "9" * 30):
        response = client.post(
            reverse("review:rate"),
            {"card": card.pk, "version": card.version, "rating": "3", "duration_ms": duration},
        )
        assert response.status_code == 302
        card.refresh_from_db()
    durations = list(ReviewLog.objects.filter(card=card).values_list("duration_ms", flat=True))
    assert durations[0] == 0
    assert durations[1] == MAX_DURATION_MS


@pytest.mark.parametrize(("declared", "status"), [(SUPERSCRIPT_TWO, 400), ("9" * 30, 413)])
def test_the_simulator_api_reads_a_strange_content_length_without_failing(client, declared, status):
    response = client.generic(
        "POST",
        reverse("sims:api", args=["capacity"]),
        b"not json",
        content_type="application/json",
        headers={"Content-Length": declared},
    )
    assert response.status_code == status
