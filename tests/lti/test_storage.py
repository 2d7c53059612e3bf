"""pylti1p3's launch values in the database: shared by every app process, expiring, single-use."""

from datetime import timedelta

import pytest
from django.utils import timezone

from studyapp.lti.models import LaunchValue
from studyapp.lti.storage import DatabaseLaunchStorage, forget_expired

pytestmark = pytest.mark.django_db


def test_a_value_is_read_back_until_it_expires():
    storage = DatabaseLaunchStorage()
    storage.set_value("nonce-abc", True, exp=60)
    assert storage.get_value("nonce-abc") is True
    assert storage.check_value("nonce-abc")

    LaunchValue.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert storage.get_value("nonce-abc") is None
    assert not storage.check_value("nonce-abc")


def test_a_value_can_be_consumed_once():
    storage = DatabaseLaunchStorage()
    storage.set_value("nonce-abc", True)
    assert storage.consume("nonce-abc")
    assert not storage.consume("nonce-abc")


def test_writing_a_key_again_replaces_its_value():
    storage = DatabaseLaunchStorage()
    storage.set_value("state-1", {"a": 1})
    storage.set_value("state-1", {"a": 2})
    assert storage.get_value("state-1") == {"a": 2}
    assert LaunchValue.objects.count() == 1


def test_expired_values_are_deleted():
    storage = DatabaseLaunchStorage()
    storage.set_value("old", 1)
    storage.set_value("new", 2)
    LaunchValue.objects.filter(key__endswith="old").update(expires_at=timezone.now())
    forget_expired()
    assert [value.key for value in LaunchValue.objects.all()] == ["lti1p3-new"]
