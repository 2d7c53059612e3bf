"""
Everything the app holds about one user, as one JSON document or as CSV files in a zip, both
produced a row at a time so that a learner with years of reviews costs a stream, not the memory
to hold it (each section is read in chunks from the database).

SECTIONS names every table with rows keyed to a user; tests/privacy/test_personal_data.py finds
every foreign key to the user model and fails if one is neither here nor in NOT_EXPORTED, so a
new model cannot be forgotten. Secrets are left out: password hashes, session keys, the hashes
of reset links.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.utils import timezone
from lti_tool.models import LtiUser

from studyapp.accounts.models import ResetLink
from studyapp.classroom.models import Classroom, Membership
from studyapp.core.spreadsheet import safe_cell
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.lti.models import GradeReport
from studyapp.questions.models import Attempt, Bookmark, Pack, PendingUpload, PracticeSet
from studyapp.review.models import Card, ReviewLog, StudySettings

FORMAT = "studyapp-personal-data"
FORMAT_VERSION = 1
CHUNK_ROWS = 2000
QUESTION = ("question__pack__slug", "question__qid")


@dataclass(frozen=True)
class Section:
    name: str
    model: type[Model]
    # The lookup from the model to the user: "user", "sitting__user".
    user_path: str
    # Fields left out (secrets) and related values added (what a question id stands for).
    leave_out: tuple = ()
    add: tuple = ()
    # What the data page calls it, when its name does not say it well ("lms_accounts").
    label: str = ""

    def columns(self):
        own = [
            f.attname
            for f in self.model._meta.concrete_fields
            if f.attname not in self.leave_out and f.name not in self.leave_out
        ]
        return own + list(self.add)

    def rows(self, user):
        """This user's rows as dicts, oldest first, read CHUNK_ROWS at a time."""
        return (
            self.model.objects.filter(**{self.user_path: user})
            .order_by("pk")
            .values(*self.columns())
            .iterator(chunk_size=CHUNK_ROWS)
        )

    def count(self, user):
        return self.model.objects.filter(**{self.user_path: user}).count()


SECTIONS = [
    Section("attempts", Attempt, "user", leave_out=("session_key",), add=QUESTION),
    Section("cards", Card, "user", add=QUESTION),
    Section("review_logs", ReviewLog, "user"),
    Section("study_settings", StudySettings, "user"),
    Section("exam_sittings", Sitting, "user"),
    Section("exam_answers", SittingQuestion, "sitting__user", add=QUESTION),
    Section("bookmarks", Bookmark, "user", add=QUESTION),
    Section("practice_sets", PracticeSet, "owner", leave_out=("session_key",)),
    Section("class_memberships", Membership, "student", add=("classroom__name",)),
    Section("classes_taught", Classroom, "instructor"),
    Section("packs_owned", Pack, "owner"),
    Section("pending_uploads", PendingUpload, "owner"),
    Section("reset_links", ResetLink, "student", leave_out=("secret_hash",)),
    Section("reset_links_issued", ResetLink, "issued_by", leave_out=("secret_hash",)),
    Section("admin_actions", LogEntry, "user"),
    Section("lms_accounts", LtiUser, "auth_user", label="LMS accounts"),
    Section("lms_grade_reports", GradeReport, "student", label="LMS grade reports"),
]

# Foreign keys to the user model that are not exported, and why. (None today; the test reads it.)
NOT_EXPORTED = {}


def profile(user):
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "has_password": user.has_usable_password(),
        "failed_sign_ins": [
            {
                "address": row.ip_address,
                "at": row.attempt_time,
                "failures": row.failures_since_start,
            }
            for row in AccessAttempt.objects.filter(username=user.get_username())
        ],
    }


def _json(value):
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def json_chunks(user, now=None):
    """The JSON document, in pieces: {"format", "version", "exported_at", "profile", sections}."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": now or timezone.now(),
        "profile": profile(user),
    }
    yield _json(header)[:-1]
    for section in SECTIONS:
        yield f', "{section.name}": ['
        # A chunk of rows is encoded as one list, without its brackets: one call, not one a row.
        batch, separator = [], ""
        for row in section.rows(user):
            batch.append(row)
            if len(batch) == CHUNK_ROWS:
                yield separator + _json(batch)[1:-1]
                batch, separator = [], ", "
        yield (separator if batch else "") + _json(batch)[1:-1] + "]"
    yield "}\n"


class _Spool:
    """A write-only file handing back what was written since last asked: zipfile streams to it."""

    def __init__(self):
        self._chunks = []

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _csv_value(value):
    if isinstance(value, dict | list):
        value = _json(value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return safe_cell(value)


def zip_chunks(user, now=None):
    """A zip of profile.csv and one CSV per section, in pieces as zipfile writes them."""
    spool = _Spool()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        details = profile(user)
        details["exported_at"] = now or timezone.now()
        with (
            archive.open("profile.csv", "w") as member,
            io.TextIOWrapper(member, encoding="utf-8", newline="") as text,
        ):
            writer = csv.writer(text)
            writer.writerow(["field", "value"])
            writer.writerows([name, _csv_value(value)] for name, value in details.items())
        yield spool.take()
        for section in SECTIONS:
            columns = section.columns()
            with (
                archive.open(f"{section.name}.csv", "w") as member,
                io.TextIOWrapper(member, encoding="utf-8", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(columns)
                for number, row in enumerate(section.rows(user), start=1):
                    writer.writerow([_csv_value(row[column]) for column in columns])
                    if number % CHUNK_ROWS == 0:
                        text.flush()
                        yield spool.take()
            yield spool.take()
    yield spool.take()


def counts(user):
    """Rows held per section, for the data page."""
    return [
        (section.label or section.name.replace("_", " "), section.count(user))
        for section in SECTIONS
    ]
