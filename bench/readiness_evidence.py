"""
Benchmark: the cost of one learner's readiness from the database (studyapp/progress/evidence.py
then the model), for a long history: 3,000 questions in 16 topics, 30,000 practice answers,
50 submitted 65-question exams, 3,000 cards with 100,000 review logs. Reports the queries, the
database time and the whole call (median of the runs), then the same readiness read through the
per-learner cache (studyapp/progress/cache.py) once it holds it, in the configured cache
(REDIS_URL, else this process's memory).

    .venv/bin/python bench/readiness_evidence.py [--attempts 30000] [--logs 100000]

Uses a scratch database (a temporary SQLite file, or a test database on DATABASE_URL).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from review_queue import QueryTimer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = 3000
TOPICS = 16
SITTINGS = 50
BATCH = 5000


def seed(attempts, logs):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from studyapp.exam.models import Sitting, SittingQuestion
    from studyapp.questions.models import Attempt, Option, Pack, Question
    from studyapp.review import scheduling
    from studyapp.review.models import Card, ReviewLog

    now = timezone.now()
    user = get_user_model().objects.create_user("bench")
    pack = Pack.objects.create(slug="bench", title="Bench")
    Question.objects.bulk_create(
        (
            Question(
                pack=pack, qid=f"q{n}", position=n, topic_slug=f"topic-{n % TOPICS}",
                domain=n % TOPICS % 4 + 1, stem=f"Question {n}?", correct_count=1,
                fingerprint=str(n),
            )
            for n in range(QUESTIONS)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    ids = list(Question.objects.values_list("pk", flat=True).order_by("pk"))
    Option.objects.bulk_create(
        (
            Option(question_id=qid, position=p, text=f"Option {p}", is_correct=p == 0)
            for qid in ids
            for p in range(4)
        ),
        batch_size=BATCH,
    )
    Attempt.objects.bulk_create(
        (
            Attempt(
                question_id=ids[n % QUESTIONS], user=user, selected=[n % 3],
                is_correct=n % 3 == 0,
            )
            for n in range(attempts)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    for s in range(SITTINGS):
        submitted = now - timedelta(days=SITTINGS - s)
        sitting = Sitting.objects.create(
            user=user, started_at=submitted - timedelta(hours=2), deadline=submitted,
            duration_minutes=130, question_total=65, submitted_at=submitted,
        )  # fmt: skip
        SittingQuestion.objects.bulk_create(
            SittingQuestion(
                sitting=sitting, position=p + 1, question_id=ids[(s * 65 + p) % QUESTIONS],
                option_order=[0, 1, 2, 3], selected=[p % 4], answered_at=submitted,
            )
            for p in range(65)
        )  # fmt: skip
    Card.objects.bulk_create(
        (
            Card(
                user=user, question_id=qid, state=scheduling.REVIEW, stability=5.0 + n % 40,
                difficulty=5.0, due=now + timedelta(days=n % 30),
                last_review=now - timedelta(days=n % 30), reps=logs // QUESTIONS,
            )
            for n, qid in enumerate(ids)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    card_ids = list(Card.objects.filter(user=user).values_list("pk", flat=True))
    ReviewLog.objects.bulk_create(
        (
            ReviewLog(
                card_id=card_ids[n % len(card_ids)], user=user, rating=1 + n % 4,
                reviewed_at=now - timedelta(minutes=n), previous_state=scheduling.REVIEW,
                state_before={}, card_version=n // len(card_ids),
            )
            for n in range(logs)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    return user, now


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--attempts", type=int, default=30_000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studyapp.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ["STUDYAPP_VAR_DIR"] = tempfile.mkdtemp(prefix="studyapp-bench-")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from studyapp.progress import cache, evidence

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        started = time.perf_counter()
        user, now = seed(args.attempts, args.logs)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        exam_date = now + timedelta(days=14)
        database_ms, whole_ms = [], []
        for _ in range(args.runs):
            timer = QueryTimer()
            started = time.perf_counter()
            with connection.execute_wrapper(timer):
                readiness = evidence.readiness_of(user, exam_date, now)
            whole_ms.append((time.perf_counter() - started) * 1000)
            database_ms.append(timer.seconds * 1000)
        cache.readiness(user, exam_date, now)
        cached_ms, cached_timer = [], QueryTimer()
        for _ in range(args.runs):
            started = time.perf_counter()
            with connection.execute_wrapper(cached_timer):
                cached = cache.readiness(user, exam_date, now)
            cached_ms.append((time.perf_counter() - started) * 1000)
        assert cached == readiness
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {connection.vendor}")
    print(
        f"readiness_of: {timer.count} queries; database time median "
        f"{statistics.median(database_ms):.0f} ms; whole call median "
        f"{statistics.median(whole_ms):.0f} ms, max {max(whole_ms):.0f} ms"
    )
    print(
        f"cached: {cached_timer.count} queries in {args.runs} reads; median "
        f"{statistics.median(cached_ms):.2f} ms, max {max(cached_ms):.2f} ms "
        f"({settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]})"
    )
    print(f"read {readiness.answers:,} answers and {readiness.reviews:,} reviews")
    print(readiness.summary)


if __name__ == "__main__":
    main()
