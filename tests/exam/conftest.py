import pytest

from tests.factories import make_pack, make_question


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("sam", password="pw-for-tests-only")


@pytest.fixture
def bank(db):
    pack = make_pack()
    for domain in (1, 2, 3, 4):
        for index in range(6):
            make_question(
                pack,
                f"d{domain}-{index}",
                domain=domain,
                correct=(0, 2) if index == 0 else (1,),
                option_count=5,
            )
    return pack


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client
