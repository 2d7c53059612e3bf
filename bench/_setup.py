"""
The benchmarks' command line and the scratch database they run on (production settings,
the bundled content, students with a raised new-card allowance), made and removed.

Everything here talks to 127.0.0.1 only.
"""

import argparse
import atexit
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "load-test-password-1"
# Every gunicorn started (_server.Server), so an exit path never leaves one running.
SERVER_PROCESSES = []


def parser(description, fault=False):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--students", type=int, default=50, help="simulated students (default 50)")
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    p.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause in seconds between one student's requests, drawn from 0.5x-1.5x "
        "(default 0: every student sends its next request as soon as the last is answered)",
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the students' choices")
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL URL (default: $DATABASE_URL); a fresh database is created beside the "
        "one it names and dropped afterwards. Empty: SQLite in a temporary folder.",
    )
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, SQLite)")
    p.add_argument(
        "--no-access-log",
        action="store_true",
        help="run gunicorn without its access log (production has one; the log gives the "
        "server-side time of each request)",
    )
    if fault:
        p.add_argument("--kills", type=int, default=1, help="SIGKILLs during the run (default 1)")
    else:
        p.add_argument(
            "--ratio-seconds",
            type=float,
            default=5.0,
            help="seconds of each /health/-only and topic-only burst (default 5; 0 skips them)",
        )
        p.add_argument(
            "--ratio-rounds",
            type=int,
            default=2,
            help="alternating /health/ and topic bursts of each kind (default 2)",
        )
    return p


@dataclass
class Scratch:
    folder: Path
    database_url: str  # "" for SQLite
    maintenance_url: str = ""
    database_name: str = ""
    topic_slugs: list = field(default_factory=list)

    @property
    def vendor(self):
        return "postgresql" if self.database_url else "sqlite"

    @property
    def sqlite_path(self):
        return self.folder / "db.sqlite3"


def _replace_path(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _check_loopback(url):
    host = urlsplit(url).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"Only a database on this machine may be used, not {host!r}.")


def prepare(args):
    """Production-like environment, a fresh database, content, static files and N students."""
    folder = Path(tempfile.mkdtemp(prefix="studyapp-load-"))
    scratch = Scratch(folder=folder, database_url="")
    env = os.environ
    for name in ("GUNICORN_CMD_ARGS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "WEB_CONCURRENCY"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="studyapp.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_ALLOWED_HOSTS=HOST,
        STUDYAPP_VAR_DIR=str(folder),
        STUDYAPP_TOPICS_RELOAD="false",
    )
    if args.database_url:
        _check_loopback(args.database_url)
        import psycopg

        scratch.database_name = f"studyapp_load_{os.getpid()}_{secrets.token_hex(3)}"
        scratch.maintenance_url = _replace_path(args.database_url, "postgres")
        scratch.database_url = _replace_path(args.database_url, scratch.database_name)
        with psycopg.connect(scratch.maintenance_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{scratch.database_name}"')
        env["DATABASE_URL"] = scratch.database_url
    atexit.register(cleanup, scratch, args.keep)
    # SIGTERM (e.g. `timeout`) ends the run through SystemExit, so gunicorn and the scratch
    # database are cleaned up as on any other exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from studyapp.review.models import StudySettings
    from studyapp.topics.models import Topic

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("loadcontent", stdout=quiet, stderr=quiet)
    call_command("collectstatic", verbosity=0, interactive=False)
    # One hash for all: the accounts share a password, so only one hash is paid here.
    # Each student still signs in once through the login form, with the real hasher.
    encoded = make_password(PASSWORD)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"student{n:03d}", password=encoded) for n in range(1, args.students + 1)
    )
    users = list(User.objects.filter(username__startswith="student").order_by("pk"))
    # A whole class working flat out would reach Anki's default of 20 new cards a day within
    # the minute and find nothing left to rate; raising the allowance keeps ratings flowing.
    StudySettings.objects.bulk_create(StudySettings(user=u, new_per_day=9999) for u in users)
    scratch.topic_slugs = list(Topic.objects.order_by("order").values_list("slug", flat=True))
    connections.close_all()
    print(
        f"prepared {scratch.vendor} scratch database, {len(users)} students, "
        f"{len(scratch.topic_slugs)} topics in {time.perf_counter() - started:.1f} s ({folder})",
        flush=True,
    )
    return scratch


_cleaned = set()


def cleanup(scratch, keep=False):
    if id(scratch) in _cleaned:
        return
    _cleaned.add(id(scratch))
    for server in SERVER_PROCESSES:
        server.kill()
    if scratch.database_name:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not be set up yet
            pass
        import psycopg

        with psycopg.connect(scratch.maintenance_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch.database_name}" WITH (FORCE)')
        print(f"dropped database {scratch.database_name}", flush=True)
    if keep:
        print(f"kept {scratch.folder}", flush=True)
    else:
        shutil.rmtree(scratch.folder, ignore_errors=True)
