"""
With REDIS_URL, sessions are Django's cached_db kind on the app's own table
(accounts.cached_sessions): a session signed in on one app server is read from Redis by another,
without a session query, and ending a user's sessions ends them on every server. Sign-in
lockouts are django-axes rows in the database (its database handler), shared the same way.
https://docs.djangoproject.com/en/6.1/topics/http/sessions/#using-cached-sessions
"""

import pytest
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.core.cache import cache

from studyapp.accounts.backends import USER_BACKEND
from studyapp.accounts.cached_sessions import SessionStore as CachedSessionStore
from studyapp.accounts.hashers import ClassroomArgon2PasswordHasher
from studyapp.accounts.lockout import CountingBeforeCheckingHandler
from studyapp.accounts.models import AccountSession
from studyapp.accounts.sessions import SessionStore, end_sessions
from tests.accounts.conftest import PASSWORD

# Another server signs these users in; the session key of each.
SIGN_IN_THERE = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
keys = []
for username in {usernames!r}:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    keys.append(client.cookies["sessionid"].value)
print(json.dumps(keys))
"""

# Another server's request with each of these session cookies: whether the page knew whom it
# was for (200, or 302 to the sign-in page), and the statements it sent to the session table.
REQUEST_THERE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
answers = []
for key in {keys!r}:
    client = Client()
    client.cookies["sessionid"] = key
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/review/")
    session_reads = [q["sql"] for q in queries if "accounts_accountsession" in q["sql"]]
    answers.append([response.status_code, session_reads])
print(json.dumps(answers))
"""


def cached_copy(key):
    return cache.get(cached_db.KEY_PREFIX + key)


def test_the_cached_store_keeps_the_apps_table_and_its_read():
    assert issubclass(CachedSessionStore, SessionStore)
    assert issubclass(CachedSessionStore, cached_db.SessionStore)
    assert CachedSessionStore.get_model_class() is AccountSession


def test_a_session_signed_in_on_one_server_is_read_from_redis_on_another(
    another_server, django_user_model
):
    ada = django_user_model.objects.create_user("ada")
    [key] = another_server(SIGN_IN_THERE.format(usernames=["ada"]))
    assert AccountSession.objects.get(session_key=key).user_id == ada.pk
    assert cached_copy(key)["_auth_user_id"] == str(ada.pk)

    [(status, session_reads)] = another_server(REQUEST_THERE.format(keys=[key]))
    assert status == 200
    assert session_reads == []


def test_ending_a_users_sessions_ends_them_on_every_server(another_server, django_user_model):
    ada = django_user_model.objects.create_user("ada")
    django_user_model.objects.create_user("bob")
    adas, bobs = another_server(SIGN_IN_THERE.format(usernames=["ada", "bob"]))

    assert end_sessions(ada) == 1
    assert cached_copy(adas) is None
    assert cached_copy(bobs) is not None
    [(adas_status, _), (bobs_status, _)] = another_server(REQUEST_THERE.format(keys=[adas, bobs]))
    assert adas_status == 302, "signed out: sent to the sign-in page"
    assert bobs_status == 200


@pytest.mark.django_db
def test_a_session_from_before_redis_is_read_from_the_database_then_cached(
    shared_redis, django_user_model, client
):
    ada = django_user_model.objects.create_user("ada")
    store = SessionStore()  # the database-only store, as before REDIS_URL was set
    store.update(
        {
            SESSION_KEY: str(ada.pk),
            BACKEND_SESSION_KEY: USER_BACKEND,
            HASH_SESSION_KEY: ada.get_session_auth_hash(),
        }
    )
    store.create()
    assert cached_copy(store.session_key) is None
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    assert client.get("/review/").status_code == 200
    assert cached_copy(store.session_key)[SESSION_KEY] == str(ada.pk)


SIGN_IN_FROM = """
import json
from django.test import Client
answers = [
    Client().post("/accounts/login/", {{"username": "ada", "password": {password!r}}},
                  REMOTE_ADDR=address).status_code
    for address in ("203.0.113.5", "198.51.100.7")
]
print(json.dumps(answers))
"""


def test_failed_sign_ins_on_one_server_lock_the_account_on_another(
    another_server, django_user_model, client
):
    """The lockout counts are rows in the database (axes' database handler), not in a cache."""
    assert issubclass(CountingBeforeCheckingHandler, AxesDatabaseHandler)
    hasher = ClassroomArgon2PasswordHasher()
    django_user_model.objects.create(
        username="ada", password=hasher.encode(PASSWORD, hasher.salt())
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR="203.0.113.5"
        )
    assert AccessAttempt.objects.get(username="ada").failures_since_start == (
        settings.AXES_FAILURE_LIMIT
    )
    cache.clear()  # nothing of the lockout lives in the cache

    locked_address, other_address = another_server(SIGN_IN_FROM.format(password=PASSWORD))
    assert locked_address == 429
    assert other_address == 302
