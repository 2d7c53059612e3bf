"""
Django's database sessions, with the read that every signed-in request makes done by one fixed
statement (studyapp.core.reads). Building that lookup as a QuerySet cost several times what
running it did (bench/request_cost.py); writing, expiry and clearing stay Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from studyapp.core import reads


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        session = reads.one(
            self.model, "session_key = %s AND expire_date > %s", [self.session_key, now]
        )
        if session is None:
            self._session_key = None
        return session
