"""
Django's database sessions, kept in AccountSession (the signed-in user's id in a column of its
own, for ending a user's sessions at once), with the read that every signed-in request makes
done by one fixed statement (accounts.queries); writing, expiry and clearing stay Django's own.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db, db
from django.core.cache import caches
from django.db import transaction

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
    keys = list(sessions.values_list("session_key", flat=True))
    if not keys:
        return 0
    # Only the listed keys, whose cached copies are dropped below: a session signed in after
    # the list was read is a new sign-in, and deleting its row alone would leave its copy.
    deleted, _ = sessions.filter(session_key__in=keys).delete()
    # With REDIS_URL the session engine (accounts.cached_sessions) keeps a copy of each session
    # in the cache and reads that first: the copies go too, after the rows, or a server could
    # read one back into the cache from the database in between. (A read that found the row
    # just before the delete can still put its copy back after this; Django's cached_db has the
    # same window. A password change also ends such a session, through its auth hash.) Inside
    # a transaction the rows stay visible to other servers until it commits, so the copies go
    # again then. Without REDIS_URL there is nothing there to delete, and deleting costs nothing.
    cached_keys = [cached_db.KEY_PREFIX + key for key in keys]
    session_cache = caches[settings.SESSION_CACHE_ALIAS]
    session_cache.delete_many(cached_keys)
    transaction.on_commit(lambda: session_cache.delete_many(cached_keys))
    return deleted
