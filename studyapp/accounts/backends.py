"""
Who is signed in, read for every request with one fixed statement (studyapp.core.reads).

Django's ModelBackend still checks passwords; a sign-in through this app's own forms is then
recorded against SessionUserBackend, whose only job is `get_user`. The QuerySet it replaces
cost more to build than to run, on every request a signed-in learner makes
(bench/request_cost.py). Sessions recorded against Django's backend, such as the admin's
sign-in or any from before, keep working through it; Django verifies the session's password
hash the same way whichever backend loaded the user.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db import connection

from studyapp.core import reads

SESSION_USER_BACKEND = "studyapp.accounts.backends.SessionUserBackend"


class SessionUserBackend(BaseBackend):
    """Never authenticates (BaseBackend.authenticate answers None at once); only loads users."""

    def get_user(self, user_id):
        user_model = get_user_model()
        primary_key = connection.ops.quote_name(user_model._meta.pk.column)
        user = reads.one(user_model, f"{primary_key} = %s", [user_id])
        # As ModelBackend does: an account made inactive is signed out at its next request.
        return user if user is not None and user.is_active else None
