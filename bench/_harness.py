"""
What bench/load.py and bench/fault.py share: a scratch database, gunicorn in its own process
group, simulated students (one asyncio task and one cookie-keeping HTTP client each, see
_http.py) and the checks made afterwards on the database.

Everything here talks to 127.0.0.1 only, every loop is bounded by a count and a deadline, and
gunicorn is killed (by process group) whatever happens.
"""

import argparse
import asyncio
import atexit
import contextlib
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import _http

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
PASSWORD = "load-test-password-1"
SERVER_PROCESSES = []  # every Server started, so an exit path never leaves one running

MAX_ITERATIONS = 100_000  # per student, on top of the deadline
REQUEST_TIMEOUT = 30  # seconds; gunicorn's own worker timeout is 30 s too
SIGN_IN_TIMEOUT = 120
SIGN_IN_CONCURRENCY = 10  # each sign-in costs one PBKDF2 hash (about 0.5 s of a core)

# Gunicorn's %(D)s is the time a worker spent on the request (microseconds), not the time the
# request waited in the listen backlog: the difference to the client's figure is queueing.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s %({hx-request}i)s"


# ---------------------------------------------------------------------------------------------
# Command line


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


# ---------------------------------------------------------------------------------------------
# Scratch database


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
    # One hash for all: the accounts share a password, so only one PBKDF2 run is paid here.
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


# ---------------------------------------------------------------------------------------------
# Gunicorn


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _proc_stat(pid):
    """(process group, state, utime + stime in seconds) of a process, or None if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[2]), fields[0], (int(fields[11]) + int(fields[12])) / ticks


def group_members(pgid):
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat and stat[0] == pgid and stat[1] != "Z":
                members.append(int(entry.name))
    return members


class Server:
    """gunicorn studyapp.wsgi with its options on the command line, in a new process group."""

    def __init__(self, scratch, port, workers, access_log=True):
        self.scratch = scratch
        self.port = port
        self.workers = workers
        self.access_log = access_log
        self.process = None
        self.starts = 0
        SERVER_PROCESSES.append(self)

    @property
    def access_log_path(self):
        return self.scratch.folder / "access.log"

    def start(self):
        self.starts += 1
        # An empty config file, so the repository's gunicorn.conf.py (read from the working
        # directory by default) plays no part: every option is on this command line.
        config = self.scratch.folder / "gunicorn.bench.conf.py"
        config.write_text("# every option is on the command line\n")
        command = [
            str(GUNICORN),
            "studyapp.wsgi:application",
            f"--config={config}",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=30",
            "--graceful-timeout=10",
            "--backlog=2048",
            f"--error-logfile={self.scratch.folder / 'gunicorn.log'}",
            "--log-level=warning",
        ]
        if Path("/dev/shm").is_dir():
            command.append("--worker-tmp-dir=/dev/shm")
        if self.access_log:
            command += [
                f"--access-logfile={self.access_log_path}",
                f"--access-logformat={ACCESS_FORMAT}",
            ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ.copy(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: one killpg reaches every worker
        )

    @property
    def pgid(self):
        return self.process.pid

    def wait_ready(self, timeout=60.0):
        """Seconds until /health/ answers 200 and every worker is up; exits on failure."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail("gunicorn exited during start-up")
            try:
                with urllib.request.urlopen(
                    f"http://{HOST}:{self.port}/health/", timeout=2
                ) as response:
                    if response.status == 200 and len(self.pids()) >= self.workers + 1:
                        return time.monotonic() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self._fail(f"gunicorn did not answer within {timeout:.0f} s")

    def _fail(self, message):
        log = self.scratch.folder / "gunicorn.log"
        tail = log.read_text()[-3000:] if log.exists() else ""
        self.kill()
        raise SystemExit(f"{message}.\n{tail}")

    def pids(self):
        return group_members(self.pgid) if self.process else []

    def cpu_seconds(self):
        return sum((_proc_stat(pid) or (0, "", 0.0))[2] for pid in self.pids())

    def kill(self):
        """SIGKILL the master and its workers (the whole process group) and wait for them."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 10
        while group_members(self.pgid) and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self):
        """Graceful stop (SIGTERM), then SIGKILL for anything left in the group."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        self.kill()


# ---------------------------------------------------------------------------------------------
# Measurements


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)  # label -> milliseconds of answered requests
        self.errors = defaultdict(Counter)  # label -> kind -> count
        self.unexpected = defaultdict(Counter)  # label -> status -> count (2xx/3xx not expected)
        self.timeline = []  # (monotonic time answered, milliseconds) of every answered request

    def record(self, label, ms, status=None, error=None):
        if error is not None:
            self.errors[label][error] += 1
            return
        self.latency[label].append(ms)
        self.timeline.append((time.monotonic(), ms))
        if not 200 <= status < 400:
            self.errors[label][f"HTTP {status}"] += 1

    def answered(self):
        return sum(len(v) for v in self.latency.values())

    def error_count(self):
        return sum(sum(c.values()) for c in self.errors.values())

    def windows(self, started, width=10.0):
        """Requests, p50 and p99 per `width` seconds of the run: is the tail warm-up or steady?"""
        buckets = defaultdict(list)
        for at, ms in self.timeline:
            buckets[int((at - started) // width)].append(ms)
        rows = []
        for index in sorted(buckets):
            values = sorted(buckets[index])
            rows.append(
                {
                    "from_s": index * width,
                    "requests": len(values),
                    "p50": percentile(values, 50),
                    "p99": percentile(values, 99),
                }
            )
        return rows

    def table(self, seconds):
        rows = []
        labels = sorted(set(self.latency) | set(self.errors))
        everything = sorted(ms for label in labels for ms in self.latency[label])
        for label in [*labels, "all"]:
            values = everything if label == "all" else sorted(self.latency[label])
            errors = self.error_count() if label == "all" else sum(self.errors[label].values())
            rows.append(
                {
                    "endpoint": label,
                    "requests": len(values),
                    "per_second": len(values) / seconds if seconds else 0.0,
                    "p50": percentile(values, 50),
                    "p95": percentile(values, 95),
                    "p99": percentile(values, 99),
                    "max": values[-1] if values else float("nan"),
                    "errors": errors,
                    "error_kinds": dict(self.errors[label]) if label != "all" else {},
                }
            )
        return rows


def markdown_table(rows, server=None):
    server = server or {}
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| server p50 ms | server p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        s = server.get(row["endpoint"], {})
        name = f"**{row['endpoint']}**" if row["endpoint"] == "all" else row["endpoint"]
        lines.append(
            f"| {name} | {row['requests']} | {row['per_second']:.1f} | {row['p50']:.0f} "
            f"| {row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | {row['errors']} "
            f"| {s.get('p50', float('nan')):.1f} | {s.get('p99', float('nan')):.1f} |"
        )
    return "\n".join(lines)


def label_for(method, path, htmx=False):
    if path.startswith("/questions/"):
        path = "/questions/<pack>/<qid>/"
    elif path.startswith("/practice/sets/") and path != "/practice/sets/":
        path = "/practice/sets/<set>/<n>/"
    elif path.startswith("/topics/") and path != "/topics/":
        path = "/topics/<slug>/"
    label = f"{method} {path}"
    if method == "POST" and path != "/accounts/login/":
        label += " (htmx)" if htmx else " (form)"
    return label


def server_times(path, since_line=0):
    """Per-endpoint p50/p99 of gunicorn's own request time (ms) from the access log."""
    times = defaultdict(list)
    try:
        lines = path.read_text().splitlines()[since_line:]
    except OSError:
        return {}, 0
    for line in lines:
        parts = line.split(" ")
        if len(parts) < 4 or not parts[3].isdigit():
            continue
        label = label_for(parts[0], parts[1], htmx=len(parts) > 4 and parts[4] == "true")
        times[label].append(int(parts[3]) / 1000)
        times["all"].append(int(parts[3]) / 1000)
    result = {}
    for label, values in times.items():
        values.sort()
        result[label] = {
            "p50": percentile(values, 50),
            "p99": percentile(values, 99),
            "mean": sum(values) / len(values),
        }
    return result, since_line + len(lines)


def log_lines(path):
    try:
        with open(path) as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


class CpuMeter:
    """CPU used by this process, by gunicorn and by the whole machine over a window."""

    def __init__(self, server):
        self.server = server

    @staticmethod
    def _machine():
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        values = [int(v) for v in fields]
        idle = values[3] + values[4]
        return sum(values), idle

    def __enter__(self):
        self.t0 = time.monotonic()
        self.self0 = resource.getrusage(resource.RUSAGE_SELF)
        self.server0 = self.server.cpu_seconds()
        self.machine0 = self._machine()
        self.load0 = os.getloadavg()
        return self

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        r = resource.getrusage(resource.RUSAGE_SELF)
        client = (r.ru_utime - self.self0.ru_utime) + (r.ru_stime - self.self0.ru_stime)
        server = self.server.cpu_seconds() - self.server0
        total, idle = self._machine()
        busy = ((total - self.machine0[0]) - (idle - self.machine0[1])) / os.sysconf("SC_CLK_TCK")
        self.result = {
            "wall_s": wall,
            "cores": os.cpu_count(),
            "machine_busy_cores": busy / wall,
            "client_cores": client / wall,
            "gunicorn_cores": server / wall,
            "other_cores": max(0.0, (busy - client - server) / wall),
            "loadavg_before": self.load0,
            "loadavg_after": os.getloadavg(),
        }


# ---------------------------------------------------------------------------------------------
# Simulated students

OPTION_RE = re.compile(r'<input type="(?:radio|checkbox)" name="option" value="([0-9a-f]+)"')
SHOWING_RE = re.compile(r'name="showing" value="([\w-]+)"')
CHOOSE_RE = re.compile(r"<legend>Choose (\d+)\.")
# The reveal's "Next question" (or "See the summary") link of a practice set.
NEXT_STEP_RE = re.compile(r'data-key="n" href="([^"]+)"')
QUESTION_RE = re.compile(r'name="question" value="(\d+)"')
SHOWN_AT_RE = re.compile(r'name="shown_at" value="(\d+)"')
CARD_RE = re.compile(r'name="card" value="(\d+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
DURATION_RE = re.compile(r'name="duration_ms" value="(\d+)"')
FORM_TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def answer_fields(text, options):
    """
    The answer form's fields choosing `options` (values of the option inputs of the page
    `text`): the values, with the id of the showing that the server maps them back by.
    """
    showing = SHOWING_RE.search(text)
    return {"showing": showing.group(1) if showing else "", "option": options}


class Failed(Exception):
    """A request failed (error status, time-out, refused connection): start the loop again."""


class Outcome:
    """What the students did that the database must now show."""

    def __init__(self):
        self.acknowledged = []  # (username, card id, version) of ratings acknowledged
        self.in_flight = []  # the same for rating requests whose answer never came
        self.attempts_acknowledged = 0  # practice and review answers graded (200)
        self.attempts_in_flight = 0
        self.done_for_today = 0
        self.signed_in = 0
        self.ratings_open = 0  # rating requests sent and not yet answered, right now


class Student:
    def __init__(self, number, base, stats, outcome, seed, think):
        address = urlsplit(base)
        self.username = f"student{number:03d}"
        self.base = base
        self.stats = stats
        self.outcome = outcome
        self.rng = random.Random(seed * 100_003 + number)
        self.think = think
        self.client = _http.Client(address.hostname, address.port)
        self.next_step = None  # where the open practice set goes on, once a question is answered

    def csrf_token(self):
        return self.client.cookies.get("csrftoken", "")

    async def request(self, method, path, *, data=None, htmx=False, label=None, timeout=None):
        label = label or label_for(method, path.split("?")[0], htmx)
        headers = {}
        if htmx:
            headers["HX-Request"] = "true"
            headers["X-CSRFToken"] = self.csrf_token()
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout or REQUEST_TIMEOUT):
                response = await self.client.request(method, path, form=data, headers=headers)
        except TimeoutError:
            self.stats.record(label, 0, error="timeout")
            raise Failed(label) from None
        except (_http.IncompleteResponse, OSError) as error:
            self.stats.record(label, 0, error=type(error).__name__)
            raise Failed(label) from None
        self.stats.record(label, (time.perf_counter() - started) * 1000, response.status)
        if not 200 <= response.status < 400:
            raise Failed(f"{label}: HTTP {response.status}")
        return response

    async def pause(self):
        if self.think > 0:
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))

    async def sign_in(self, stats_label_prefix=""):
        page = await self.request("GET", "/accounts/login/", timeout=SIGN_IN_TIMEOUT)
        match = FORM_TOKEN_RE.search(page.text)
        response = await self.request(
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": match.group(1) if match else self.csrf_token(),
                "username": self.username,
                "password": PASSWORD,
                "next": "",
            },
            timeout=SIGN_IN_TIMEOUT,
        )
        if response.status != 302:
            raise SystemExit(f"{self.username} could not sign in (HTTP {response.status}).")
        self.outcome.signed_in += 1

    def _choose(self, text):
        options = OPTION_RE.findall(text)
        match = CHOOSE_RE.search(text)
        choose = int(match.group(1)) if match else 1
        if not options:
            return []
        return self.rng.sample(options, min(choose, len(options)))

    async def practise(self, htmx):
        """One question of a practice set; a new set of every question when none is open."""
        if self.next_step is None or "/summary/" in self.next_step:
            data = {"csrfmiddlewaretoken": self.csrf_token()}
            response = await self.request("POST", "/practice/sets/", data=data)
        else:
            response = await self.request("GET", self.next_step)
        if response.status != 302:
            return  # 404 "none left" cannot happen with the bundled pack; nothing to answer
        question_url = response.location
        await self.pause()
        page = await self.request("GET", question_url)
        await self.pause()
        data = answer_fields(page.text, self._choose(page.text))
        data["csrfmiddlewaretoken"] = self.csrf_token()
        try:
            reveal = await self.request("POST", question_url, data=_multi(data), htmx=htmx)
        except Failed:
            self.outcome.attempts_in_flight += 1
            raise
        self.outcome.attempts_acknowledged += 1
        match = NEXT_STEP_RE.search(reveal.text)
        self.next_step = match.group(1) if match else None

    async def review(self, htmx):
        page = await self.request("GET", "/review/")
        question = QUESTION_RE.search(page.text)
        if question is None:
            self.outcome.done_for_today += 1
            return
        shown_at = SHOWN_AT_RE.search(page.text)
        await self.pause()
        data = {
            "question": question.group(1),
            "shown_at": shown_at.group(1) if shown_at else "",
            "csrfmiddlewaretoken": self.csrf_token(),
        } | answer_fields(page.text, self._choose(page.text))
        try:
            reveal = await self.request("POST", "/review/answer/", data=_multi(data), htmx=htmx)
        except Failed:
            self.outcome.attempts_in_flight += 1
            raise
        self.outcome.attempts_acknowledged += 1
        card, version = CARD_RE.search(reveal.text), VERSION_RE.search(reveal.text)
        if card is None or version is None:
            self.stats.unexpected["POST /review/answer/"]["no rating form"] += 1
            return
        duration = DURATION_RE.search(reveal.text)
        await self.pause()
        rating = (self.username, int(card.group(1)), int(version.group(1)))
        data = {
            "card": card.group(1),
            "version": version.group(1),
            "duration_ms": duration.group(1) if duration else "0",
            "rating": str(self.rng.choice([1, 2, 3, 3, 3, 4])),
            "csrfmiddlewaretoken": self.csrf_token(),
        }
        # Opposite header to the answer, so both ways of rating are exercised on every card kind.
        rate_htmx = not htmx
        self.outcome.ratings_open += 1
        try:
            response = await self.request("POST", "/review/rate/", data=data, htmx=rate_htmx)
        except Failed:
            self.outcome.in_flight.append(rating)
            raise
        finally:
            self.outcome.ratings_open -= 1
        # Acknowledged: the htmx swap (200) or the form's redirect back to the session (302).
        if response.status == (200 if rate_htmx else 302):
            self.outcome.acknowledged.append(rating)
        else:
            self.stats.unexpected["POST /review/rate/"][f"HTTP {response.status}"] += 1

    async def read_topic(self):
        await self.request("GET", f"/topics/{self.rng.choice(self.topics)}/")

    async def run(self, deadline, topics, retry_pause=0.1):
        """The mixed loop until the deadline: practice, review, a topic page and /health/."""
        self.topics = topics
        if self.think > 0:
            # A class does not click in the same millisecond: with a think time, each student
            # starts after a random pause of up to that long.
            await asyncio.sleep(self.rng.uniform(0, self.think))
        for iteration in range(MAX_ITERATIONS):
            if time.monotonic() >= deadline:
                return
            try:
                await self.practise(htmx=iteration % 2 == 0)
                await self.pause()
                if time.monotonic() >= deadline:
                    return
                await self.review(htmx=iteration % 2 == 1)
                await self.pause()
                if time.monotonic() >= deadline:
                    return
                await self.read_topic()
                await self.pause()
                await self.request("GET", "/health/")
                await self.pause()
            except Failed:
                # A refused connection (server being restarted) or an error: wait a little and
                # start the loop again from a fresh page, as a person pressing reload would.
                await asyncio.sleep(min(retry_pause, max(0.0, deadline - time.monotonic())))

    async def hammer(self, paths, deadline):
        """One of `paths` after another as fast as they are answered, until the deadline."""
        for _ in range(MAX_ITERATIONS):
            if time.monotonic() >= deadline:
                return
            try:
                await self.request("GET", self.rng.choice(paths))
            except Failed:
                await asyncio.sleep(0.05)


def _multi(data):
    """Form fields as a list of pairs, so a list value becomes repeated fields."""
    pairs = []
    for key, value in data.items():
        if isinstance(value, list):
            pairs.extend((key, v) for v in value)
        else:
            pairs.append((key, value))
    return pairs


async def make_students(args, base, outcome, signin_stats):
    students = [
        Student(n, base, signin_stats, outcome, args.seed, args.think)
        for n in range(1, args.students + 1)
    ]
    gate = asyncio.Semaphore(SIGN_IN_CONCURRENCY)

    async def one(student):
        async with gate:
            await student.sign_in()

    started = time.monotonic()
    results = await asyncio.gather(*(one(s) for s in students), return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        raise SystemExit(f"{len(failures)} student(s) could not sign in: {failures[0]!r}")
    return students, time.monotonic() - started


# ---------------------------------------------------------------------------------------------
# Checks on the database afterwards


def verify(scratch, outcome, fault):
    """Ratings against ReviewLog, card versions against their logs, the database's own check."""
    from django.db import connection, connections
    from django.db.models import Count, F, Q

    from studyapp.questions.models import Attempt
    from studyapp.review.models import Card, ReviewLog

    logs = Counter(ReviewLog.objects.values_list("user__username", "card_id", "card_version"))
    acknowledged = Counter(outcome.acknowledged)
    in_flight = set(outcome.in_flight)
    missing = [k for k in acknowledged if k not in logs]
    duplicated_logs = [k for k, n in logs.items() if n > 1]
    duplicated_acks = [k for k, n in acknowledged.items() if n > 1]
    extra = [k for k in logs if k not in acknowledged]
    unexplained_extra = [k for k in extra if k not in in_flight]
    cards_off = (
        Card.objects.annotate(n=Count("logs"))
        .exclude(version=F("n"))
        .values_list("pk", "version", "n")
    )
    cards_off = list(cards_off[:20])
    wrong_owner = ReviewLog.objects.filter(~Q(user=F("card__user"))).count()
    result = {
        "review_logs": sum(logs.values()),
        "acknowledged": len(outcome.acknowledged),
        "missing_acknowledged": len(missing),
        "duplicated_logs": len(duplicated_logs),
        "duplicated_acknowledgements": len(duplicated_acks),
        "in_flight_ratings": len(in_flight),
        # A rating cut off by the kill and committed anyway moved the card to the next version;
        # one that was not committed is shown again, and its repeat is acknowledged with the
        # same (card, version), so it counts as redone, not as recorded at the kill.
        "in_flight_committed": len([k for k in in_flight if k in logs and k not in acknowledged]),
        "in_flight_not_committed_redone": len([k for k in in_flight if k in acknowledged]),
        "in_flight_not_committed": len([k for k in in_flight if k not in logs]),
        "recorded_without_acknowledgement": len(extra),
        "unexplained_extra_logs": len(unexplained_extra),
        "cards": Card.objects.count(),
        "cards_version_not_log_count": len(cards_off),
        "logs_of_another_users_card": wrong_owner,
        "attempts": Attempt.objects.count(),
        "attempts_acknowledged": outcome.attempts_acknowledged,
        "attempts_in_flight": outcome.attempts_in_flight,
    }
    if scratch.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            result["integrity_check"] = ", ".join(row[0] for row in cursor.fetchall())
            cursor.execute("PRAGMA foreign_key_check")
            result["foreign_key_check_rows"] = len(cursor.fetchall())
    else:
        result["integrity_check"] = _postgres_amcheck(connection)
    connections.close_all()
    if fault:
        ok = (
            not missing
            and not duplicated_logs
            and not duplicated_acks
            and not unexplained_extra
            and not cards_off
            and not wrong_owner
            and result["integrity_check"] in {"ok", "amcheck not available"}
        )
    else:
        ok = (
            result["review_logs"] == result["acknowledged"]
            and not missing
            and not duplicated_logs
            and not cards_off
            and not wrong_owner
            and result["integrity_check"] in {"ok", "amcheck not available"}
        )
    result["ok"] = ok
    return result


def _postgres_amcheck(connection):
    """bt_index_check on every index of the app's tables (contrib amcheck), 'ok' if all pass."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            cursor.execute(
                "SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_am a ON a.oid = c.relam "
                "WHERE n.nspname = 'public' AND a.amname = 'btree'"
            )
            checked = len(cursor.fetchall())
        return "ok" if checked else "no indexes checked"
    except Exception as error:
        return f"amcheck not available ({type(error).__name__})"


# ---------------------------------------------------------------------------------------------
# Reporting


def machine():
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "python": sys.version.split()[0],
        "loadavg_at_start": os.getloadavg(),
    }


def print_windows(stats):
    rows = stats.windows(stats.started)
    print("| seconds | requests | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['from_s']:.0f}-{row['from_s'] + 10:.0f} | {row['requests']} "
            f"| {row['p50']:.0f} | {row['p99']:.0f} |"
        )


def print_cpu(cpu):
    print(
        f"CPU over the run ({cpu['cores']} cores): machine busy {cpu['machine_busy_cores']:.2f} "
        f"cores = load generator {cpu['client_cores']:.2f} + gunicorn "
        f"{cpu['gunicorn_cores']:.2f} + everything else (database server, other work) "
        f"{cpu['other_cores']:.2f}; load average {cpu['loadavg_before'][0]:.2f} -> "
        f"{cpu['loadavg_after'][0]:.2f}"
    )


def write_json(path, data):
    if path:
        path.write_text(json.dumps(data, indent=2, default=str))
        print(f"figures written to {path}")


# ---------------------------------------------------------------------------------------------
# The mixed run, shared by load.py and fault.py


def run_under_gunicorn(args, scratch, drive):
    """
    Start gunicorn on the scratch environment, run `drive(args, scratch, server)` (a coroutine
    function) and return what it returns; gunicorn is stopped whatever happens.
    """
    server = Server(scratch, free_port(), args.workers, access_log=not args.no_access_log)
    try:
        server.start()
        ready = server.wait_ready()
        print(
            f"gunicorn ({args.workers} sync workers) on {HOST}:{server.port}, "
            f"ready in {ready:.1f} s",
            flush=True,
        )
        return asyncio.run(drive(args, scratch, server))
    finally:
        server.stop()


async def mixed_run(args, students, server, scratch, kills=0):
    """
    Every student loops until the deadline. With `kills`, gunicorn is SIGKILLed (master and
    workers, by process group) that many times, evenly spaced, and restarted on the same port.
    """
    stats = Stats()
    for student in students:
        student.stats = stats
    events = []

    outcome = students[0].outcome
    wanted_open = max(1, len(students) // 10)

    async def killer(started):
        for k in range(kills):
            at = started + args.duration * (k + 1) / (kills + 1)
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            # Aim the kill at ratings: wait (5 s at most) until several rating requests are
            # open, so that some are being processed, or queued, when the kill lands.
            for _ in range(500):
                if outcome.ratings_open >= wanted_open:
                    break
                await asyncio.sleep(0.01)
            open_ratings = outcome.ratings_open
            killed_at = time.monotonic()
            in_flight_before = len(students[0].outcome.in_flight)
            await asyncio.to_thread(server.kill)
            await asyncio.to_thread(server.start)
            ready = await asyncio.to_thread(server.wait_ready)
            events.append(
                {
                    "killed_at_s": round(killed_at - started, 2),
                    "down_s": round(time.monotonic() - killed_at, 2),
                    "restart_ready_s": round(ready, 2),
                    "ratings_in_flight_so_far": in_flight_before,
                    "rating_requests_open_at_kill": open_ratings,
                }
            )
            print(
                f"  SIGKILL to gunicorn's process group at {killed_at - started:.1f} s; "
                f"answering again after {time.monotonic() - killed_at:.2f} s",
                flush=True,
            )

    log_start = log_lines(server.access_log_path)
    with CpuMeter(server) as cpu:
        started = time.monotonic()
        deadline = started + args.duration
        jobs = [s.run(deadline, scratch.topic_slugs) for s in students]
        if kills:
            jobs.append(killer(started))
        await asyncio.gather(*jobs)
        elapsed = time.monotonic() - started
    server_side, _ = server_times(server.access_log_path, log_start)
    stats.started = started
    return stats, elapsed, cpu.result, server_side, events
