"""An instructor's own pack pages: view, rename, delete (with the rule asked first), export,
making public only after a confirmation, the upload preview, and the pack format page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from studyapp.classroom.models import Assignment, Classroom
from studyapp.questions.models import Pack, PendingUpload
from tests.questions.conftest import PACK
from tests.questions.test_upload import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def instructor(django_user_model):
    user = django_user_model.objects.create_user("ines")
    user.groups.add(Group.objects.get(name="instructors"))
    return user


@pytest.fixture
def as_owner(client, instructor, topics):
    """Signed in as the owner of the demo pack (tests/questions/conftest.PACK), imported."""
    client.force_login(instructor)
    upload(client, PACK.encode())
    client.post(reverse("questions:confirm_upload", args=[PendingUpload.objects.get().pk]))
    return client


def test_the_pack_page_shows_each_question_as_students_see_it(as_owner):
    page = as_owner.get(reverse("questions:pack_detail", args=["demo"])).content.decode()
    assert "<h1>Demo pack</h1>" in page
    assert "Which role does the ECS agent use to pull a private ECR image?" in page
    assert '<span class="option__text">The task execution role</span>' in page
    assert "Choose one." in page
    assert "Choose 2." in page
    # The answer key is there for its author, folded away.
    assert "<summary>Answer and explanation</summary>" in page


def test_other_instructors_do_not_see_the_pack_pages(as_owner, client, django_user_model):
    other = django_user_model.objects.create_user("otto")
    other.groups.add(Group.objects.get(name="instructors"))
    client.force_login(other)
    for name in ("pack_detail", "export_pack", "delete_pack", "set_public"):
        assert client.get(reverse(f"questions:{name}", args=["demo"])).status_code == 404
    assert (
        client.post(reverse("questions:rename_pack", args=["demo"]), {"title": "x"}).status_code
        == 404
    )


def test_renaming(as_owner):
    url = reverse("questions:rename_pack", args=["demo"])
    response = as_owner.post(url, {"title": "  Roles and services  "})
    assert response["Location"] == reverse("questions:pack_detail", args=["demo"])
    assert Pack.objects.get().title == "Roles and services"
    refused = as_owner.post(url, {"title": "   "})
    assert refused.status_code == 400
    assert "A pack needs a title." in refused.content.decode()
    too_long = as_owner.post(url, {"title": "x" * 201})
    assert too_long.status_code == 400
    assert "at most 200 characters" in too_long.content.decode()
    assert Pack.objects.get().title == "Roles and services"


def test_deleting_an_unused_pack_asks_first(as_owner):
    url = reverse("questions:delete_pack", args=["demo"])
    page = as_owner.get(url).content.decode()
    assert "Delete Demo pack?" in page
    assert "no learner loses anything" in page
    assert Pack.objects.exists()
    response = as_owner.post(url)
    assert response["Location"] == reverse("questions:my_packs")
    assert not Pack.objects.exists()


def test_a_pack_a_class_uses_cannot_be_deleted(as_owner, instructor):
    classroom = Classroom.objects.create(name="C", instructor=instructor)
    Assignment.objects.create(classroom=classroom, pack=Pack.objects.get())
    url = reverse("questions:delete_pack", args=["demo"])
    page = as_owner.get(url).content.decode()
    assert "Demo pack cannot be deleted" in page
    assert "1 class assignment uses it." in page
    assert '<button type="submit" class="button--danger">' not in page
    response = as_owner.post(url)
    assert response.status_code == 409
    assert Pack.objects.exists()


def test_export_downloads_markdown_that_uploads_back_unchanged(as_owner):
    response = as_owner.get(reverse("questions:export_pack", args=["demo"]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="demo.md"'
    again = upload(as_owner, response.content).content.decode()
    assert "demo: 2 questions (0 added, 0 changed, 2 unchanged, 0 retired)" in again


def test_making_a_pack_public_is_confirmed_first(as_owner):
    url = reverse("questions:set_public", args=["demo"])
    page = as_owner.get(url).content.decode()
    assert "Make Demo pack public?" in page
    assert '<input type="hidden" name="public" value="yes">' in page
    assert not Pack.objects.get().is_public
    my_packs = as_owner.get(reverse("questions:my_packs")).content.decode()
    assert f'<a href="{url}">Make public…</a>' in my_packs
    as_owner.post(url, {"public": "yes"})
    assert Pack.objects.get().is_public


def test_the_upload_preview_shows_the_questions_as_students_will(as_owner):
    page = upload(as_owner, PACK.replace("pack: demo", "pack: demo-two").encode()).content.decode()
    assert "As students will see them" in page
    assert '<span class="option__text">The task execution role</span>' in page
    assert "<summary>Answer and explanation</summary>" in page


def test_the_preview_renders_only_the_first_questions(as_owner, monkeypatch):
    from studyapp.questions import uploads

    monkeypatch.setattr(uploads, "MAX_PREVIEWED_QUESTIONS", 1)
    page = upload(as_owner, PACK.replace("pack: demo", "pack: demo-two").encode()).content.decode()
    assert "The task execution role" in page
    assert "Load balancer health checks" not in page
    assert "… and 1 more question, checked but not shown here." in page


def test_the_pack_format_is_a_page_linked_from_the_upload_form(as_owner, client):
    url = reverse("questions:pack_format")
    assert (
        f'<a href="{url}">the pack format</a>'
        in as_owner.get(reverse("questions:upload")).content.decode()
    )
    client.logout()
    page = client.get(url).content.decode()
    assert 'id="front-matter"' in page
    assert '<h1 id="question-pack-format">Question pack format' in page
