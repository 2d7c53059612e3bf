"""pylti1p3's launch data storage, kept in the database (models.LaunchValue says why)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from pylti1p3.launch_data_storage.base import LaunchDataStorage

from studyapp.lti import limits
from studyapp.lti.models import LaunchValue


class DatabaseLaunchStorage(LaunchDataStorage):
    def get_session_cookie_name(self):
        # As pylti1p3's cache storage: on HTTPS the keys are scoped to a browser by a cookie
        # (SameSite=None; Secure, set by pylti1p3); plain HTTP (development) cannot carry one.
        if not self._request.is_secure():
            return None
        return super().get_session_cookie_name()

    def can_set_keys_expiration(self):
        return True

    def _live(self, key):
        return LaunchValue.objects.filter(key=self._prepare_key(key), expires_at__gt=timezone.now())

    def get_value(self, key):
        row = self._live(key).only("value").first()
        return None if row is None else row.value

    def set_value(self, key, value, exp=None):
        expires_at = timezone.now() + timedelta(seconds=exp or limits.LAUNCH_DATA_SECONDS)
        key = self._prepare_key(key)
        try:
            with transaction.atomic():
                LaunchValue.objects.update_or_create(
                    key=key, defaults={"value": value, "expires_at": expires_at}
                )
        except IntegrityError:  # a concurrent writer made it first: last write wins
            LaunchValue.objects.filter(key=key).update(value=value, expires_at=expires_at)

    def check_value(self, key):
        return self._live(key).exists()

    def consume(self, key):
        """True once for a live key, then never again (the row is gone)."""
        deleted, _ = self._live(key).delete()
        return deleted > 0


def forget_expired():
    """Drop what no launch can use any more; called on each OIDC login, so bounded by logins."""
    LaunchValue.objects.filter(expires_at__lte=timezone.now()).delete()
