from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class AccountSession(AbstractBaseSession):
    """
    Django's database session with the signed-in user's id beside it, so that "sign out
    everywhere" and account deletion end a user's sessions with one indexed DELETE instead of
    decoding every session in the table. A plain column, not a foreign key: a session may
    outlive its user for the moment between a deletion and its next request.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    @classmethod
    def get_session_store_class(cls):
        from studyapp.accounts.sessions import SessionStore

        return SessionStore


class ResetLink(models.Model):
    """
    A one-time password reset link an instructor issued for a student of their class (one
    without an email address, say). Only a hash of its secret is kept: the link itself is shown
    once, to the instructor who issued it. Rows stay after use or expiry as the log of who issued
    which link for whom, and when it was used.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_links"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reset_links_issued",
    )
    classroom_name = models.CharField(max_length=200)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer link for the same student replaced this one before it was used.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["student", "created_at"])]

    def __str__(self):
        return f"reset link for {self.student_id} issued by {self.issued_by_id}"
