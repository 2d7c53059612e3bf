"""
Whole-page caching (studyapp/accounts/pagecache.py), seen through the topic page, the page that uses
it: each visitor gets the frame of their kind, their own name and a CSRF token that works.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.topics.loading import sync_topics

pytestmark = pytest.mark.django_db

TOPIC_URL = "/topics/beta-topic/"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def loaded(content_dir):
    sync_topics(content_dir / "topics")


def make_user(username):
    return get_user_model().objects.create_user(username, password="a-password-for-tests-7")


def signed_in(user, **client_options):
    client = Client(**client_options)
    client.force_login(user)
    return client


def test_a_cached_page_carries_each_students_own_name(django_assert_max_num_queries):
    first = signed_in(make_user("ada"))
    second = signed_in(make_user("grace"))
    assert ">ada</a>" in first.get(TOPIC_URL).content.decode()
    second.get("/topics/alpha-topic/")  # looks up, once, whether grace is an instructor
    with django_assert_max_num_queries(2):  # the session and the user; nothing for the page
        html = second.get(TOPIC_URL).content.decode()
    assert ">grace</a>" in html
    assert "ada" not in html
    assert "studyapp-placeholder-" not in html


def test_the_sign_out_form_of_a_cached_page_has_a_token_that_works():
    signed_in(make_user("ada")).get(TOPIC_URL)
    client = signed_in(make_user("grace"), enforce_csrf_checks=True)
    html = client.get(TOPIC_URL).content.decode()
    token = TOKEN_RE.search(html).group(1)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_hostile_account_name_is_escaped_when_filled_in():
    signed_in(make_user("ada")).get(TOPIC_URL)
    html = signed_in(make_user("<b>x")).get(TOPIC_URL).content.decode()
    assert "&lt;b&gt;x</a>" in html
    assert "<b>x" not in html


def test_students_instructors_and_anonymous_visitors_each_get_their_own_frame():
    instructor = make_user("teacher")
    instructor.groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))
    anonymous = Client().get(TOPIC_URL).content.decode()
    student = signed_in(make_user("ada")).get(TOPIC_URL).content.decode()
    teacher = signed_in(instructor).get(TOPIC_URL).content.decode()
    packs_link = f'href="{reverse("questions:my_packs")}"'
    assert "Sign in" in anonymous
    assert "Sign out" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous
    assert "Sign out" in student
    assert packs_link not in student
    assert packs_link in teacher


def test_a_visitor_with_a_message_waiting_sees_it_once():
    client = signed_in(make_user("ada"))
    client.get(TOPIC_URL)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-password-for-tests-7",
            "new_password1": "another-password-for-tests-8",
            "new_password2": "another-password-for-tests-8",
        },
    )
    assert response.status_code == 302
    first = client.get(TOPIC_URL).content.decode()
    second = client.get(TOPIC_URL).content.decode()
    assert "Your password has been changed." in first
    assert "Your password has been changed." not in second


def test_a_new_secret_key_never_fills_in_a_page_stored_under_the_old_one(settings):
    signed_in(make_user("ada")).get(TOPIC_URL)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    html = signed_in(make_user("grace")).get(TOPIC_URL).content.decode()
    assert ">grace</a>" in html
    assert "studyapp-placeholder-" not in html
