import pytest

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("ada", password=PASSWORD)
