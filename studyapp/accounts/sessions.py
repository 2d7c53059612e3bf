"""
Django's database sessions, kept in AccountSession (the signed-in user's id in a column of its
own, for ending a user's sessions at once), with the read that every signed-in request makes
done by one fixed statement (accounts.queries); writing, expiry and clearing stay Django's own.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db

from studyapp.accounts import queries


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from studyapp.accounts.models import AccountSession

        return AccountSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = str(data.get(SESSION_KEY, ""))
        session.user_id = int(user_id) if user_id.isdigit() else None
        return session

    def _get_session_from_db(self):
        session = queries.live_session(self.model, self.session_key)
        if session is None:
            self._session_key = None
        return session


def end_sessions(user, keep=None):
    """Sign `user` out everywhere: delete their sessions, except the one keyed `keep`."""
    sessions = SessionStore.get_model_class().objects.filter(user_id=user.pk)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted
