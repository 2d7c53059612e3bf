"""
Importing question packs: parse and validate every file first, then write all packs in one
transaction. A file with any error means nothing is written, so a half-imported folder can
never happen. Re-imports match questions by (pack, question id): edits update in place and keep
every attempt, questions missing from the new file are retired, never deleted.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from studyapp.questions.models import Option, Pack, Question
from studyapp.questions.packs import PackError, parse_aiken, parse_gift, parse_pack
from studyapp.topics.models import Topic, TopicHeading

FORMATS = ("markdown", "gift", "aiken")
EXTENSIONS = {".md": "markdown", ".gift": "gift"}


class ImportFailed(Exception):
    """Every error found in every file; nothing was written."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class PackSummary:
    slug: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list = field(default_factory=list)

    @property
    def total(self):
        return self.added + self.changed + self.unchanged

    def __str__(self):
        return (
            f"{self.slug}: {self.total} questions ({self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.retired} retired)"
        )


def known_topics():
    """Topic slug -> its section anchors, so `topic: slug#anchor` can be checked."""
    anchors = {}
    for slug, anchor in TopicHeading.objects.values_list("topic__slug", "anchor"):
        anchors.setdefault(slug, set()).add(anchor)
    for slug in Topic.objects.values_list("slug", flat=True):
        anchors.setdefault(slug, set())
    return anchors


def pack_files(paths, file_format=None):
    """Expand folders into the pack files they hold; explicit files are taken as given."""
    files, errors = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if file_format == "aiken":
                files += sorted(path.glob("*.txt"))
            else:
                files += sorted(p for p in path.iterdir() if p.suffix in EXTENSIONS)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(PackError(str(path), 0, "no such file or folder"))
    return files, errors


def parse_file(name, data, file_format=None, topics=None):
    """Parse one file's bytes; returns (pack or None, errors, skipped)."""
    file_format = file_format or EXTENSIONS.get(Path(name).suffix)
    if file_format not in FORMATS:
        return None, [PackError(name, 0, "unknown format: use .md or .gift, or --format")], []
    if file_format == "markdown":
        pack, errors = parse_pack(data, name, known_topics=topics)
        return pack, errors, []
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [PackError(name, line, "the file is not valid UTF-8")], []
    slug = _slug_from_name(name)
    parser = parse_gift if file_format == "gift" else parse_aiken
    return parser(text, name, pack_slug=slug, title=slug.replace("-", " ").title())


def _slug_from_name(name):
    stem = Path(name).stem.lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "pack"


def parse_files(files, file_format=None):
    topics = known_topics()
    packs, errors, skipped = [], [], {}
    for path in files:
        pack, file_errors, file_skipped = parse_file(
            str(path), Path(path).read_bytes(), file_format, topics
        )
        errors += file_errors
        if pack is not None:
            packs.append(pack)
            skipped[pack.slug] = file_skipped
    seen = {}
    for pack in packs:
        if pack.slug in seen:
            errors.append(
                PackError(
                    pack.source, 1, f"pack '{pack.slug}' is also defined in {seen[pack.slug]}"
                )
            )
        seen[pack.slug] = pack.source
    return packs, errors, skipped


def import_packs(packs, *, owner=None, dry_run=False, skipped=None):
    """
    Write the parsed packs (all or nothing) and return a summary per pack. With dry_run the
    summaries are computed against the database but nothing is written.
    """
    skipped = skipped or {}
    errors = _ownership_errors(packs, owner)
    if errors:
        raise ImportFailed(errors)
    summaries = []
    with transaction.atomic():
        for pack in packs:
            summary = _import_pack(pack, owner, dry_run)
            summary.skipped = skipped.get(pack.slug, [])
            summaries.append(summary)
        if dry_run:
            transaction.set_rollback(True)
    return summaries


def _ownership_errors(packs, owner):
    if owner is None:
        return []
    taken = Pack.objects.filter(slug__in=[p.slug for p in packs]).exclude(owner=owner)
    return [
        PackError(next(p.source for p in packs if p.slug == slug), 1, f"pack id '{slug}' is taken")
        for slug in taken.values_list("slug", flat=True)
    ]


def _import_pack(parsed, owner, dry_run):
    summary = PackSummary(parsed.slug)
    pack, _ = Pack.objects.update_or_create(
        slug=parsed.slug,
        defaults={
            "title": parsed.title,
            "version": parsed.version or "",
            "description": parsed.description or "",
            "author": parsed.author or "",
            "source_name": Path(parsed.source).name,
        },
        create_defaults={
            "title": parsed.title,
            "version": parsed.version or "",
            "description": parsed.description or "",
            "author": parsed.author or "",
            "source_name": Path(parsed.source).name,
            "owner": owner,
            "is_public": owner is None,
        },
    )
    stored = {
        qid: (pk, fingerprint, position, retired)
        for pk, qid, fingerprint, position, retired in pack.questions.values_list(
            "pk", "qid", "fingerprint", "position", "is_retired"
        )
    }
    new, changed, moved = [], [], []
    for position, question in enumerate(parsed.questions):
        fingerprint = question.fingerprint()
        existing = stored.pop(question.qid, None)
        if existing is None:
            new.append((position, question, fingerprint))
        elif existing[1] != fingerprint or existing[3]:
            changed.append((existing[0], position, question, fingerprint))
        else:
            summary.unchanged += 1
            if existing[2] != position:
                moved.append(Question(pk=existing[0], position=position))
    retire = [pk for pk, _, _, retired in stored.values() if not retired]
    summary.added, summary.changed, summary.retired = len(new), len(changed), len(retire)
    if dry_run:
        return summary

    created = Question.objects.bulk_create(
        _question_row(pack, position, question, fingerprint)
        for position, question, fingerprint in new
    )
    options = [
        _option_row(row, index, option)
        for row, (_, question, _) in zip(created, new, strict=True)
        for index, option in enumerate(question.options)
    ]
    if changed:
        rows = []
        for pk, position, question, fingerprint in changed:
            row = _question_row(pack, position, question, fingerprint)
            row.pk = pk
            row.is_retired = False
            rows.append(row)
        Question.objects.bulk_update(rows, [*QUESTION_FIELDS, "is_retired"], batch_size=500)
        Option.objects.filter(question_id__in=[pk for pk, *_ in changed]).delete()
        options += [
            _option_row(row, index, option)
            for row, (_, _, question, _) in zip(rows, changed, strict=True)
            for index, option in enumerate(question.options)
        ]
    Option.objects.bulk_create(options, batch_size=2000)
    if moved:
        Question.objects.bulk_update(moved, ["position"], batch_size=500)
    if retire:
        Question.objects.filter(pk__in=retire).update(is_retired=True)
    return summary


QUESTION_FIELDS = [
    "position", "topic_slug", "topic_anchor", "domain", "tags", "difficulty", "stem",
    "explanation", "correct_count", "fingerprint", "source_line",
]  # fmt: skip


def _question_row(pack, position, question, fingerprint):
    return Question(
        pack=pack,
        qid=question.qid,
        position=position,
        topic_slug=question.topic or "",
        topic_anchor=question.topic_anchor or "",
        domain=question.domain,
        tags=list(question.tags),
        difficulty=question.difficulty or "",
        stem=question.stem,
        explanation=question.explanation or "",
        correct_count=sum(1 for option in question.options if option.correct),
        fingerprint=fingerprint,
        source_line=question.line,
    )


def _option_row(question_row, index, option):
    return Option(
        question=question_row,
        position=index,
        text=option.text,
        is_correct=option.correct,
        feedback=option.feedback or "",
    )
