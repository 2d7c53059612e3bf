from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from studyapp.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def stored_session(**data):
    store = DjangoSessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_reads_what_djangos_store_wrote():
    key = stored_session(_auth_user_id="7", exam="12")
    assert dict(SessionStore(key).items()) == {"_auth_user_id": "7", "exam": "12"}


def test_an_expired_session_reads_as_empty_and_forgets_its_key():
    key = stored_session(_auth_user_id="7")
    Session.objects.filter(session_key=key).update(
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
