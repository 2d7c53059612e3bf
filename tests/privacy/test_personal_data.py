"""The export holds every row the database holds about the learner, and no secret."""

import csv
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from studyapp.privacy import personal_data
from studyapp.privacy.personal_data import NOT_EXPORTED, SECTIONS

pytestmark = pytest.mark.django_db
# Every one of these has rows for the learner of the `history` fixture.
FILLED = {
    "attempts", "cards", "review_logs", "study_settings", "exam_sittings", "exam_answers",
    "bookmarks", "practice_sets", "class_memberships", "reset_links",
}  # fmt: skip


def keys_to_users():
    """(model, field name) of every foreign key, one-to-one or many-to-many to the user model."""
    user_model = get_user_model()
    return {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def test_every_key_to_a_user_is_exported_or_explained():
    exported = {(section.model, section.user_path) for section in SECTIONS}
    forgotten = {
        f"{model._meta.label}.{name}"
        for model, name in keys_to_users()
        if (model, name) not in exported and f"{model._meta.label}.{name}" not in NOT_EXPORTED
    }
    assert not forgotten, f"add these to privacy.personal_data.SECTIONS: {sorted(forgotten)}"


def download(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def rows_held(section, user):
    return set(
        section.model.objects.filter(**{section.user_path: user}).values_list("pk", flat=True)
    )


def test_the_json_export_holds_every_row_held_about_the_learner(client, history):
    client.force_login(history.learner)
    response, body = download(client, "privacy:export_json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    document = json.loads(body)
    assert document["format"] == "studyapp-personal-data"
    assert document["profile"]["username"] == "ada"
    assert document["profile"]["email"] == "ada@school.example"
    for section in SECTIONS:
        exported = {row["id"] for row in document[section.name]}
        assert exported == rows_held(section, history.learner), section.name
        assert len(document[section.name]) == len(exported), section.name
    assert {name for name in FILLED if document[name]} == FILLED
    answers = document["exam_answers"]
    assert {row["sitting_id"] for row in answers} == {
        row["id"] for row in document["exam_sittings"]
    }
    assert {"question__pack__slug", "question__qid"} <= set(document["attempts"][0])


def test_the_export_holds_no_secret(client, history):
    client.force_login(history.learner)
    text = download(client, "privacy:export_json")[1].decode()
    assert history.learner.password not in text
    assert "secret_hash" not in text
    assert "session_key" not in text


def test_the_export_is_made_a_few_rows_at_a_time(history, monkeypatch):
    monkeypatch.setattr(personal_data, "CHUNK_ROWS", 2)
    chunks = list(personal_data.json_chunks(history.learner))
    assert len(chunks) > 2 * len(SECTIONS)
    document = json.loads("".join(chunks))
    assert len(document["attempts"]) == history.learner.attempt_set.count()


def test_the_zip_holds_a_csv_per_section_with_every_row(client, history, monkeypatch):
    monkeypatch.setattr(personal_data, "CHUNK_ROWS", 3)
    client.force_login(history.learner)
    response, body = download(client, "privacy:export_csv")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert set(archive.namelist()) == {"profile.csv"} | {f"{s.name}.csv" for s in SECTIONS}
    profile = dict(csv.reader(io.StringIO(archive.read("profile.csv").decode())))
    assert profile["username"] == "ada"
    for section in SECTIONS:
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{section.name}.csv").decode())))
        assert {int(row["id"]) for row in rows} == rows_held(section, history.learner)


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(client, history):
    history.learner.practiceset_set.update(title="=HYPERLINK(1)")
    client.force_login(history.learner)
    archive = zipfile.ZipFile(io.BytesIO(download(client, "privacy:export_csv")[1]))
    assert "'=HYPERLINK(1)" in archive.read("practice_sets.csv").decode()


@pytest.mark.parametrize("name", ["privacy:export_json", "privacy:export_csv"])
def test_downloads_are_rate_limited(client, history, name):
    client.force_login(history.learner)
    statuses = [client.post(reverse(name)).status_code for _ in range(10)]
    assert statuses == [200] * 10
    refused = client.post(reverse(name))
    assert refused.status_code == 429
    assert "data downloads" in refused.content.decode()


def test_downloads_are_posts(client, history):
    client.force_login(history.learner)
    assert client.get(reverse("privacy:export_json")).status_code == 405


def test_the_data_page_counts_the_rows(client, history):
    client.force_login(history.learner)
    page = client.get(reverse("privacy:my_data")).content.decode()
    attempts = history.learner.attempt_set.count()
    assert f"<td>Attempts</td><td>{attempts}</td>" in page
    assert reverse("privacy:export_json") in page
    assert reverse("privacy:delete_account") in page


def test_the_command_writes_the_same_document(history, tmp_path):
    target = tmp_path / "ada.json"
    call_command("exportuserdata", "ada", "-o", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    for section in SECTIONS:
        assert {row["id"] for row in document[section.name]} == rows_held(section, history.learner)


def test_the_command_writes_the_zip(history, tmp_path):
    target = tmp_path / "ada.zip"
    call_command("exportuserdata", "ada", "--csv", "-o", str(target))
    assert "attempts.csv" in zipfile.ZipFile(target).namelist()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody"], "No user named 'nobody'."),
        (["ada", "--csv"], "--csv writes a zip file: name it with -o FILE."),
        (["ada", "-o", "/nonexistent-dir/x.json"], "Cannot write /nonexistent-dir/x.json"),
    ],
)
def test_the_command_says_what_is_wrong(history, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("exportuserdata", *arguments)
