"""
One-time password reset links an instructor issues for a student of their own class: for a
student with no email address, handed over on paper or scanned from the instructor's screen.

A link expires after LINK_LIFETIME, works once, and issuing a new one for the same student
revokes the older ones. Only the SHA-256 of its secret is stored, so the database (or a backup
of it) holds nothing that opens an account. The instructor never sees or sets a password: the
student chooses it on the link's page. Who may get a link is decided here; which instructor may
ask is decided by the class view (their own class, the student a member of it).
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from studyapp.accounts.models import ResetLink
from studyapp.accounts.roles import is_instructor
from studyapp.accounts.sessions import end_sessions

LINK_LIFETIME = timedelta(hours=24)

logger = logging.getLogger(__name__)


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def may_receive(student):
    """
    Whether a reset link may be issued for this account: an active learner, never an
    instructor or staff (a class member may be one), and only an account that signs in with a
    password, the rule Django's emailed reset follows (an account linked to an LMS has none).
    """
    return (
        student.is_active
        and not student.is_staff
        and not student.is_superuser
        and not is_instructor(student)
        and student.has_usable_password()
    )


def issue(instructor, student, classroom, now=None):
    """A new link's secret; the student's earlier unused links stop working."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        ResetLink.objects.filter(
            student=student, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        ResetLink.objects.create(
            student=student,
            issued_by=instructor,
            classroom_name=classroom.name,
            secret_hash=_hash(secret),
            expires_at=now + LINK_LIFETIME,
        )
    logger.info(
        "Reset link issued for user %s by instructor %s (class %s)",
        student.pk,
        instructor.pk,
        classroom.pk,
    )
    return secret


def usable(secret, now=None):
    """
    The unused, unexpired, unrevoked link with this secret, or None; None too when its student
    may no longer receive one (made staff or an instructor since it was issued).
    """
    now = now or timezone.now()
    link = (
        ResetLink.objects.select_related("student")
        .filter(
            secret_hash=_hash(secret),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            student__is_active=True,
        )
        .first()
    )
    return link if link is not None and may_receive(link.student) else None


def redeem(link, set_password_form, now=None):
    """
    Save the student's new password (a valid SetPasswordForm) and spend the link, or return
    False if the link was spent meanwhile (two tabs, two people): nothing is changed then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        spent = ResetLink.objects.filter(
            pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not spent:
            return False
        user = set_password_form.save()
        end_sessions(user)
    logger.info("Reset link %s used by user %s", link.pk, link.student_id)
    return True
