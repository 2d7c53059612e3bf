"""
Benchmark: import a generated 10,000-question pack, then import it again unchanged.

Targets (issue 3): first import <= 10 s, unchanged re-import <= 5 s on a 2-core machine.
Runs against a scratch SQLite database in a temporary folder (or DATABASE_URL if set, where
it creates and drops a test database), so it never touches real data.

    .venv/bin/python bench/import_pack.py [--questions 10000]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate_pack(count):
    parts = [
        "---\npack: bench\ntitle: Benchmark pack\n---\n",
    ]
    for number in range(count):
        multiple = number % 5 == 0
        parts.append(
            f"## q-{number}\ntopic: what-is-ecs\ndomain: {number % 4 + 1}\n"
            f"tags: bench, t{number % 7}\n"
            f"difficulty: medium\n\nA developer runs task number **{number}** on Amazon ECS. "
            "Which solution meets these requirements with the LEAST operational overhead?\n\n"
            '```json\n{"family": "web", "cpu": "256"}\n```\n\n'
            f"- [x] Use the `awsvpc` network mode for task {number}.\n"
            "  > Right: each task gets an ENI.\n"
            f"- [{'x' if multiple else ' '}] Use the task execution role.\n  > It pulls images.\n"
            "- [ ] Use the bridge network mode.\n  > Bridge shares the host's ENI.\n"
            "- [ ] Use the host network mode.\n  > Host mode shares the host's ports.\n\n"
            "### Explanation\n\n"
            "The awsvpc mode gives each task its own elastic network interface.\n"
        )
    return "\n".join(parts)


def longest_transactions():
    """
    Time every outermost transaction from here on; returns the list the durations go to. The
    longest one is how long the import kept SQLite's write lock from everyone else.
    """
    from django.db import connection, transaction

    durations = []
    enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
    started = []

    def timed_enter(self):
        if not connection.in_atomic_block:
            started.append(time.perf_counter())
        return enter(self)

    def timed_exit(self, *exc):
        result = exit_(self, *exc)
        if not connection.in_atomic_block and started:
            durations.append(time.perf_counter() - started.pop())
        return result

    transaction.Atomic.__enter__, transaction.Atomic.__exit__ = timed_enter, timed_exit
    return durations


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="studyapp-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studyapp.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ["STUDYAPP_VAR_DIR"] = str(scratch)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from studyapp.questions.importing import import_packs, pack_files, parse_files
    from studyapp.topics.loading import sync_topics

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        sync_topics(ROOT / "content" / "topics")
        pack_path = scratch / "bench.md"
        pack_path.write_text(generate_pack(args.questions), encoding="utf-8")
        size_mb = pack_path.stat().st_size / 1024 / 1024

        durations = longest_transactions()

        def timed_import():
            durations.clear()
            started = time.perf_counter()
            files, _ = pack_files([pack_path])
            packs, errors, skipped = parse_files(files)
            assert not errors, errors[:3]
            parsed = time.perf_counter()
            [summary] = import_packs(packs, skipped=skipped)
            longest = max(durations, default=0.0)
            return parsed - started, time.perf_counter() - started, summary, longest

        parse_first, first, summary_first, lock_first = timed_import()
        parse_again, again, summary_again, lock_again = timed_import()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {connection.vendor}")
    print(f"pack: {args.questions} questions, {size_mb:.1f} MB")
    print(
        f"first import:     {first:6.2f} s (parse {parse_first:.2f} s, longest transaction "
        f"{lock_first:.2f} s)  -> {summary_first}"
    )
    print(
        f"unchanged import: {again:6.2f} s (parse {parse_again:.2f} s, longest transaction "
        f"{lock_again:.2f} s)  -> {summary_again}"
    )


if __name__ == "__main__":
    main()
