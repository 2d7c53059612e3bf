"""
When an instructor may delete a pack. The rule: a pack goes only while nothing of anyone else's
depends on it, so deleting never rewrites a learner's history or a class's work.

- No assignment may use it (a class's scores and item analysis are built on its questions).
- No learner may have answered, reviewed, bookmarked or sat an exam with any of its questions,
  retired ones included (their attempts, cards and sittings would go with the questions). The
  owner's own answers, cards and bookmarks do not count: they go with the pack.

A pack that is in use stays; its owner can make it private, or upload a new version without
the questions to retire them (retired questions leave practice and keep their history).
"""

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError

from studyapp.core import evidence_versions
from studyapp.questions.models import Attempt, Bookmark


def blockers(pack):
    """Why the pack cannot be deleted now, one sentence each; empty when it can."""
    questions = pack.questions.all()
    reasons = []
    assignments = pack.assignments.count()
    if assignments:
        reasons.append(
            f"{assignments} class assignment{'s' if assignments != 1 else ''} "
            f"use{'s' if assignments == 1 else ''} it."
        )
    # The owner's own answers, cards and bookmarks go with the pack; anyone else's keep it.
    others = {"question__pack": pack}
    if Attempt.objects.filter(**others).exclude(user=pack.owner).exists():
        reasons.append("Learners have answered its questions.")
    card = apps.get_model("review", "Card")  # by name: review sits above questions
    if card.objects.filter(**others).exclude(user=pack.owner).exists():
        reasons.append("Its questions are in learners' review queues.")
    if questions.filter(sittingquestion__isnull=False).exists():
        reasons.append("Practice exams have included its questions.")
    if Bookmark.objects.filter(**others).exclude(user=pack.owner).exists():
        reasons.append("Learners have bookmarked its questions.")
    return reasons


def delete_unless_used(pack):
    """Delete the pack (and its questions) if blockers() is empty; return the blockers."""
    with transaction.atomic():
        reasons = blockers(pack)
        if reasons:
            return reasons
        try:
            pack.delete()
        except ProtectedError:  # an exam took one of its questions since the check
            transaction.set_rollback(True)
            return ["Practice exams have included its questions."]
        evidence_versions.everyone_changed()
    return []
