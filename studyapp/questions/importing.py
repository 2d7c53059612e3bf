"""
Importing question packs: parse and validate every file first, then write all packs, staged in
short transactions and published in one short final one. A file with any error means nothing
is written, so a half-imported folder can never happen. Re-imports match questions by (pack,
question id): edits update in place and keep every attempt, questions missing from the new file
are retired, never deleted.
"""

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from studyapp.core import evidence_versions
from studyapp.questions import queries, scenarios
from studyapp.questions.models import Option, Pack, Question
from studyapp.questions.packs import (
    PackError,
    parse_aiken,
    parse_gift,
    parse_moodle_xml,
    parse_pack,
)
from studyapp.questions.packs.markdown_check import markdown_errors
from studyapp.questions.packs.model import MAX_QUESTIONS
from studyapp.questions.packs.scenario import document_digest
from studyapp.questions.practice import PUBLIC_TOPIC_COUNTS_KEY
from studyapp.topics.models import Topic, TopicHeading

FORMATS = ("markdown", "gift", "aiken", "moodle-xml")
EXTENSIONS = {".md": "markdown", ".gift": "gift", ".xml": "moodle-xml"}


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


class _ScenarioChecks:
    """
    The simulators' check of each scenario (questions/scenarios.py) within `seconds` of processor
    time in all (None: no bound). The scenario at which the time runs out is an error, and the
    later ones go unchecked, since the file is refused anyway.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.spent = 0.0
        self.exhausted = False

    def __call__(self, scenario):
        if self.exhausted:
            return []
        started = time.process_time()
        problems = scenarios.check(scenario)
        self.spent += time.process_time() - started
        if self.seconds is not None and self.spent > self.seconds:
            self.exhausted = True
            problems = [
                *problems,
                f"running the pack's scenarios took more than {self.seconds} s in all and "
                "stopped here; split the pack, or import it with `manage.py importpack`",
            ]
        return problems


def parse_file(
    name, data, file_format=None, topics=None, max_questions=MAX_QUESTIONS, scenario_seconds=None
):
    """
    Parse one file's bytes; returns (pack or None, errors, skipped). scenario_seconds bounds the
    time spent running its scenarios in their simulators (None: no bound).
    """
    file_format = file_format or EXTENSIONS.get(Path(name).suffix)
    if file_format not in FORMATS:
        message = "unknown format: use .md, .gift or .xml, or --format"
        return None, [PackError(name, 0, message)], []
    if file_format == "markdown":
        pack, errors = parse_pack(
            data,
            name,
            known_topics=topics,
            max_questions=max_questions,
            check_scenario=_ScenarioChecks(scenario_seconds),
        )
        return pack, errors, []
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [PackError(name, line, "the file is not valid UTF-8")], []
    slug = _slug_from_name(name)
    title = slug.replace("-", " ").title()
    if file_format == "moodle-xml":
        return parse_moodle_xml(
            text, name, slug, title, known_topics=topics, max_questions=max_questions
        )
    parser = parse_gift if file_format == "gift" else parse_aiken
    return parser(text, name, pack_slug=slug, title=title, max_questions=max_questions)


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


def import_packs(packs, *, owner=None, dry_run=False, skipped=None, render_budget=None):
    """
    Write the parsed packs (all or nothing) and return a summary per pack. With dry_run the
    summaries are computed against the database but nothing is written. render_budget bounds,
    in seconds, the time spent rendering long Markdown to check it (None: no bound).
    """
    skipped = skipped or {}
    errors = _ownership_errors(packs, owner)
    if errors:
        raise ImportFailed(errors)
    plans = [_plan(pack) for pack in packs]
    for plan in plans:
        errors += markdown_errors(plan.parsed, plan.to_write(), budget_seconds=render_budget)
    if errors:
        raise ImportFailed(errors)
    summaries = []
    for plan in plans:
        plan.summary.skipped = skipped.get(plan.parsed.slug, [])
        summaries.append(plan.summary)
    if not dry_run:
        _write(plans, owner)
    return summaries


def _ownership_errors(packs, owner):
    if owner is None:
        return []
    taken = Pack.objects.filter(slug__in=[p.slug for p in packs]).exclude(owner=owner)
    return [
        PackError(next(p.source for p in packs if p.slug == slug), 1, f"pack id '{slug}' is taken")
        for slug in taken.values_list("slug", flat=True)
    ]


def _stored_questions(slug):
    """qid -> (pk, fingerprint, position, is_retired) of the pack's questions as stored now."""
    return {
        qid: (pk, fingerprint, position, retired)
        for pk, qid, fingerprint, position, retired in Question.objects.filter(
            pack__slug=slug
        ).values_list("pk", "qid", "fingerprint", "position", "is_retired")
    }


@dataclass
class _Plan:
    """What an import changes in one pack, worked out from the database before any write."""

    parsed: object
    stored: dict
    summary: PackSummary
    new: list = field(default_factory=list)
    """(position, question, fingerprint) of questions the pack does not hold yet."""
    changed: list = field(default_factory=list)
    """(position, question, fingerprint) of edited or retired questions, updated in place."""
    moved: list = field(default_factory=list)
    """(pk, position) of unchanged questions at a new place."""
    retire: list = field(default_factory=list)

    def to_write(self):
        return [question for _, question, _ in self.new + self.changed]


def _plan(parsed):
    stored = _stored_questions(parsed.slug)
    plan = _Plan(parsed, stored, PackSummary(parsed.slug))
    remaining = dict(stored)
    for position, question in enumerate(parsed.questions):
        fingerprint = question.fingerprint()
        existing = remaining.pop(question.qid, None)
        if existing is None:
            plan.new.append((position, question, fingerprint))
        elif existing[1] != fingerprint or existing[3]:
            plan.changed.append((position, question, fingerprint))
        else:
            plan.summary.unchanged += 1
            if existing[2] != position:
                plan.moved.append((existing[0], position))
    plan.retire = [pk for pk, _, _, retired in remaining.values() if not retired]
    plan.summary.added = len(plan.new)
    plan.summary.changed = len(plan.changed)
    plan.summary.retired = len(plan.retire)
    return plan


STAGING_BATCH = 250
"""
Questions written per transaction while staging: a few hundred rows with their options take
SQLite's write lock for well under a second, so sign-ins and answers keep going meanwhile.
"""
STAGING_PREFIX = "staging--"
"""No pack slug holds a double hyphen, so staging packs can never collide with a real one."""
STALE_STAGING = timedelta(hours=1)


def _write(plans, owner):
    """
    Stage every new or edited question under a hidden pack in short transactions, then publish
    them all in one short transaction: a reader sees the old packs or the new ones, never a mix,
    and a failure at any point leaves the old packs as they were and the staged rows removed.
    """
    for stale in Pack.objects.filter(
        slug__startswith=STAGING_PREFIX, imported_at__lt=timezone.now() - STALE_STAGING
    ):
        _discard(stale)
    stagings = []
    try:
        for plan in plans:
            staging = Pack.objects.create(
                slug=f"{STAGING_PREFIX}{uuid.uuid4().hex}",
                title=f"Import of {plan.parsed.slug} in progress",
                is_public=False,
            )
            stagings.append(staging)
            rows = plan.new + plan.changed
            for start in range(0, len(rows), STAGING_BATCH):
                _stage_batch(staging, rows[start : start + STAGING_BATCH])
        with transaction.atomic():
            for plan, staging in zip(plans, stagings, strict=True):
                _publish(plan, staging, owner)
        cache.delete(PUBLIC_TOPIC_COUNTS_KEY)
        evidence_versions.everyone_changed()
    finally:
        for staging in stagings:
            _discard(staging)


def _stage_batch(staging, rows):
    """Staged questions are retired too, so nothing that lists questions can show them."""
    with transaction.atomic():
        created = Question.objects.bulk_create(
            _question_row(staging, position, question, fingerprint, retired=True)
            for position, question, fingerprint in rows
        )
        Option.objects.bulk_create(
            _option_row(row, index, option)
            for row, (_, question, _) in zip(created, rows, strict=True)
            for index, option in enumerate(question.options)
        )


def _publish(plan, staging, owner):
    parsed = plan.parsed
    pack_fields = {
        "title": parsed.title,
        "version": parsed.version or "",
        "description": parsed.description or "",
        "author": parsed.author or "",
        "source_name": Path(parsed.source).name,
    }
    pack, created = Pack.objects.select_for_update().get_or_create(
        slug=parsed.slug,
        defaults={**pack_fields, "owner": owner, "is_public": owner is None},
    )
    if not created and owner is not None and pack.owner_id != owner.pk:
        raise ImportFailed([PackError(parsed.source, 1, f"pack id '{parsed.slug}' is taken")])
    if _stored_questions(parsed.slug) != plan.stored:
        raise ImportFailed(
            [PackError(parsed.source, 1, "the pack changed while this import ran; import again")]
        )
    if not created:
        for name, value in pack_fields.items():
            setattr(pack, name, value)
        pack.save()
    if plan.changed:
        arguments = {"pack": pack.pk, "staging": staging.pk, "false": False, "now": timezone.now()}
        queries.publish_changed(arguments)
    Question.objects.filter(pack=staging).update(pack=pack, is_retired=False)
    if plan.moved:
        Question.objects.bulk_update(
            [Question(pk=pk, position=position) for pk, position in plan.moved],
            ["position"],
            batch_size=500,
        )
    if plan.retire:
        Question.objects.filter(pk__in=plan.retire).update(is_retired=True)


def _discard(staging):
    """Remove a staging pack and whatever is left under it, a few hundred rows at a time."""
    while pks := list(
        Question.objects.filter(pack=staging).values_list("pk", flat=True)[:STAGING_BATCH]
    ):
        with transaction.atomic():
            Option.objects.filter(question_id__in=pks).delete()
            Question.objects.filter(pk__in=pks).delete()
    Pack.objects.filter(pk=staging.pk).delete()


def _question_row(pack, position, question, fingerprint, retired=False):
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
        **_scenario_columns(question.scenario),
        correct_count=sum(1 for option in question.options if option.correct),
        fingerprint=fingerprint,
        source_line=question.line,
        is_retired=retired,
    )


def _scenario_columns(scenario):
    if scenario is None:
        return {}
    document = scenario.document
    return {
        "scenario_simulator": scenario.simulator,
        "scenario_preset": scenario.preset or "",
        "scenario_json": scenario.document_json or "",
        "scenario_digest": "" if document is None else document_digest(document),
    }


def _option_row(question_row, index, option):
    return Option(
        question=question_row,
        position=index,
        text=option.text,
        is_correct=option.correct,
        feedback=option.feedback or "",
    )
