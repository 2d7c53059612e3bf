"""
The one authentication backend: Django's ModelBackend, which checks passwords and permissions,
with the read of the signed-in user that every request makes done by one fixed statement
(accounts.queries). The QuerySet it replaces cost more to build than to run, on every request
a signed-in learner makes (bench/request_cost.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from studyapp.accounts import queries

USER_BACKEND = "studyapp.accounts.backends.UserBackend"


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = queries.user_by_pk(get_user_model(), user_id)
        # As ModelBackend does: an account made inactive is signed out at its next request.
        return user if user is not None and self.user_can_authenticate(user) else None
