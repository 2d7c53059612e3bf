from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from studyapp.accounts.models import AccountSession
from studyapp.accounts.sessions import SessionStore, end_sessions

pytestmark = pytest.mark.django_db


class DjangoStoreOfAccountSessions(DjangoSessionStore):
    """Django's own database store, writing to the app's session table."""

    # Sessions are signed with a salt naming the store class: sign as the app's store does.
    __qualname__ = "SessionStore"

    @classmethod
    def get_model_class(cls):
        return AccountSession


def stored_session(store_class=DjangoStoreOfAccountSessions, **data):
    store = store_class()
    store.update(data)
    store.create()
    return store.session_key


def test_reads_what_djangos_store_wrote():
    key = stored_session(_auth_user_id="7", exam="12")
    assert dict(SessionStore(key).items()) == {"_auth_user_id": "7", "exam": "12"}


def test_an_expired_session_reads_as_empty_and_forgets_its_key():
    key = stored_session(_auth_user_id="7")
    AccountSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    store = SessionStore(key)
    assert dict(store.items()) == {}
    assert store.session_key is None


def test_an_unknown_key_reads_as_empty_and_forgets_it():
    store = SessionStore("k" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None


def test_the_app_uses_it_for_every_request(client, django_user_model):
    user = django_user_model.objects.create_user("ada", password="a-password-for-tests-7")
    client.force_login(user)
    assert isinstance(client.session, SessionStore)
    assert client.get("/review/").status_code == 200


def test_a_session_records_whose_it_is(client, django_user_model):
    user = django_user_model.objects.create_user("ada", password="a-password-for-tests-7")
    client.force_login(user)
    assert AccountSession.objects.get(session_key=client.session.session_key).user_id == user.pk
    anonymous = stored_session(SessionStore, exam="12")
    assert AccountSession.objects.get(session_key=anonymous).user_id is None


def test_ending_a_users_sessions_keeps_the_one_asked_and_other_users(django_user_model):
    ada = django_user_model.objects.create_user("ada")
    bob = django_user_model.objects.create_user("bob")
    here, elsewhere = (stored_session(SessionStore, _auth_user_id=str(ada.pk)) for _ in range(2))
    bobs = stored_session(SessionStore, _auth_user_id=str(bob.pk))
    assert end_sessions(ada, keep=here) == 1
    assert set(AccountSession.objects.values_list("session_key", flat=True)) == {here, bobs}
    assert elsewhere not in set(AccountSession.objects.values_list("session_key", flat=True))


def test_a_copy_cached_again_before_the_ending_commits_is_dropped_when_it_commits(
    client, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("kai", password="x")
    client.force_login(user)
    cached_key = cached_db.KEY_PREFIX + client.session.session_key
    session_cache = caches[settings.SESSION_CACHE_ALIAS]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        end_sessions(user)
        # Another server read the row, still there until the commit, and cached it again.
        session_cache.set(cached_key, {"_auth_user_id": str(user.pk)})
    assert session_cache.get(cached_key) is None
    assert not AccountSession.objects.filter(user_id=user.pk).exists()
