"""
Anki packages (.apkg) of questions, built with genanki: one note per question holding its stem,
its options, the key and the explanation, rendered as the app renders them (code highlighted).

Ids are stable, so importing a newer download updates the notes already in Anki instead of
adding copies: a note's guid comes from its pack and question ids, every note uses one note type
whose id never changes, and a deck's id comes from what the deck holds (a pack, or a learner's
review cards).
"""

import hashlib
import html
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import genanki

from studyapp.markup import render_fragment, unwrapped
from studyapp.markup.code_css import stylesheet

from .model import Question

MODEL_ID = 1_734_581_207
"""
The note type's id, fixed for good: Anki matches a note type by it, so changing it would make
every earlier download's notes a different type from the next one's.
"""
MODEL_NAME = "DVA-C02 study question"
FIELDS = ["Question", "Options", "Answer", "Explanation", "Source"]
FRONT = '<div class="stem">{{Question}}</div>\n<ol class="options" type="A">{{Options}}</ol>'
BACK = (
    '{{FrontSide}}\n<hr id="answer">\n<div class="key">{{Answer}}</div>\n'
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}\n'
    '<p class="source">{{Source}}</p>'
)
CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
  max-width: 42em; margin: 0 auto; }
.options li { margin: 0.25em 0; }
.key { font-weight: 600; }
.source { color: #777; font-size: 14px; }
.codehilite { overflow-x: auto; padding: 0.5em; border-radius: 4px; }
"""
LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Entry:
    """One question to put in a package, with the pack it belongs to."""

    pack_slug: str
    pack_title: str
    question: Question


def _stable_id(key):
    """An id in the range genanki recommends (2^30 to 2^31), the same for the same key."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big")
    return (1 << 30) + digest % (1 << 30)


def deck_id(deck_key):
    return _stable_id(f"studyapp-deck:{deck_key}")


def note_guid(pack_slug, qid):
    return genanki.guid_for("studyapp", pack_slug, qid)


MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
    css=CARD_CSS + stylesheet(),
)


def _tag(text):
    """Anki separates tags with spaces, so a space inside one becomes an underscore."""
    return "_".join(text.split())


def note_tags(entry):
    question = entry.question
    tags = [f"pack::{entry.pack_slug}"]
    if question.topic:
        tags.append(f"topic::{question.topic}")
    if question.domain is not None:
        tags.append(f"domain::{question.domain}")
    if question.difficulty:
        tags.append(f"difficulty::{question.difficulty}")
    tags += [_tag(tag) for tag in question.tags if tag.strip()]
    return list(dict.fromkeys(tags))


def note_fields(entry, render=render_fragment):
    """The note's fields as HTML; `render` turns author Markdown into sanitised HTML."""
    question = entry.question
    letters = LETTERS[: len(question.options)]
    options = "".join(f"<li>{unwrapped(render(option.text))}</li>" for option in question.options)
    key = "".join(
        f"<div>{letter}. {unwrapped(render(option.text))}</div>"
        for letter, option in zip(letters, question.options, strict=True)
        if option.correct
    )
    explanation = render(question.explanation) if question.explanation else ""
    feedback = "".join(
        f"<dt>{letter}</dt><dd>{render(option.feedback)}</dd>"
        for letter, option in zip(letters, question.options, strict=True)
        if option.feedback
    )
    if feedback:
        explanation += f'<dl class="feedback">{feedback}</dl>'
    source = f"{html.escape(entry.pack_title)} · {html.escape(question.qid)}"
    return [render(question.stem), options, key, explanation, source]


def build_package(deck_key, deck_name, entries, render=render_fragment, timestamp=None):
    """
    The .apkg file's bytes: one deck named deck_name holding a note per entry. Notes are stamped
    with `timestamp` (now by default): Anki updates a note it holds only from a newer one.
    """
    deck = genanki.Deck(deck_id(deck_key), deck_name)
    for entry in entries:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=note_fields(entry, render),
                tags=note_tags(entry),
                guid=note_guid(entry.pack_slug, entry.question.qid),
            )
        )
    return _write(genanki.Package(deck), time.time() if timestamp is None else timestamp)


def _write(package, timestamp):
    """
    Package.write_to_file builds the collection in a temporary file it never removes; this
    builds it in a folder that is removed afterwards, and zips it in memory.
    """
    with tempfile.TemporaryDirectory(prefix="anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            # Row ids count up from the time in milliseconds, as genanki's own writer does.
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({}))
        return buffer.getvalue()
