"""
Deleting an account: its personal data, cards and logs go; the class statistics it took part in
stay exactly as they were.

Class scores and item analysis (classroom/scoring.py, classroom/queries.py) read the first
attempt of each class member at each question of each assigned pack, counting attempts made
before the assignment too. So before the account is deleted, its memberships and its attempts
at the questions of packs assigned to any of its classes move to a stand-in account, a
"deleted-student-..." that cannot sign in and holds nothing else: the instructor's roster shows
that row in place of the student, and every statistic is computed from the same attempts as
before. Everything else keyed to the account is deleted with it (the foreign keys cascade):
cards, review logs, exam sittings and their answers, bookmarks, practice sets, settings, reset
links, its other attempts; and its sessions and recorded sign-in failures.
"""

import secrets

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from lti_tool.models import LtiUser

from studyapp.accounts.sessions import end_sessions
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.core import evidence_versions
from studyapp.questions.models import Attempt, Pack

STAND_IN_PREFIX = "deleted-student-"


class ErasureRefused(Exception):
    """The account cannot be deleted as it is; the message says why and what to do."""


def _new_stand_in():
    user_model = get_user_model()
    while True:
        username = STAND_IN_PREFIX + secrets.token_hex(4)
        if not user_model.objects.filter(username=username).exists():
            stand_in = user_model(username=username, is_active=False)
            stand_in.set_unusable_password()
            stand_in.save()
            return stand_in


def erase(user):
    """
    Delete `user`, keeping their class statistics under a stand-in account (returned, or None
    when they were in no class). An account that teaches classes or owns packs is refused:
    other people's work hangs on those, so they are handed over or deleted first.
    """
    taught = Classroom.objects.filter(instructor=user).count()
    packs = Pack.objects.filter(owner=user).count()
    if taught or packs:
        raise ErasureRefused(
            f"This account teaches {taught} class(es) and owns {packs} question pack(s), which "
            "other people's work depends on. Delete them or give them to another instructor "
            "(in the admin) first."
        )
    username, user_id = user.get_username(), user.pk
    with transaction.atomic():
        memberships = Membership.objects.filter(student=user)
        stand_in = None
        if memberships.exists():
            stand_in = _new_stand_in()
            class_packs = Assignment.objects.filter(classroom__memberships__student=user).values(
                "pack_id"
            )
            Attempt.objects.filter(user=user, question__pack_id__in=class_packs).update(
                user=stand_in, session_key=""
            )
            memberships.update(student=stand_in)
        end_sessions(user)
        # The LMS link keeps the person's name and email and would outlive the user (SET_NULL).
        LtiUser.objects.filter(auth_user=user).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        user.delete()
        evidence_versions.learner_changed(user_id)
    return stand_in
