"""
CPU per request of each endpoint the load run uses, measured in-process (no gunicorn, no
network), so that a change to a view or to the page frame can be judged on its own.

Prepares the same scratch database as bench/load.py (production settings, the bundled content,
students with a raised new-card allowance). Each flow signs in its own student through the login
form with Django's test client (so no flow runs out of new cards because of another), then runs
its requests `--repeat` times and reports, per request, the median CPU time
(`time.process_time`) and the number of database queries of the last one. `--profile LABEL`
prints a cProfile of that request instead.

    .venv/bin/python bench/request_cost.py
    .venv/bin/python bench/request_cost.py --anonymous
    .venv/bin/python bench/request_cost.py --profile "GET /topics/<slug>/"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studyapp .venv/bin/python bench/request_cost.py
"""

import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup
import _students


def choose_count(text):
    match = _students.CHOOSE_RE.search(text)
    return int(match.group(1)) if match else 1


class Flow:
    """
    One student's client. Each request's CPU time is recorded under its label, or, when the
    flow counts queries, its number of queries instead; `profile` is (label, cProfile.Profile)
    to profile that request alone.
    """

    def __init__(self, client, timings, query_counts=None, profile=None):
        self.client = client
        self.timings = timings
        self.query_counts = query_counts
        self.profile = profile

    def request(self, label, method, path, data=None, htmx=False):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        send = self.client.post if method == "POST" else self.client.get
        arguments = (path, data) if data is not None else (path,)
        if self.query_counts is not None:
            with CaptureQueriesContext(connection) as queries:
                response = send(*arguments, **headers)
            self.query_counts[label] = len(queries)
            return response
        profiler = self.profile[1] if self.profile and self.profile[0] == label else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        response = send(*arguments, **headers)
        if profiler:
            profiler.disable()
        self.timings[label].append(((time.process_time() - started) * 1000, response.status_code))
        return response


def topic_flow(flow, slugs, n):
    flow.request("GET /topics/<slug>/", "GET", f"/topics/{slugs[n % len(slugs)]}/")
    flow.request("GET /health/", "GET", "/health/")


def practice_flow(flow, _slugs, n):
    """One question of a practice set (a set of every question, started when none is open)."""
    htmx = n % 2 == 0
    step = getattr(flow.client, "next_step", None)
    if step is None or "/summary/" in step:
        location = flow.request("POST /practice/sets/", "POST", "/practice/sets/", {})["Location"]
    else:
        location = flow.request("GET /practice/sets/<set>/<n>/", "GET", step)["Location"]
    text = flow.request("GET /questions/<pack>/<qid>/", "GET", location).content.decode()
    answer = _students.answer_fields(text, _students.OPTION_RE.findall(text)[: choose_count(text)])
    label = f"POST /questions/<pack>/<qid>/ ({'htmx' if htmx else 'form'})"
    reveal = flow.request(label, "POST", location, answer, htmx=htmx).content.decode()
    flow.client.next_step = _students.NEXT_STEP_RE.search(reveal).group(1)


def review_flow(flow, _slugs, n):
    htmx = n % 2 == 1
    text = flow.request("GET /review/", "GET", "/review/").content.decode()
    data = {
        "question": _students.QUESTION_RE.search(text).group(1),
        "shown_at": _students.SHOWN_AT_RE.search(text).group(1),
    } | _students.answer_fields(text, _students.OPTION_RE.findall(text)[: choose_count(text)])
    label = f"POST /review/answer/ ({'htmx' if htmx else 'form'})"
    text = flow.request(label, "POST", "/review/answer/", data, htmx=htmx).content.decode()
    rating = {
        "card": _students.CARD_RE.search(text).group(1),
        "version": _students.VERSION_RE.search(text).group(1),
        "rating": "3",
        "duration_ms": "5000",
    }
    label = f"POST /review/rate/ ({'form' if htmx else 'htmx'})"
    flow.request(label, "POST", "/review/rate/", rating, htmx=not htmx)


def main():
    p = _setup.parser(__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=100, help="runs of each flow (default 100)")
    p.add_argument("--profile", help='label of one request to profile, e.g. "GET /review/"')
    p.add_argument("--sort", default="cumulative", help="cProfile sort key (default cumulative)")
    p.add_argument("--only", help="show only functions whose file path matches this regex")
    p.add_argument("--dump", help="also write the profile to this file (for pstats, snakeviz)")
    p.add_argument("--anonymous", action="store_true", help="topic pages without signing in")
    args = p.parse_args()
    args.students = max(args.students, 3)
    scratch = _setup.prepare(args)

    from django.test import Client

    from studyapp.questions.models import Question
    from studyapp.questions.rendering import render_question

    # Each worker renders a question's Markdown on its first display and then serves it from
    # the cache; after the first minute of a class that is every question, as here.
    for question in Question.objects.prefetch_related("options"):
        render_question(question, list(question.options.all()))

    flows = [topic_flow] if args.anonymous else [topic_flow, practice_flow, review_flow]
    timings, query_counts = defaultdict(list), {}
    profiler = cProfile.Profile() if args.profile else None
    for number, run in enumerate(flows, start=1):
        client = Client(HTTP_HOST=_setup.HOST)
        if not args.anonymous:
            client.get("/accounts/login/")
            username = f"student{number:03d}"
            response = client.post(
                "/accounts/login/", {"username": username, "password": _setup.PASSWORD}
            )
            assert response.status_code == 302, response.status_code
        warm_up = defaultdict(list)
        for n in range(5):
            run(Flow(client, warm_up), scratch.topic_slugs, n)
        if profiler and args.profile not in warm_up:
            continue
        profile = (args.profile, profiler) if profiler else None
        for n in range(args.repeat):
            run(Flow(client, timings, profile=profile), scratch.topic_slugs, n)
        for n in range(2):  # both kinds (htmx and form) of each request
            run(Flow(client, timings, query_counts=query_counts), scratch.topic_slugs, n)
    if profiler:
        if args.dump:
            profiler.dump_stats(args.dump)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.only or "", 50)
        return
    print(f"\n{'request':42} {'median CPU ms':>14} {'queries':>8} {'status':>7}")
    for label, rows in timings.items():
        median = statistics.median(ms for ms, _ in rows)
        queries = query_counts.get(label, "-")  # a set is started only once in a while
        print(f"{label:42} {median:14.2f} {queries:>8} {rows[-1][1]:7}")


if __name__ == "__main__":
    main()
