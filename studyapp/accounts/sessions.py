"""
Django's database sessions, with the read that every signed-in request makes done by one fixed
statement (accounts.queries); writing, expiry and clearing stay Django's own.
"""

from django.contrib.sessions.backends import db

from studyapp.accounts import queries


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = queries.live_session(self.model, self.session_key)
        if session is None:
            self._session_key = None
        return session
