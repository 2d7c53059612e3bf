"""
Concurrent ratings on one learner's cards, from many threads at once, through real database
connections: every acknowledged rating has exactly one log row and no rating is applied twice.
Runs on whichever database DATABASE_URL selects (CI runs it on SQLite and on PostgreSQL).
"""

import threading

import pytest
from django.db import connection

from studyapp.review import actions, scheduling
from studyapp.review.models import Card, ReviewLog
from tests.review.conftest import NOW, make_question

SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))
THREADS = 8
RATINGS_PER_THREAD = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_are_neither_lost_nor_duplicated(learner, pack):
    cards = [actions.card_for(learner, make_question(pack, f"q{i}")) for i in range(4)]
    recorded = []
    failures = []
    barrier = threading.Barrier(THREADS)

    def worker(number):
        try:
            barrier.wait()
            for attempt in range(RATINGS_PER_THREAD):
                card = cards[(number + attempt) % len(cards)]
                version = Card.objects.get(pk=card.pk).version
                result = actions.rate_card(learner, card.pk, version, 3, 0, SCHEDULER, now=NOW)
                if result.recorded:
                    recorded.append((card.pk, version))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(recorded) == len(set(recorded)), "a version was rated twice"
    assert ReviewLog.objects.count() == len(recorded)
    for card in cards:
        card.refresh_from_db()
        logs = ReviewLog.objects.filter(card=card)
        assert card.version == logs.count() == card.reps
        assert sorted(logs.values_list("card_version", flat=True)) == list(range(card.version))
