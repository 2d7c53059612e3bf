"""
Instructor uploads: a file is checked (size, binary, encoding), parsed and previewed as a dry
run; only a confirmation imports it, validated again against the database as it is then.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils import timezone

from studyapp.questions.importing import (
    ImportFailed,
    import_packs,
    known_topics,
    parse_file,
)
from studyapp.questions.models import PendingUpload
from studyapp.questions.packs import PackError
from studyapp.questions.rendering import render_parsed_question

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_QUESTIONS = 1_000
"""
An upload is checked and imported while its instructor waits: this many questions, at 2 MB,
preview or import within two seconds. Bigger packs are imported with `manage.py importpack`.
"""
UPLOAD_RENDER_SECONDS = 0.5
"""Time an upload may spend rendering its long Markdown to check it (see markdown_check)."""
UPLOAD_SCENARIO_SECONDS = 1.0
"""
Processor time an upload may spend running its questions' scenarios in their simulators: one
costly scenario takes up to about 0.7 s (docs/performance.md); the bundled pack's 20 take 0.02 s.
"""
MAX_SHOWN_ERRORS = 100
FORMAT_CHOICES = [
    ("", "Work it out from the file name (.md, .gift or .xml)"),
    ("markdown", "Markdown pack"),
    ("gift", "Moodle GIFT"),
    ("aiken", "Aiken"),
    ("moodle-xml", "Moodle XML"),
]


MAX_PREVIEWED_QUESTIONS = 20
"""The preview renders this many questions as students will see them; the summary counts all."""


@dataclass
class Preview:
    errors: list = field(default_factory=list)
    summaries: list = field(default_factory=list)
    pending: PendingUpload | None = None
    # (packs.Question, rendering.RenderedQuestion) for the first MAX_PREVIEWED_QUESTIONS.
    questions: list = field(default_factory=list)
    questions_total: int = 0

    @property
    def more_questions(self):
        return self.questions_total - len(self.questions)

    @property
    def shown_errors(self):
        """The first errors only: a page listing tens of thousands helps nobody."""
        return self.errors[:MAX_SHOWN_ERRORS]

    @property
    def more_errors(self):
        """How many errors are left out, written with thousands separators ("" for none)."""
        left_out = len(self.errors) - MAX_SHOWN_ERRORS
        return f"{left_out:,}" if left_out > 0 else ""


class CappedUploadHandler(FileUploadHandler):
    """
    Stops keeping an uploaded file once it passes MAX_UPLOAD_BYTES, so an oversized upload is
    never spooled to disk in full; the file then arrives empty with its real size, which
    read_upload refuses with a message naming the limit.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size):
        if self.received <= MAX_UPLOAD_BYTES:
            return None
        oversized = SimpleUploadedFile(self.file_name, b"", self.content_type)
        oversized.size = self.received
        return oversized


def read_upload(uploaded):
    """The file's text, or a PackError saying why it cannot be a pack."""
    name = uploaded.name
    if uploaded.size > MAX_UPLOAD_BYTES:
        return None, PackError(name, 0, "the file is larger than 2 MB (the limit); split the pack")
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if b"\x00" in data:
        return None, PackError(name, 0, "this is a binary file, not a text pack")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, PackError(name, line, "the file is not UTF-8 text; save it as UTF-8")


def _parse(name, text, file_format):
    return parse_file(
        name,
        text.encode("utf-8"),
        file_format,
        known_topics(),
        max_questions=MAX_UPLOAD_QUESTIONS,
        scenario_seconds=UPLOAD_SCENARIO_SECONDS,
    )


def _import(pack, owner, skipped, dry_run):
    return import_packs(
        [pack],
        owner=owner,
        dry_run=dry_run,
        skipped={pack.slug: skipped},
        render_budget=UPLOAD_RENDER_SECONDS,
    )


def preview(owner, name, text, file_format):
    pack, errors, skipped = _parse(name, text, file_format)
    if errors:
        return Preview(errors=errors)
    try:
        summaries = _import(pack, owner, skipped, dry_run=True)
    except ImportFailed as failure:
        return Preview(errors=failure.errors)
    PendingUpload.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    pending = PendingUpload.objects.create(
        owner=owner, file_name=name, file_format=file_format or "", text=text
    )
    return Preview(
        summaries=summaries,
        pending=pending,
        questions=[
            (question, render_parsed_question(question))
            for question in pack.questions[:MAX_PREVIEWED_QUESTIONS]
        ],
        questions_total=len(pack.questions),
    )


def confirm(pending):
    pack, errors, skipped = _parse(pending.file_name, pending.text, pending.file_format or None)
    if errors:
        raise ImportFailed(errors)
    summaries = _import(pack, pending.owner, skipped, dry_run=False)
    pending.delete()
    return summaries
