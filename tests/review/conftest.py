from datetime import UTC, datetime

import pytest

from studyapp.review import scheduling
from studyapp.review.models import Card
from tests.factories import make_pack, make_question

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("lin", password="pw-for-tests-only")


@pytest.fixture
def pack(db):
    return make_pack()


def card_in_state(user, question, state, due, last_review=None, **extra):
    return Card.objects.create(
        user=user,
        question=question,
        state=state,
        step=0 if state in (scheduling.LEARNING, scheduling.RELEARNING) else None,
        stability=5.0,
        difficulty=5.0,
        due=due,
        last_review=last_review,
        reps=3,
        **extra,
    )


__all__ = ["NOW", "card_in_state", "make_question"]
