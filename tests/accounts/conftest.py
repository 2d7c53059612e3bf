import pytest
from django.contrib.auth.base_user import AbstractBaseUser

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("ada", password=PASSWORD)


@pytest.fixture
def password_checks(monkeypatch):
    """Every password Django compares with a stored hash, from any thread."""
    checks = []
    original = AbstractBaseUser.check_password

    def counting(user, raw_password):
        checks.append(raw_password)
        return original(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting)
    return checks
