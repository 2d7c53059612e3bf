"""
A lesson against gunicorn, open loop: students arrive at Poisson times whatever the server's
speed, each opens the app already signed in (or signs in through the form) and studies with the
think times of _openloop until told to leave. The class is resized step by step; each step is
measured in the same sitting: first /health/ served alone while the class holds still for a few
seconds (the bare-view figure), then the class resized, left to settle, and its own requests
timed over a window. bench/load.py --open-loop runs one step, bench/capacity.py a search.

Everything here talks to 127.0.0.1 only.
"""

import asyncio
import contextlib
import importlib.util
import math
import random
import time

import _checks
import _openloop
import _report
import _server
import _setup
import _students

P99_TARGET_MS = 250
BARE_VIEW_CLIENTS = 50  # as many as the closed-loop bench's students
LOGIN_POST = "POST /accounts/login/"
LOOP_LAG_TICK = 0.1  # seconds between the load generator's checks on its own event loop


def add_options(parser):
    """The open-loop options, for load.py --open-loop and capacity.py alike."""
    parser.add_argument(
        "--arrival-rate",
        type=float,
        default=5.0,
        help="students arriving per second, Poisson arrivals, until the class is complete "
        "(default 5)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=60.0,
        help="seconds after the last arrival before the timed window: the longest a question is "
        "read, so that the wave of answers that follows the arrivals has passed (default 60)",
    )
    parser.add_argument(
        "--bare-seconds",
        type=float,
        default=3.0,
        help=f"seconds of /health/ alone, {BARE_VIEW_CLIENTS} clients, before each step "
        "(default 3)",
    )
    parser.add_argument(
        "--sign-in",
        choices=["session", "form"],
        default="session",
        help="session: each student arrives with a session made beforehand, as one that signed "
        "in earlier in the term does (default); form: each signs in through the login form on "
        "arrival, which costs a password hash",
    )


def configured_workers():
    """The number of workers the repository's gunicorn.conf.py gives on this machine."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf", _setup.ROOT / "gunicorn.conf.py")
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    return config.workers


def open_sessions(count):
    """
    A signed-in session for each of the first `count` students, as Django's login() writes it,
    without paying a password hash each: {username: session key}, and the cookie's name.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import connections, transaction

    engine = import_module(settings.SESSION_ENGINE)
    # The backend that checks passwords and loads the user (axes' only guards authenticate()).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if not path.startswith("axes"))
    users = get_user_model().objects.filter(username__startswith="student").order_by("pk")
    keys = {}
    with transaction.atomic():
        for user in users[:count]:
            session = engine.SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys[user.username] = session.session_key
    connections.close_all()
    return keys, settings.SESSION_COOKIE_NAME


class LessonOver(Exception):
    """The student was told to leave while thinking: they go without another click."""


class Learner(_students.Student):
    """A student in the lesson: think times from _openloop, held still while the bare view runs."""

    def __init__(self, number, lesson):
        super().__init__(number, lesson.base, lesson.stats, lesson.outcome, lesson.seed, 0.0)
        self.number = number
        self.lesson = lesson
        self.leaving = asyncio.Event()
        if lesson.sessions:
            self.client.cookies[lesson.session_cookie] = lesson.sessions[self.username]

    async def request(self, method, path, **kwargs):
        # Waiting at the gate is the bench holding the class still, not the server: the
        # latency is timed from when the request is sent (Student.request).
        await self.lesson.gate.wait()
        self.lesson.in_flight += 1
        try:
            return await super().request(method, path, **kwargs)
        finally:
            self.lesson.in_flight -= 1

    async def pause(self, moment=""):
        if moment == "redirect":
            return  # a browser follows a redirect at once
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_openloop.THINK[moment].draw(self.rng)):
                await self.leaving.wait()
        if self.leaving.is_set():
            raise LessonOver

    async def attend(self, topics):
        """Open the app, then one activity after another until told to leave."""
        self.topics = topics
        arrived = False
        with contextlib.suppress(LessonOver):
            while not self.leaving.is_set():
                try:
                    if not arrived:
                        if not self.lesson.sessions:
                            await self.sign_in()
                        await self.request("GET", "/")
                        arrived = True
                        continue
                    await self.study(_openloop.choose_activity(self.rng))
                except _students.Failed:
                    await self.pause("retry")

    async def study(self, activity):
        if activity == "practice":
            await self.practise(htmx=self.rng.random() < 0.5)
            await self.pause("explanation")
        elif activity == "review":
            done_before = self.outcome.done_for_today
            await self.review(htmx=self.rng.random() < 0.5)
            if self.outcome.done_for_today > done_before:
                await self.pause("card")  # reading "nothing due", then doing something else
        else:
            await self.read_topic()
            await self.pause("topic")


class Lesson:
    """The students present, their accounts, and the gate that holds them still."""

    def __init__(self, base, outcome, topics, accounts, sessions, session_cookie, seed):
        self.base = base
        self.outcome = outcome
        self.topics = topics
        self.sessions = sessions
        self.session_cookie = session_cookie
        self.seed = seed
        self.rng = random.Random(seed)
        self.absent = list(range(1, accounts + 1))  # account numbers not in the lesson
        self.present = {}  # Learner -> its task
        self.stats = _report.Stats()
        self.gate = asyncio.Event()
        self.gate.set()
        self.in_flight = 0

    def record_into(self, stats):
        self.stats = stats
        for learner in self.present:
            learner.stats = stats

    async def resize(self, size, rate):
        """Arrivals at Poisson times of `rate` per second, or departures at once, to `size`."""
        if size > len(self.present) + len(self.absent):
            raise SystemExit(f"{size} students asked for, only {len(self.absent)} accounts left.")
        if size > len(self.present):
            start = time.monotonic()
            for offset in _openloop.arrival_offsets(rate, size - len(self.present), self.rng):
                await asyncio.sleep(max(0.0, start + offset - time.monotonic()))
                learner = Learner(self.absent.pop(0), self)
                self.present[learner] = asyncio.create_task(learner.attend(self.topics))
        elif size < len(self.present):
            leavers = self.rng.sample(list(self.present), len(self.present) - size)
            for learner in leavers:
                learner.leaving.set()
            await asyncio.gather(*(self.present.pop(learner) for learner in leavers))
            self.absent = sorted(self.absent + [learner.number for learner in leavers])

    def crashed(self):
        """A present student's task that ended by itself: a bug in the bench, never load."""
        for task in self.present.values():
            if task.done():
                return task.exception() or RuntimeError("a student left without being told")
        return None

    async def hold_still(self):
        """Close the gate and wait (bounded) until no request of the class is in flight."""
        self.gate.clear()
        deadline = time.monotonic() + _students.REQUEST_TIMEOUT + 5
        while self.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    def go_on(self):
        self.gate.set()


async def bare_view(base, seconds, seed):
    """/health/ alone, as fast as BARE_VIEW_CLIENTS anonymous clients are answered."""
    stats = _report.Stats()
    clients = [
        _students.Student(n, base, stats, _students.Outcome(), seed + 1, 0.0)
        for n in range(1, BARE_VIEW_CLIENTS + 1)
    ]
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client.hammer(["/health/"], deadline) for client in clients))
    elapsed = time.monotonic() - started
    latency = sorted(stats.latency["GET /health/"])
    return {
        "per_second": stats.answered() / elapsed,
        "p99": _report.percentile(latency, 99),
        "errors": stats.error_count(),
    }


async def watch_loop_lag(deadline, lags):
    """How late the load generator's event loop wakes up (ms): above a few ms, it limits."""
    while (now := time.monotonic()) < deadline:
        await asyncio.sleep(LOOP_LAG_TICK)
        lags.append((time.monotonic() - now - LOOP_LAG_TICK) * 1000)


async def measure_step(lesson, server, size, args):
    """The bare view, the class resized and settled, then its requests over the window."""
    before = lesson.stats  # whatever was answered since the last window counts in this step
    await lesson.hold_still()
    bare = await bare_view(lesson.base, args.bare_seconds, args.seed)
    lesson.go_on()
    started = time.monotonic()
    await lesson.resize(size, args.arrival_rate)
    arrivals_s = time.monotonic() - started
    await asyncio.sleep(args.settle)

    window = _report.Stats()
    lesson.record_into(window)
    log_start = _report.log_lines(server.access_log_path)
    lags = []
    with _report.CpuMeter(server) as cpu:
        window.started = time.monotonic()
        await watch_loop_lag(window.started + args.duration, lags)
        elapsed = time.monotonic() - window.started
    lesson.record_into(_report.Stats())
    crash = lesson.crashed()
    if crash:
        raise SystemExit(f"a simulated student stopped: {crash!r}")
    server_side, _ = _report.server_times(server.access_log_path, log_start)

    rows = window.table(elapsed)
    # A password hash is slow on purpose; the sign-in burst is measured on its own (issue 20).
    timed = sorted(
        ms for label, values in window.latency.items() if label != LOGIN_POST for ms in values
    )
    endpoints = [row for row in rows[:-1] if row["endpoint"] != LOGIN_POST and row["requests"]]
    slowest = max(endpoints, key=lambda row: row["p99"], default={"endpoint": "-", "p99": None})
    errors = before.error_count() + window.error_count() + bare["errors"]
    p99 = _report.percentile(timed, 99)
    lags.sort()
    return {
        "students": size,
        "bare_view_per_second": bare["per_second"],
        "bare_view_p99": bare["p99"],
        "arrivals_seconds": arrivals_s,
        "seconds": elapsed,
        "requests": len(timed),
        "per_second": window.answered() / elapsed,
        "p50": _report.percentile(timed, 50),
        "p95": _report.percentile(timed, 95),
        "p99": p99,
        "slowest_endpoint": {"endpoint": slowest["endpoint"], "p99": slowest["p99"]},
        "errors": errors,
        "error_kinds": {
            label: dict(before.errors[label] + window.errors[label])
            for label in set(before.errors) | set(window.errors)
            if before.errors[label] + window.errors[label]
        },
        "client_cores": cpu.result["client_cores"],
        "gunicorn_cores": cpu.result["gunicorn_cores"],
        "other_cores": cpu.result["other_cores"],
        "loadavg": cpu.result["loadavg_after"],
        "loop_lag_p99_ms": _report.percentile(lags, 99),
        "passed": _openloop.step_passes(p99, errors, P99_TARGET_MS),
        "endpoints": rows,
        "server_side_ms": server_side,
        "windows": window.windows(window.started),
    }


def sitting(args, sizes):
    """
    Prepare the scratch database, start gunicorn, try the class sizes the generator `sizes`
    yields (it is sent whether each passed), then check the database. Returns the steps, what
    the generator returned, the database check and the scratch environment.
    """
    scratch = _setup.prepare(args)
    sessions, cookie = {}, ""
    if args.sign_in == "session":
        started = time.monotonic()
        sessions, cookie = open_sessions(args.students)
        print(f"{len(sessions)} sessions written in {time.monotonic() - started:.1f} s", flush=True)

    async def drive(args, scratch, server):
        outcome = _students.Outcome()
        base = f"http://{_setup.HOST}:{server.port}"
        lesson = Lesson(
            base, outcome, scratch.topic_slugs, args.students, sessions, cookie, args.seed
        )
        steps = []
        size = next(sizes)
        try:
            while True:
                print(f"{size} students: arriving at {args.arrival_rate:g}/s ...", flush=True)
                step = await measure_step(lesson, server, size, args)
                steps.append(step)
                print(
                    f"  bare view {step['bare_view_per_second']:.0f} req/s; class "
                    f"{step['per_second']:.1f} req/s, p99 {step['p99']:.0f} ms, "
                    f"{step['errors']} errors: {'pass' if step['passed'] else 'fail'}",
                    flush=True,
                )
                size = sizes.send(step["passed"])
        except StopIteration as done:
            result = done.value
        after_last_window = lesson.stats
        await lesson.resize(0, 1.0)
        return steps, result, outcome, after_last_window.error_count()

    steps, result, outcome, errors_after = _server.run_under_gunicorn(args, scratch, drive)
    # Past a class's limit requests time out, and a rating whose answer never came may have been
    # stored: the fault checks allow for that (every acknowledged rating stored once, nothing
    # stored that was not sent), where the plain ones would call it a lost review.
    check = _checks.verify(scratch, outcome, fault=True)
    check["errors_after_last_window"] = errors_after
    return steps, result, check, scratch


def print_report(args, scratch, info, steps, check, headline):
    """The steps, the endpoints of the largest class that passed (else the last), the checks."""
    print()
    print(f"## {scratch.vendor}: {headline}")
    print(
        f"gunicorn {args.workers} sync workers; arrivals {args.arrival_rate:g}/s; settle "
        f"{args.settle:g} s; window {args.duration:g} s; sign-in: {args.sign_in}"
    )
    print(f"machine: {info}")
    print()
    print(_openloop.steps_table(steps))
    passed = [step for step in steps if step["passed"]]
    shown = max(passed, key=lambda step: step["students"]) if passed else steps[-1]
    print()
    print(f"### {shown['students']} students, per endpoint")
    print()
    print(_report.markdown_table(shown["endpoints"], shown["server_side_ms"]))
    if shown["error_kinds"]:
        print(f"errors by kind: {shown['error_kinds']}")
    print()
    print(
        f"review ratings acknowledged: {check['acknowledged']}; ReviewLog rows: "
        f"{check['review_logs']}; missing {check['missing_acknowledged']}, duplicated "
        f"{check['duplicated_logs']}; ratings whose answer never came: "
        f"{check['in_flight_ratings']} ({check['in_flight_committed']} stored); integrity: "
        f"{check['integrity_check']}; errors after the last window: "
        f"{check['errors_after_last_window']}"
    )
    lags = [step["loop_lag_p99_ms"] for step in steps if not math.isnan(step["loop_lag_p99_ms"])]
    print(
        f"load generator: at most {max(step['client_cores'] for step in steps):.2f} cores, "
        f"event loop late by at most {max(lags, default=float('nan')):.1f} ms (p99 of a step)"
    )
