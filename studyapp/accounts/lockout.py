"""
Sign-in lockout, by django-axes (settings.AXES_*): after AXES_FAILURE_LIMIT failed sign-ins for
one account from one address, that pair waits AXES_COOLOFF_TIME. AxesStandaloneBackend, first in
AUTHENTICATION_BACKENDS, guards every call to authenticate(): this app's sign-in, the admin's,
and any other. Keying on account and address together means one student cannot lock a class
that shares a NAT address out, nor anyone lock an account out from elsewhere.

Axes checks the count before the password and records a failure after it, so parallel guesses
all pass the check before any is recorded (jazzband/django-axes#592). The handler below counts
each attempt when it is let through, under a lock, and takes the count back when the password
was right: at most AXES_FAILURE_LIMIT passwords are ever checked per window.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F, Max
from django.utils import timezone

from studyapp.accounts import queries
from studyapp.core.ratelimit import too_many_requests


class CountingBeforeCheckingHandler(AxesDatabaseHandler):
    def is_allowed(self, request, credentials=None):
        if self.is_blacklisted(request, credentials):
            return False
        if self.is_whitelisted(request, credentials):
            return True
        return self._reserve_attempt(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        attempt_id = getattr(request, "reserved_attempt_id", None)
        if attempt_id is None:
            super().user_login_failed(sender, credentials, request, **kwargs)
            return
        request.reserved_attempt_id = None
        # The failure was counted when the check was let through; axes counts it again while
        # recording its details, so the reservation is taken back in the same transaction.
        with transaction.atomic(using=router.db_for_write(AccessAttempt)):
            _release(attempt_id)
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        attempt_id = getattr(request, "reserved_attempt_id", None)
        if attempt_id is not None:
            request.reserved_attempt_id = None
            _release(attempt_id)
        super().user_logged_in(sender, request, user, **kwargs)

    def _reserve_attempt(self, request, credentials):
        """Count this attempt as a failure if the limit allows one more; False if not."""
        username = get_client_username(request, credentials)
        database = router.db_for_write(AccessAttempt)
        with transaction.atomic(using=database):
            _serialise(database, f"sign-in:{username}:{request.axes_ip_address}")
            if self.get_failures(request, credentials) >= get_failure_limit(request, credentials):
                return False
            attempt, created = AccessAttempt.objects.get_or_create(
                username=username,
                ip_address=request.axes_ip_address,
                user_agent=request.axes_user_agent,
                defaults={
                    "get_data": "",
                    "post_data": "",
                    "http_accept": request.axes_http_accept,
                    "path_info": request.axes_path_info,
                    "failures_since_start": 1,
                },
            )
            if not created:
                AccessAttempt.objects.filter(pk=attempt.pk).update(
                    failures_since_start=F("failures_since_start") + 1,
                    attempt_time=request.axes_attempt_time,
                )
        request.reserved_attempt_id = attempt.pk
        return True


def _serialise(database, key):
    """
    Make checks of one account and address wait for each other until the transaction ends.
    SQLite needs nothing: its transactions take the write lock up front (settings.DATABASES).
    """
    if connections[database].vendor == "postgresql":
        with connections[database].cursor() as cursor:
            cursor.execute(queries.POSTGRES_TRANSACTION_LOCK, [key])


def _release(attempt_id):
    AccessAttempt.objects.filter(pk=attempt_id, failures_since_start__gt=0).update(
        failures_since_start=F("failures_since_start") - 1
    )


def locked_out_response(request, original_response=None, credentials=None):
    """The 429 page for a locked account and address, saying when sign-in opens again."""
    latest = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
    ).aggregate(latest=Max("attempt_time"))["latest"]
    cool_off = get_cool_off(request)
    wait = (latest or timezone.now()) + cool_off - timezone.now()
    return too_many_requests(
        request,
        f"Too many failed sign-in attempts for this account from your address (the limit is "
        f"{settings.AXES_FAILURE_LIMIT} in {cool_off.total_seconds() // 60:.0f} minutes). For your "
        "account's safety, signing in to it is paused.",
        wait.total_seconds(),
    )
