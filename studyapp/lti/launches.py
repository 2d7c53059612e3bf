"""
Validating what a platform sends, with pylti1p3 and django-lti's tool configuration (it finds the
registration by issuer and client id, and the deployment; an unknown deployment is recorded
inactive, so an operator can switch it on, and refused meanwhile).

pylti1p3 checks the state (against the browser's state cookie), the JWT's format, that the nonce
was issued by our OIDC login, the registration (issuer and audience), the RS256 signature against
the platform's JWKS, the expiry, the deployment and the message's claims. On top of that this
module makes each nonce single-use (pylti1p3 only checks that it was issued), bounds every call to
the platform (limits.BoundedSession) and caches the platform's JWKS.
"""

import hashlib

from django.core.cache import cache
from django.db import DataError
from lti_tool.models import Key, LtiLaunch
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from studyapp.lti import limits
from studyapp.lti.storage import DatabaseLaunchStorage, forget_expired

NO_KEY = "the tool has no signing key yet (the operator runs manage.py rotate_keys)"


class LaunchRefused(Exception):
    """A launch or login the tool will not accept; the message says why, for the page."""


class _SingleUseNonceLaunch(DjangoMessageLaunch):
    def validate_nonce(self):
        try:
            return super().validate_nonce()
        except LtiException as error:
            raise LtiException(
                "the nonce is not one this tool issued, or it was already used "
                "(open the link in the LMS again)"
            ) from error

    def save_launch_data(self):
        # Runs after every other check passed: only a genuine token can use up its nonce.
        nonce = self._get_jwt_body().get("nonce")
        if not self._session_service.data_storage.consume(f"lti1p3-nonce-{nonce}"):
            raise LtiException("This launch was already used (its nonce is spent).")
        return super().save_launch_data()

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException:
            # A key id the cached JWKS lacks: the platform may have rotated its key. Forget the
            # cached set and fetch it again, but not more often than JWKS_REFETCH_SECONDS.
            key_set_url = self._registration.get_key_set_url()
            if not cache.add(f"lti-jwks-refetch:{key_set_url}", 1, limits.JWKS_REFETCH_SECONDS):
                raise
            url_hash = hashlib.md5(key_set_url.encode()).hexdigest()  # pylti1p3's cache key
            DatabaseLaunchStorage().consume(f"key-set-url-{url_hash}")
            self._registration.set_key_set(None)
            return super().get_public_key()


def oidc_redirect(request, launch_url):
    """The redirect to the platform's authorisation endpoint that starts a launch."""
    forget_expired()
    login = DjangoOIDCLogin(
        request, DjangoToolConfig(), launch_data_storage=DatabaseLaunchStorage()
    )
    try:
        return login.redirect(launch_url)
    except (LtiException, OIDCException) as error:
        raise LaunchRefused(str(error)) from error
    except Key.DoesNotExist as error:
        raise LaunchRefused(NO_KEY) from error


def validated_launch(request):
    """django-lti's LtiLaunch for the id_token POSTed to the launch URL, once validated."""
    id_token = request.POST.get("id_token", "")
    if len(id_token) > limits.MAX_ID_TOKEN_BYTES:
        raise LaunchRefused(
            f"The id_token is longer than the {limits.MAX_ID_TOKEN_BYTES // 1024} KiB limit."
        )
    try:
        launch = _SingleUseNonceLaunch(
            request,
            DjangoToolConfig(),
            launch_data_storage=DatabaseLaunchStorage(),
            requests_session=limits.BoundedSession(),
        )
        launch.set_launch_data_lifetime(limits.LAUNCH_DATA_SECONDS)
        launch.set_public_key_caching(DatabaseLaunchStorage(), limits.JWKS_CACHE_SECONDS)
        launch.validate()
    except LtiException as error:
        raise LaunchRefused(str(error)) from error
    except Key.DoesNotExist as error:
        raise LaunchRefused(NO_KEY) from error
    except DataError as error:  # a deployment id longer than django-lti's column
        raise LaunchRefused("the deployment id is longer than 255 characters") from error
    return LtiLaunch(launch)
