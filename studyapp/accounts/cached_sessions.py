"""
The session engine used when REDIS_URL is set: Django's cached_db semantics on the app's own
database sessions (accounts.sessions). Every write goes to AccountSession, user id column
included, and then to the cache; a read tries the cache first and falls back to the fixed
statement of accounts.sessions. Several app servers sharing one Redis then share every session
without a session query per request, and a Redis restart only costs one database read per
session.

Ending a user's sessions (accounts.sessions.end_sessions) drops their cached copies too.
"""

from django.contrib.sessions.backends import cached_db

from studyapp.accounts import sessions


class SessionStore(cached_db.SessionStore, sessions.SessionStore):
    """cached_db's load and save around the app store's database read and user id column."""
