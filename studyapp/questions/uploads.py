"""
Instructor uploads: a file is checked (size, binary, encoding), parsed and previewed as a dry
run; only a confirmation imports it, validated again against the database as it is then.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from studyapp.questions.importing import (
    ImportFailed,
    import_packs,
    known_topics,
    parse_file,
)
from studyapp.questions.models import PendingUpload
from studyapp.questions.packs import PackError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
FORMAT_CHOICES = [
    ("", "Work it out from the file name (.md or .gift)"),
    ("markdown", "Markdown pack"),
    ("gift", "Moodle GIFT"),
    ("aiken", "Aiken"),
]


@dataclass
class Preview:
    errors: list = field(default_factory=list)
    summaries: list = field(default_factory=list)
    pending: PendingUpload | None = None


def read_upload(uploaded):
    """The file's text, or a PackError saying why it cannot be a pack."""
    name = uploaded.name
    if uploaded.size > MAX_UPLOAD_BYTES:
        return None, PackError(name, 0, "the file is larger than 2 MB; split the pack")
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if b"\x00" in data:
        return None, PackError(name, 0, "this is a binary file, not a text pack")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, PackError(name, line, "the file is not UTF-8 text; save it as UTF-8")


def _parse(name, text, file_format):
    pack, errors, skipped = parse_file(name, text.encode("utf-8"), file_format, known_topics())
    return pack, errors, skipped


def preview(owner, name, text, file_format):
    pack, errors, skipped = _parse(name, text, file_format)
    if errors:
        return Preview(errors=errors)
    try:
        summaries = import_packs([pack], owner=owner, dry_run=True, skipped={pack.slug: skipped})
    except ImportFailed as failure:
        return Preview(errors=failure.errors)
    PendingUpload.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    pending = PendingUpload.objects.create(
        owner=owner, file_name=name, file_format=file_format or "", text=text
    )
    return Preview(summaries=summaries, pending=pending)


def confirm(pending):
    pack, errors, skipped = _parse(pending.file_name, pending.text, pending.file_format or None)
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        summaries = import_packs([pack], owner=pending.owner, skipped={pack.slug: skipped})
        pending.delete()
    return summaries
