import io
import sqlite3
import zipfile

import pytest
from django.urls import reverse

from studyapp.questions.packs.anki import note_guid
from studyapp.review.models import Card
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

URL = reverse("review:anki_cards", args=[1])
PAGE = reverse("review:anki")


def guids(response, tmp_path):
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(path)
    try:
        return {guid for (guid,) in connection.execute("SELECT guid FROM notes")}
    finally:
        connection.close()


def test_visitors_are_sent_to_sign_in(client):
    for url in (URL, PAGE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_download_holds_only_the_learners_cards_in_packs_they_may_see(
    client, django_user_model, tmp_path
):
    learner = django_user_model.objects.create_user("lea")
    other = django_user_model.objects.create_user("otto")
    shared = make_pack("shared")
    mine, theirs = make_question(shared, "mine"), make_question(shared, "theirs")
    hidden = make_pack("hidden", owner=other, is_public=False)
    withdrawn = make_question(hidden, "withdrawn")
    never_rated = make_question(shared, "never-rated")
    Card.objects.create(user=learner, question=mine, reps=1)
    Card.objects.create(user=learner, question=withdrawn, reps=1)
    Card.objects.create(user=other, question=theirs, reps=1)
    # A card not yet reviewed may be an assigned question not yet answered: its key stays out.
    Card.objects.create(user=learner, question=never_rated)
    client.force_login(learner)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="review-cards.apkg"'
    assert guids(response, tmp_path) == {note_guid("shared", "mine")}
    assert "All 1 question (.apkg)" in client.get(PAGE).content.decode()


def test_the_review_page_links_the_download(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("lea"))
    assert f'href="{PAGE}"' in client.get(reverse("review:session")).content.decode()
