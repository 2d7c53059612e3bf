import io
import json
import sqlite3
import zipfile

import pytest

from studyapp.questions.packs import Option, Question
from studyapp.questions.packs.anki import (
    FIELDS,
    MODEL_ID,
    Entry,
    build_package,
    deck_id,
    note_guid,
)

FIELD_SEPARATOR = "\x1f"


def question(qid="roles", **changes):
    fields = {
        "qid": qid,
        "line": 0,
        "topic": "iam-roles",
        "topic_anchor": "task-role",
        "domain": 2,
        "tags": ("exam tip", "iam"),
        "difficulty": "hard",
        "stem": 'Which role?\n\n```json\n{"taskRoleArn": "arn:aws:iam::1:role/app"}\n```',
        "options": (
            Option("Task role", True, "Right: the *application* uses it."),
            Option("Execution role", False, ""),
            Option("Instance role", True, "Also right here."),
        ),
        "explanation": "Two roles, **two** principals.",
    }
    return Question(**{**fields, **changes})


def entries(*questions):
    return [Entry("ecs-core", "ECS core", q) for q in questions]


def open_package(data, tmp_path):
    """The collection inside an .apkg (a zip holding an SQLite database), opened read-only."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def notes(connection):
    rows = connection.execute("SELECT guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
    return [
        {"guid": guid, "model": mid, "tags": tags.split(), "fields": flds.split(FIELD_SEPARATOR)}
        for guid, mid, tags, flds in rows
    ]


@pytest.fixture
def package(tmp_path):
    data = build_package("pack:ecs-core", "DVA::ECS core", entries(question(), question("plain")))
    connection = open_package(data, tmp_path)
    yield connection
    connection.close()


def test_one_note_per_question_with_stable_guid_and_the_fixed_note_type(package):
    found = notes(package)
    assert [note["guid"] for note in found] == [
        note_guid("ecs-core", "roles"),
        note_guid("ecs-core", "plain"),
    ]
    assert {note["model"] for note in found} == {MODEL_ID}
    [models_json] = package.execute("SELECT models FROM col").fetchone()
    model = json.loads(models_json)[str(MODEL_ID)]
    assert [field["name"] for field in model["flds"]] == FIELDS
    assert ".codehilite" in model["css"]


def test_the_deck_id_comes_from_the_deck_key(package):
    [decks_json] = package.execute("SELECT decks FROM col").fetchone()
    decks = json.loads(decks_json)
    assert decks[str(deck_id("pack:ecs-core"))]["name"] == "DVA::ECS core"
    [card_deck] = {row[0] for row in package.execute("SELECT did FROM cards")}
    assert card_deck == deck_id("pack:ecs-core")
    assert deck_id("pack:ecs-core") != deck_id("pack:other")


def test_fields_hold_stem_options_key_and_explanation_as_rendered_html(package):
    stem, options, key, explanation, source = notes(package)[0]["fields"]
    assert stem.startswith("<p>Which role?</p>")
    assert 'class="codehilite"' in stem
    assert options.count("<li>") == 3
    assert "<div>A. Task role</div>" in key
    assert "<div>C. Instance role</div>" in key
    assert "Execution role" not in key
    assert "<strong>two</strong>" in explanation
    assert "<dt>A</dt><dd><p>Right: the <em>application</em> uses it.</p></dd>" in explanation
    assert source == "ECS core · roles"


def test_tags_come_from_pack_topic_domain_difficulty_and_the_questions_tags(package):
    assert notes(package)[0]["tags"] == [
        "pack::ecs-core",
        "topic::iam-roles",
        "domain::2",
        "difficulty::hard",
        "exam_tip",
        "iam",
    ]


def test_a_second_export_keeps_every_id_and_updates_the_text(tmp_path):
    first = build_package("pack:ecs-core", "ECS", entries(question()), timestamp=1_000)
    edited = question(stem="Which role, now?")
    second = build_package("pack:ecs-core", "ECS", entries(edited), timestamp=2_000)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before, after = open_package(first, tmp_path / "a"), open_package(second, tmp_path / "b")
    [old], [new] = notes(before), notes(after)
    assert (old["guid"], old["model"]) == (new["guid"], new["model"])
    assert new["fields"][0] == "<p>Which role, now?</p>"
    [(old_modified,)] = before.execute("SELECT mod FROM notes").fetchall()
    [(new_modified,)] = after.execute("SELECT mod FROM notes").fetchall()
    assert new_modified > old_modified
    before.close()
    after.close()


def test_author_html_is_sanitised_in_the_package(tmp_path):
    hostile = question(stem="<script>alert(1)</script><b>bold</b>")
    connection = open_package(build_package("k", "Deck", entries(hostile)), tmp_path)
    stem = notes(connection)[0]["fields"][0]
    connection.close()
    assert "<script" not in stem
    assert "<b>bold</b>" in stem
