"""
Simulated students: one asyncio task and one cookie-keeping HTTP client each (_http.py),
signing in, practising and reviewing as a learner does; every loop bounded by a count and a
deadline.

Everything here talks to 127.0.0.1 only.
"""

import asyncio
import random
import re
import time
from urllib.parse import urlsplit

import _http
from _report import label_for
from _setup import PASSWORD

MAX_ITERATIONS = 100_000  # per student, on top of the deadline
REQUEST_TIMEOUT = 30  # seconds; gunicorn's own worker timeout is 30 s too
SIGN_IN_TIMEOUT = 120
SIGN_IN_CONCURRENCY = 10  # each sign-in costs one password hash

# What a student reads off the pages it is served.
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

    async def pause(self, moment=""):
        """The student's think time before the next request; `moment` says what they read."""
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
        await self.pause("redirect")
        page = await self.request("GET", question_url)
        await self.pause("question")
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
        await self.pause("card")
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
        await self.pause("rating")
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
