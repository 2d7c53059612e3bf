"""
Benchmark: one learner with 10,000 cards among 1,000,000 review logs. Reports the database time
and query count to build the review queue page, and the queries to record one rating.

Targets (issue 4): queue <= 10 ms at the database; a rating request <= 8 queries.
Uses a scratch database (a temporary SQLite file, or a test database on DATABASE_URL).

    .venv/bin/python bench/review_queue.py [--cards 10000] [--logs 1000000]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class QueryTimer:
    """Sums the time the database spends on each query (execute_wrapper)."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0
        self.each = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            self.count += 1
            self.each.append((elapsed * 1000, sql))


def seed(cards, logs):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from studyapp.questions.models import Option, Pack, Question
    from studyapp.review import scheduling
    from studyapp.review.models import Card, ReviewLog

    now = timezone.now()
    user = get_user_model().objects.create_user("bench")
    pack = Pack.objects.create(slug="bench", title="Bench")
    topics = [f"topic-{n}" for n in range(18)]
    Question.objects.bulk_create(
        Question(
            pack=pack, qid=f"q{n}", position=n, topic_slug=topics[n % 18], domain=n % 4 + 1,
            stem=f"Question {n}?", correct_count=1, fingerprint=str(n),
        )
        for n in range(cards + 2000)
    )  # fmt: skip
    question_ids = list(Question.objects.values_list("pk", flat=True).order_by("pk"))
    Option.objects.bulk_create(
        (
            Option(question_id=qid, position=p, text=f"Option {p}", is_correct=p == 0)
            for qid in question_ids[: cards + 50]
            for p in range(4)
        ),
        batch_size=5000,
    )
    states = [scheduling.REVIEW] * 8 + [scheduling.LEARNING, scheduling.RELEARNING]
    Card.objects.bulk_create(
        (
            Card(
                user=user, question_id=qid, state=states[n % 10], step=0 if n % 10 >= 8 else None,
                stability=10.0, difficulty=5.0, due=now + timedelta(hours=(n % 240) - 120),
                last_review=now - timedelta(days=10), reps=logs // cards, version=logs // cards,
            )
            for n, qid in enumerate(question_ids[:cards])
        ),
        batch_size=5000,
    )  # fmt: skip
    card_ids = list(Card.objects.values_list("pk", flat=True))
    per_card = logs // cards
    batch = []
    for n, card_id in enumerate(card_ids):
        for k in range(per_card):
            batch.append(
                ReviewLog(
                    card_id=card_id, user=user, rating=3,
                    reviewed_at=now - timedelta(days=per_card - k, minutes=n % 600),
                    previous_state=scheduling.REVIEW, state_before={}, card_version=k,
                )
            )  # fmt: skip
        if len(batch) >= 20000:
            ReviewLog.objects.bulk_create(batch)
            batch.clear()
    ReviewLog.objects.bulk_create(batch)
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studyapp.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["STUDYAPP_VAR_DIR"] = tempfile.mkdtemp(prefix="studyapp-bench-")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    from studyapp.review.models import Card
    from studyapp.review.queue import Queue

    setup_test_environment()
    # Templates need static URLs; the manifest storage would need collectstatic first.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        started = time.perf_counter()
        user = seed(args.cards, args.logs)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        print(f"seeded {args.cards} cards and {args.logs} logs in {seconds:.0f} s")

        database_ms, counts = [], []
        for _ in range(args.runs):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                queue = Queue(user)
                queue.counts()
                queue.next_item()
            database_ms.append(timer.seconds * 1000)
            counts.append(timer.count)

        client = Client()
        client.force_login(user)
        page_ms = []
        for _ in range(args.runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as page_queries:
                response = client.get("/review/")
            page_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200

        card = Card.objects.filter(user=user, state=2).first()
        with CaptureQueriesContext(connection) as rating_queries:
            started = time.perf_counter()
            response = client.post(
                "/review/rate/",
                {"card": card.pk, "version": card.version, "rating": "3"},
                headers={"HX-Request": "true"},
            )
            rating_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        card.refresh_from_db()
        with CaptureQueriesContext(connection) as plain_rating_queries:
            client.post("/review/rate/", {"card": card.pk, "version": card.version, "rating": "3"})
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {connection.vendor}")
    print(
        "queue (counts + next card), database time: "
        f"median {statistics.median(database_ms):.2f} ms, "
        f"max {max(database_ms):.2f} ms, {counts[0]} queries"
    )
    print(
        f"GET /review/ whole request: median {statistics.median(page_ms):.1f} ms, "
        f"{len(page_queries.captured_queries)} queries"
    )
    print(
        f"POST /review/rate/ (htmx, also renders the next card): {rating_ms:.1f} ms, "
        f"{len(rating_queries.captured_queries)} queries"
    )
    print(
        "POST /review/rate/ (plain form, redirect): "
        f"{len(plain_rating_queries.captured_queries)} queries"
    )
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for elapsed, sql in timer.each:
            print(f"  {elapsed:7.2f} ms  {sql[:140]}")
        for query in plain_rating_queries.captured_queries:
            print("  ", query["sql"][:150])


if __name__ == "__main__":
    main()
