"""
The two fixed reads every signed-in request makes, its session and its user (see core.reads
for why they are not QuerySets). Building either lookup as a QuerySet cost several times what
running it did (bench/request_cost.py); tests/accounts check them against the ORM's answer.
And the lock that serialises sign-in checks on PostgreSQL (lockout.py), which the ORM cannot
take.
"""

from django.utils import timezone

from studyapp.core import reads, sql

USER_BY_PK = "{pk} = %s"
LIVE_SESSION = "{session_key} = %s AND {expire_date} > %s"
# Held until the transaction ends; parameter: the text naming what is locked.
POSTGRES_TRANSACTION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"


def user_by_pk(user_model, pk):
    return reads.one(user_model, USER_BY_PK, [pk])


def live_session(session_model, session_key):
    """The session stored under `session_key` if it has not expired, else None."""
    now = sql.connection_for(session_model).ops.adapt_datetimefield_value(timezone.now())
    return reads.one(session_model, LIVE_SESSION, [session_key, now])
