"""
Load benchmark: N students sign in and practise and review against gunicorn (2 sync workers).

Starts the app under gunicorn on a free loopback port with production settings (DEBUG off,
collected static files, a throwaway secret key) against a scratch database it prepares itself:
SQLite in a temporary folder, or a fresh PostgreSQL database beside the one DATABASE_URL names,
dropped afterwards. Each student signs in through the login form, then loops for a fixed time: a
practice question (the next step of an open practice set, or POST /practice/sets/ to start one,
then the question, then POST an answer, with and without HX-Request), a review card (GET
/review/, POST /review/answer/, POST /review/rate/), a topic page and /health/. Afterwards
/health/ alone and a topic page alone are served to as many clients as there are students (the
signed-in students, then as many anonymous visitors), in alternating bursts, for the throughput
ratio; then gunicorn is stopped and the database checked: one ReviewLog row per acknowledged
rating, none lost, none duplicated.

Targets (issue 9): 50 students for 60 s with 0 errors and 0 lost reviews; p99 <= 250 ms on
SQLite; topic page >= 0.5 of /health/'s throughput.

With --open-loop (issue 20) the students are a class instead: they arrive at Poisson times
(--arrival-rate per second) until --students are present, each already signed in, and study with
a person's think times (bench/_openloop.py: reading a question 20-60 s, a review card 5-15 s, a
topic page 45-300 s); after --settle seconds their requests are timed for --duration seconds,
with /health/ served alone just before as the bare-view figure. bench/capacity.py searches for
the largest class that still gets p99 <= 250 ms and no error.

    .venv/bin/python bench/load.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studyapp .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --students 50 --duration 60 --think 1 --json out.json
    .venv/bin/python bench/load.py --open-loop --students 1000 --arrival-rate 10 --duration 240
"""

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _checks
import _lesson
import _report
import _server
import _setup
import _students

P99_TARGET_MS = 250
RATIO_TARGET = 0.5


async def ratio_bursts(args, students, scratch, server):
    """
    Alternating bursts of /health/ only and a topic page only, as many clients as students:
    the signed-in students, then as many anonymous visitors (no session, only a CSRF cookie).
    """
    anonymous = [
        _students.Student(
            n, students[0].base, _report.Stats(), _students.Outcome(), args.seed + 1, 0.0
        )
        for n in range(1, len(students) + 1)
    ]
    kinds = {
        ("signed in", "health"): (students, ["/health/"]),
        ("signed in", "topic"): (students, [f"/topics/{slug}/" for slug in scratch.topic_slugs]),
        ("anonymous", "health"): (anonymous, ["/health/"]),
        ("anonymous", "topic"): (anonymous, [f"/topics/{slug}/" for slug in scratch.topic_slugs]),
    }
    totals = {
        kind: {"answered": 0, "seconds": 0.0, "errors": 0, "latency": [], "client": 0.0}
        | {"server": 0.0}
        for kind in kinds
    }
    for _ in range(args.ratio_rounds):
        for kind, (clients, paths) in kinds.items():
            stats = _report.Stats()
            for client in clients:
                client.stats = stats
            with _report.CpuMeter(server) as cpu:
                started = time.monotonic()
                deadline = started + args.ratio_seconds
                await asyncio.gather(*(c.hammer(paths, deadline) for c in clients))
            total = totals[kind]
            total["seconds"] += time.monotonic() - started
            total["client"] += cpu.result["client_cores"] * cpu.result["wall_s"]
            total["server"] += cpu.result["gunicorn_cores"] * cpu.result["wall_s"]
            total["answered"] += stats.answered()
            total["errors"] += stats.error_count()
            total["latency"] += [ms for values in stats.latency.values() for ms in values]
    result = {}
    for (who, kind), total in totals.items():
        latency = sorted(total["latency"])
        result.setdefault(who, {})[kind] = {
            "per_second": total["answered"] / total["seconds"],
            "requests": total["answered"],
            "seconds": total["seconds"],
            "errors": total["errors"],
            "p50": _report.percentile(latency, 50),
            "p99": _report.percentile(latency, 99),
            "client_cores": total["client"] / total["seconds"],
            "gunicorn_cores": total["server"] / total["seconds"],
            "gunicorn_cpu_ms_per_request": total["server"] * 1000 / max(1, total["answered"]),
        }
    for who in result:
        result[who]["ratio"] = (
            result[who]["topic"]["per_second"] / result[who]["health"]["per_second"]
        )
    return result


async def drive(args, scratch, server):
    outcome = _students.Outcome()
    signin_stats = _report.Stats()
    base = f"http://{_setup.HOST}:{server.port}"
    students, signin_seconds = await _students.make_students(args, base, outcome, signin_stats)
    print(f"{len(students)} students signed in through the form in {signin_seconds:.1f} s")
    print(f"mixed load: {args.students} students for {args.duration:.0f} s ...", flush=True)
    stats, elapsed, cpu, server_side, _ = await _server.mixed_run(args, students, server, scratch)
    ratio = None
    if args.ratio_seconds > 0 and args.ratio_rounds > 0:
        print(
            f"ratio bursts: /health/ alone and a topic page alone, {args.students} clients, "
            f"signed in and anonymous, {args.ratio_rounds} x {args.ratio_seconds:.0f} s "
            "each ...",
            flush=True,
        )
        ratio = await ratio_bursts(args, students, scratch, server)
    return outcome, signin_stats, signin_seconds, stats, elapsed, cpu, server_side, ratio


def open_loop(args):
    """One class of --students, open loop: its figures, the database check, the targets."""
    info = _report.machine()

    def one_class():
        yield args.students

    steps, _, check, scratch = _lesson.sitting(args, one_class())
    step = steps[0]
    _lesson.print_report(args, scratch, info, steps, check, f"{args.students} students, open loop")
    print()
    print(_report.markdown_windows(step["windows"]))
    targets = {
        "0 errors": step["errors"] == 0 and check["errors_after_last_window"] == 0,
        "0 lost reviews": check["ok"],
        f"p99 <= {P99_TARGET_MS} ms (all requests but the sign-in)": step["passed"],
    }
    print()
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'MISSED'}")
    _report.write_json(
        args.json,
        {
            "database": scratch.vendor,
            "args": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
            "machine": info,
            "step": step,
            "check": check,
            "targets": targets,
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if all(targets.values()) else 1


def main():
    parser = _setup.parser(__doc__.splitlines()[1])
    parser.add_argument(
        "--open-loop",
        action="store_true",
        help="a class arriving and thinking as people do, instead of students that never stop",
    )
    _lesson.add_options(parser)
    args = parser.parse_args()
    if args.open_loop:
        return open_loop(args)
    info = _report.machine()
    scratch = _setup.prepare(args)
    outcome, signin_stats, signin_s, stats, elapsed, cpu, server_side, ratio = (
        _server.run_under_gunicorn(args, scratch, drive)
    )
    check = _checks.verify(scratch, outcome, fault=False)

    rows = stats.table(elapsed)
    overall = rows[-1]
    worst_p99 = max((r for r in rows[:-1]), key=lambda r: r["p99"])
    print()
    print(
        f"## {scratch.vendor}: {args.students} students, {elapsed:.1f} s, think {args.think} s, "
        f"{args.workers} workers"
    )
    print(f"machine: {info}")
    _report.print_cpu(cpu)
    print()
    print(_report.markdown_table(rows, server_side))
    print()
    _report.print_windows(stats)
    print()
    signin_rows = signin_stats.table(signin_s)
    print(
        f"sign-in (not in the timed window): {signin_rows[-1]['requests']} requests in "
        f"{signin_s:.1f} s, POST p50 "
        f"{next(r['p50'] for r in signin_rows if r['endpoint'] == 'POST /accounts/login/'):.0f} ms"
    )
    if any(stats.unexpected.values()):
        print(f"unexpected answers: {dict(stats.unexpected)}")
    error_kinds = {r["endpoint"]: r["error_kinds"] for r in rows if r["error_kinds"]}
    if error_kinds:
        print(f"errors by kind: {error_kinds}")
    print(
        f"review ratings acknowledged: {check['acknowledged']}; ReviewLog rows: "
        f"{check['review_logs']}; missing {check['missing_acknowledged']}, duplicated "
        f"{check['duplicated_logs']}; cards whose version != their log count: "
        f"{check['cards_version_not_log_count']} of {check['cards']}; integrity: "
        f"{check['integrity_check']}"
    )
    print(
        f"answers graded: {check['attempts_acknowledged']} acknowledged, "
        f"{check['attempts']} Attempt rows; 'done for today' pages: {outcome.done_for_today}"
    )
    if ratio:
        print()
        print(
            "| served alone | req/s | p50 ms | p99 ms | errors | gunicorn CPU ms/request "
            "| load generator cores | gunicorn cores |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for who, kinds in ratio.items():
            for kind, name in (
                ("health", "GET /health/ (bare view)"),
                ("topic", "GET /topics/<slug>/"),
            ):
                r = kinds[kind]
                print(
                    f"| {name}, {who} | {r['per_second']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} "
                    f"| {r['errors']} | {r['gunicorn_cpu_ms_per_request']:.2f} "
                    f"| {r['client_cores']:.2f} | {r['gunicorn_cores']:.2f} |"
                )
        print()
        for who, kinds in ratio.items():
            print(f"topic page / bare view throughput, {who}: {kinds['ratio']:.2f}")

    errors = overall["errors"] + sum(
        kinds[kind]["errors"] for kinds in (ratio or {}).values() for kind in ("health", "topic")
    )
    targets = {
        "0 errors": errors == 0,
        "0 lost reviews": check["ok"],
        f"p99 <= {P99_TARGET_MS} ms (all requests)": overall["p99"] <= P99_TARGET_MS,
        f"p99 <= {P99_TARGET_MS} ms (every endpoint; worst {worst_p99['endpoint']} "
        f"{worst_p99['p99']:.0f} ms)": worst_p99["p99"] <= P99_TARGET_MS,
    }
    for who, kinds in (ratio or {}).items():
        targets[f"topic >= {RATIO_TARGET} of bare ({who})"] = kinds["ratio"] >= RATIO_TARGET
    print()
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'MISSED'}")
    _report.write_json(
        args.json,
        {
            "database": scratch.vendor,
            "args": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
            "machine": info,
            "seconds": elapsed,
            "cpu": cpu,
            "endpoints": rows,
            "windows": stats.windows(stats.started),
            "server_side_ms": server_side,
            "signin_seconds": signin_s,
            "check": check,
            "ratio": ratio,
            "targets": targets,
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if errors == 0 and check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
