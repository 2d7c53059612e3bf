"""
Whatever an instructor uploads, in any format, the preview and the confirmation answer with a
page (200, a redirect or a 400 listing located errors), never a 500 (issue 14).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from studyapp.questions.models import PendingUpload
from studyapp.questions.packs import export_pack
from studyapp.questions.uploads import MAX_SHOWN_ERRORS

from .packs.strategies import packs
from .packs.test_arbitrary_input import (
    AIKEN_FRAGMENTS,
    AIKEN_QUESTIONS,
    GIFT_FRAGMENTS,
    GIFT_QUESTIONS,
    MARKDOWN_FRAGMENTS,
    MAX_MESSAGE_LENGTH,
    edited,
    files_of,
    lines_of,
)

pytestmark = pytest.mark.django_db


def to_bytes(text):
    """Text as an editor would save it; a lone surrogate gives bytes that are not UTF-8."""
    return text.encode("utf-8", "surrogatepass")


FORMATS = [("pack.md", ""), ("pack.gift", ""), ("pack.txt", "aiken"), ("pack.md", "gift")]
contents = (
    st.binary(max_size=3_000)
    | st.text(max_size=3_000).map(to_bytes)
    | lines_of(MARKDOWN_FRAGMENTS)
    .map(lambda body: "---\npack: f\ntitle: F\n---\n" + body)
    .map(to_bytes)
    | edited(packs().map(export_pack), MARKDOWN_FRAGMENTS).map(to_bytes)
    | edited(files_of(GIFT_QUESTIONS), GIFT_FRAGMENTS).map(to_bytes)
    | edited(files_of(AIKEN_QUESTIONS), AIKEN_FRAGMENTS).map(to_bytes)
)
ERROR_ITEM = re.compile(r"<li><code>(.*?)</code></li>", re.DOTALL)
LOCATED = re.compile(r"pack\.(?:md|gift|txt)(?::\d+)?: ")


@pytest.fixture
def instructor_client(client, django_user_model):
    user = django_user_model.objects.create_user("fuzz-instructor")
    user.groups.add(Group.objects.get(name="instructors"))
    client.force_login(user)
    return client


def assert_located_and_bounded(page):
    shown = ERROR_ITEM.findall(page)
    if not shown:  # a form error, such as an empty file, is reported by its field
        assert '<p class="form-error">' in page
        return
    assert len(shown) <= MAX_SHOWN_ERRORS
    for item in shown:
        assert LOCATED.match(item), item
        assert len(item) <= MAX_MESSAGE_LENGTH + 200


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=contents, name_and_format=st.sampled_from(FORMATS))
def test_preview_and_confirm_never_fail_whatever_the_file(
    instructor_client, content, name_and_format
):
    name, file_format = name_and_format
    # Each example is a fresh hour for the instructor: the preview rate limit (its own tests are
    # in test_upload_rate_limit.py) must not answer in place of the parser.
    cache.clear()
    response = instructor_client.post(
        reverse("questions:upload"),
        {"file": SimpleUploadedFile(name, content), "file_format": file_format},
    )
    page = response.content.decode()
    if response.status_code == 400:
        assert_located_and_bounded(page)
        return
    assert response.status_code == 200
    pending = PendingUpload.objects.filter(owner__username="fuzz-instructor").latest("pk")
    response = instructor_client.post(reverse("questions:confirm_upload", args=[pending.pk]))
    event(f"confirm answered {response.status_code}")
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert_located_and_bounded(response.content.decode())
