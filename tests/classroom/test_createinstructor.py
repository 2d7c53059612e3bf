import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from studyapp.accounts.roles import is_instructor

pytestmark = pytest.mark.django_db


def test_creates_the_user_with_the_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("STUDYAPP_INSTRUCTOR_PASSWORD", "a-long-and-unusual-phrase-31")
    call_command("createinstructor", "irene")
    user = get_user_model().objects.get(username="irene")
    assert user.check_password("a-long-and-unusual-phrase-31")
    assert is_instructor(user)
    assert "Created instructor irene." in capsys.readouterr().out


def test_an_existing_user_keeps_their_password(django_user_model, capsys):
    user = django_user_model.objects.create_user("ivan", password="own-password-77x")
    call_command("createinstructor", "ivan")
    user.refresh_from_db()
    assert user.check_password("own-password-77x")
    assert is_instructor(user)


def test_a_weak_password_is_refused_and_nothing_created(monkeypatch):
    monkeypatch.setenv("STUDYAPP_INSTRUCTOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createinstructor", "irene")
    assert not get_user_model().objects.filter(username="irene").exists()


def test_without_a_password_or_a_terminal_it_says_what_to_do(monkeypatch):
    monkeypatch.delenv("STUDYAPP_INSTRUCTOR_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(CommandError, match="set STUDYAPP_INSTRUCTOR_PASSWORD"):
        call_command("createinstructor", "irene")
