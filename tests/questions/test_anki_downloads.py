import io
import sqlite3
import zipfile

import pytest
from django.urls import reverse

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions import anki
from studyapp.questions.packs.anki import note_guid
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


def download_url(slug, part=1):
    return reverse("questions:anki_pack", args=[slug, part])


def page_url(slug):
    return reverse("questions:anki", args=[slug])


def note_guids(response, tmp_path):
    """The guids of the notes in a downloaded .apkg, in order."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(path)
    try:
        return [guid for (guid,) in connection.execute("SELECT guid FROM notes ORDER BY id")]
    finally:
        connection.close()


@pytest.fixture
def public_pack():
    pack = make_pack("open-pack", "Open pack")
    make_question(pack, "first")
    make_question(pack, "second")
    gone = make_question(pack, "gone")
    gone.is_retired = True
    gone.save()
    return pack


def test_a_visitor_downloads_a_public_pack_without_its_retired_questions(
    client, public_pack, tmp_path
):
    response = client.get(download_url("open-pack"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert response["Content-Disposition"] == 'attachment; filename="open-pack.apkg"'
    assert response["Cache-Control"] == "private, no-store"
    assert note_guids(response, tmp_path) == [
        note_guid("open-pack", "first"),
        note_guid("open-pack", "second"),
    ]


def test_a_second_download_keeps_the_note_ids(client, public_pack, tmp_path):
    first = note_guids(client.get(download_url("open-pack")), tmp_path)
    public_pack.questions.filter(qid="first").update(stem="Edited stem?")
    assert note_guids(client.get(download_url("open-pack")), tmp_path) == first


def test_a_pack_the_learner_may_not_see_does_not_exist(client, django_user_model):
    owner = django_user_model.objects.create_user("owner")
    make_question(make_pack("private-pack", owner=owner, is_public=False), "q")
    for url in (download_url("private-pack"), page_url("private-pack")):
        assert client.get(url).status_code == 404
    client.force_login(django_user_model.objects.create_user("lea"))
    for url in (download_url("private-pack"), page_url("private-pack")):
        assert client.get(url).status_code == 404
    assert client.get(download_url("no-such-pack")).status_code == 404
    client.force_login(owner)
    assert client.get(download_url("private-pack")).status_code == 200


def test_a_class_member_downloads_an_assigned_pack_only_when_the_instructor_offers_it(
    client, django_user_model
):
    instructor = django_user_model.objects.create_user("ines")
    student = django_user_model.objects.create_user("stu")
    outsider = django_user_model.objects.create_user("olga")
    pack = make_pack("course", "Course pack", owner=instructor, is_public=False)
    make_question(pack, "q1")
    classroom = Classroom.objects.create(name="ECS 101", instructor=instructor)
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, pack=pack)
    client.force_login(student)
    # Not offered: the deck would hold the answers to questions whose first attempt counts.
    assert (
        f'href="{page_url("course")}"'
        not in client.get(reverse("classroom:classes")).content.decode()
    )
    assert client.get(download_url("course")).status_code == 404
    assignment.offers_anki = True
    assignment.save()
    page = client.get(reverse("classroom:classes")).content.decode()
    assert f'href="{page_url("course")}"' in page
    assert f'href="{download_url("course")}"' in client.get(page_url("course")).content.decode()
    assert client.get(download_url("course")).status_code == 200
    client.force_login(outsider)
    assert client.get(download_url("course")).status_code == 404


def test_a_huge_part_number_is_a_404_not_an_overflow(client, public_pack):
    assert client.get(download_url("open-pack", 10**22)).status_code == 404


def test_the_practice_page_links_each_visible_pack(client, public_pack):
    page = client.get(reverse("questions:practice")).content.decode()
    assert f'href="{page_url("open-pack")}"' in page


def test_a_large_pack_comes_in_parts_that_fill_one_deck(client, public_pack, monkeypatch, tmp_path):
    monkeypatch.setattr(anki, "ANKI_PART_SIZE", 1)
    page = client.get(page_url("open-pack")).content.decode()
    assert "Part 2: questions 2 to 2" in page
    assert f'href="{download_url("open-pack", 2)}"' in page
    second = client.get(download_url("open-pack", 2))
    assert second["Content-Disposition"] == 'attachment; filename="open-pack-part-2.apkg"'
    assert note_guids(second, tmp_path) == [note_guid("open-pack", "second")]
    for past in (0, 3):
        assert client.get(download_url("open-pack", past)).status_code == 404


def test_downloads_are_rate_limited(client, public_pack):
    statuses = [client.get(download_url("open-pack")).status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
