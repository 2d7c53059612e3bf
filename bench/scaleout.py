"""
Scale-out: two gunicorn app servers behind nginx, sharing one PostgreSQL and one Redis, and one
of them SIGKILLed mid-run.

Prepares a scratch PostgreSQL database beside the one --database-url (or DATABASE_URL) names, as
bench/load.py does, and empties a Redis database of its own (--redis-url, database 11 by
default). Starts two gunicorn servers (2 sync workers each, production settings, REDIS_URL and
DATABASE_URL set) on two loopback ports and nginx as a user process in front of them, configured
from deploy/nginx-upstream.conf and deploy/nginx.conf (bench/_nginx.py). The students of
bench/load.py sign in and loop through nginx in three phases of --duration seconds each:

1. both servers;
2. both servers, then the second one SIGKILLed (master and workers) halfway, and not restarted;
3. the first server alone.

Then it reads nginx's access log and the database and reports: requests served by each server,
the errors and whether each was a request in flight on the killed server (nginx retries a GET on
the other server but never a POST that reached the killed one), acknowledged ratings lost (must be
0), and throughput with two servers against one. On one 2-core machine the two servers share the
same two cores, so that ratio says nothing about what a second machine would add; what the run
shows is that nothing breaks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studyapp .venv/bin/python bench/scaleout.py
    .venv/bin/python bench/scaleout.py --database-url postgres://postgres@127.0.0.1:5432/x \\
        --duration 30 --json scaleout.json
"""

import asyncio
import dataclasses
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _checks
import _nginx
import _report
import _server
import _setup
import _students


class AppServers(list):
    """
    The gunicorn servers as one, for the CPU meter. A killed server's processes are gone, and
    their CPU time with them: it counts as at its last reading.
    """

    def cpu_seconds(self):
        last = self.__dict__.setdefault("last", {})
        for server in self:
            last[id(server)] = max(last.get(id(server), 0.0), server.cpu_seconds())
        return sum(last[id(server)] for server in self)


def empty_redis(url):
    import redis

    _setup._check_loopback(url)
    redis.Redis.from_url(url).flushdb()


async def phase(students, seconds, topics, servers, during=None):
    """Every student loops for `seconds`; `during(started)` runs alongside. (stats, s, cpu)."""
    stats = _report.Stats()
    for student in students:
        student.stats = stats
    with _report.CpuMeter(servers) as cpu:
        started = time.monotonic()
        stats.started = started
        jobs = [s.run(started + seconds, topics) for s in students]
        if during is not None:
            jobs.append(during(started))
        await asyncio.gather(*jobs)
        elapsed = time.monotonic() - started
    return stats, elapsed, cpu.result


async def drive(args, scratch, servers, nginx):
    outcome = _students.Outcome()
    signin_stats = _report.Stats()
    base = f"http://{_setup.HOST}:{nginx.port}"
    students, signin_seconds = await _students.make_students(args, base, outcome, signin_stats)
    print(f"{len(students)} students signed in through nginx in {signin_seconds:.1f} s", flush=True)
    topics = scratch.topic_slugs
    results = {}

    print(f"phase 1: both servers, {args.duration:.0f} s ...", flush=True)
    starts = {"two servers": time.time()}
    results["two servers"] = await phase(students, args.duration, topics, servers)

    kill = {}
    wanted_open = max(1, len(students) // 10)

    async def kill_second(started):
        await asyncio.sleep(args.duration / 2)
        # Aim at ratings, as bench/fault.py does: wait (5 s at most) until several are open.
        for _ in range(500):
            if outcome.ratings_open >= wanted_open:
                break
            await asyncio.sleep(0.01)
        kill["ratings_open"] = outcome.ratings_open
        kill["after_s"] = time.monotonic() - started
        servers.cpu_seconds()  # the killed server's last reading
        await asyncio.to_thread(servers[1].kill)
        # Once kill() returns every process of the server is gone: a request nginx started
        # before this moment may have been in flight there, none started after it can be.
        kill["at"] = time.time()
        print(
            f"  SIGKILL to the second server's process group {kill['after_s']:.1f} s in, "
            f"{kill['ratings_open']} rating requests open",
            flush=True,
        )

    print(f"phase 2: both servers, the second killed halfway, {args.duration:.0f} s ...")
    starts["kill"] = time.time()
    results["kill"] = await phase(students, args.duration, topics, servers, kill_second)
    starts["one server"] = time.time()
    print(f"phase 3: the first server alone, {args.duration:.0f} s ...", flush=True)
    results["one server"] = await phase(students, args.duration, topics, AppServers(servers[:1]))
    starts["end"] = time.time()
    return outcome, signin_seconds, results, kill, starts


def _path_label(uri):
    """The path as the client's tables name it (GET, so without the htmx/form suffix)."""
    return _report.label_for("GET", uri).removeprefix("GET ")


def served_by(entries, addresses):
    """Requests per app server that answered them (the last one nginx tried)."""
    counts = Counter(e["upstreams"][-1] for e in entries if e["upstreams"])
    return {name: counts.get(address, 0) for name, address in addresses.items()}


def main():
    p = _setup.parser(__doc__.splitlines()[1])
    p.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/11",
        help="the Redis database the servers share, emptied before and after "
        "(default redis://127.0.0.1:6379/11)",
    )
    args = p.parse_args()
    if not args.database_url:
        raise SystemExit(
            "Two app servers need a database both reach: give a PostgreSQL URL with "
            "--database-url or DATABASE_URL (SQLite is one machine's file)."
        )
    info = _report.machine()
    empty_redis(args.redis_url)
    os.environ["REDIS_URL"] = args.redis_url
    scratch = _setup.prepare(args)
    servers = AppServers()
    for name in ("first", "second"):
        folder = scratch.folder / name
        folder.mkdir()
        server_scratch = dataclasses.replace(scratch, folder=folder)
        servers.append(_server.Server(server_scratch, _server.free_port(), args.workers))
    nginx = _nginx.Nginx(scratch.folder / "nginx", _server.free_port(), [s.port for s in servers])
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        nginx.start()
        nginx.wait_ready()
        print(
            f"nginx on {_setup.HOST}:{nginx.port} in front of gunicorn on ports "
            f"{servers[0].port} and {servers[1].port} ({args.workers} sync workers each), "
            f"Redis {args.redis_url}",
            flush=True,
        )
        outcome, signin_s, results, kill, starts = asyncio.run(drive(args, scratch, servers, nginx))
    finally:
        nginx.stop()
        for server in servers:
            server.stop()
    check = _checks.verify(scratch, outcome, fault=True)
    empty_redis(args.redis_url)

    addresses = {"first": nginx.addresses[0], "second": nginx.addresses[1]}
    killed = addresses["second"]
    log = _nginx.read_log(nginx.access_log_path)
    phase_two = [e for e in log if starts["kill"] <= e["answered_at"] < starts["one server"]]
    errors = [e for e in phase_two if e["status"] >= 500]
    # nginx logs times to the millisecond: one of slack.
    in_flight_on_killed = [
        e
        for e in errors
        if e["upstreams"][-1:] == [killed] and e["started_at"] <= kill["at"] + 0.001
    ]
    unexplained = [e for e in errors if e not in in_flight_on_killed]
    retried = [e for e in phase_two if len(e["upstreams"]) > 1 and e["status"] < 500]
    retried_after_sending = [
        e for e in retried if e["started_at"] <= kill["at"] and e["method"] != "GET"
    ]

    print()
    print(
        f"## Scale-out: {args.students} students, 3 x {args.duration:.0f} s, think {args.think} s"
    )
    print(f"machine: {info}")
    print(f"sign-in through nginx: {args.students} students in {signin_s:.1f} s")
    print()
    print(
        "| phase | requests | req/s | p50 ms | p99 ms | client errors | served by first "
        "| served by second | gunicorn cores | machine busy cores |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    bounds = {
        "two servers": (starts["two servers"], starts["kill"]),
        "kill": (starts["kill"], starts["one server"]),
        "one server": (starts["one server"], starts["end"]),
    }
    figures = {}
    for name, (stats, elapsed, cpu) in results.items():
        overall = stats.table(elapsed)[-1]
        low, high = bounds[name]
        by_server = served_by([e for e in log if low <= e["answered_at"] < high], addresses)
        figures[name] = {
            "requests": overall["requests"],
            "per_second": overall["per_second"],
            "p50": overall["p50"],
            "p99": overall["p99"],
            "errors": overall["errors"],
            "error_kinds": {
                row["endpoint"]: row["error_kinds"]
                for row in stats.table(elapsed)
                if row["error_kinds"]
            },
            "served_by": by_server,
            "cpu": cpu,
        }
        print(
            f"| {name} | {overall['requests']} | {overall['per_second']:.1f} "
            f"| {overall['p50']:.0f} | {overall['p99']:.0f} | {overall['errors']} "
            f"| {by_server['first']} | {by_server['second']} | {cpu['gunicorn_cores']:.2f} "
            f"| {cpu['machine_busy_cores']:.2f} |"
        )
    print()
    for name, figure in figures.items():
        if figure["error_kinds"]:
            print(f"errors in phase '{name}': {figure['error_kinds']}")
    print(
        f"the kill, {kill['after_s']:.1f} s into phase 2: nginx answered {len(errors)} "
        f"request(s) with 5xx, {len(in_flight_on_killed)} of them in flight on the killed server "
        f"({dict(Counter(e['method'] + ' ' + _path_label(e['uri']) for e in errors))}); "
        f"{len(retried)} answered by the first server after the second failed them "
        f"(methods: {dict(Counter(e['method'] for e in retried))})"
    )
    for entry in unexplained:
        print(f"  NOT in flight on the killed server: {entry}")
    print(
        f"review ratings acknowledged: {check['acknowledged']}; missing (lost) "
        f"{check['missing_acknowledged']}; duplicated logs {check['duplicated_logs']}; in "
        f"flight at the kill {check['in_flight_ratings']} (committed "
        f"{check['in_flight_committed']}, redone {check['in_flight_not_committed_redone']}, "
        f"not committed {check['in_flight_not_committed']}); integrity: "
        f"{check['integrity_check']}"
    )
    ratio = figures["two servers"]["per_second"] / figures["one server"]["per_second"]
    print(
        f"throughput two servers / one server: {ratio:.2f} (both on the same 2 cores: this "
        "says nothing about a second machine)"
    )
    targets = {
        "every request served in phases 1 and 3": figures["two servers"]["errors"] == 0
        and figures["one server"]["errors"] == 0,
        "errors only for requests in flight on the killed server": len(in_flight_on_killed)
        == len(errors)
        == figures["kill"]["errors"],
        "no POST resent to the other server after reaching the killed one": not (
            retried_after_sending
        ),
        "0 lost acknowledged ratings": check["missing_acknowledged"] == 0 and check["ok"],
        "both servers served requests": all(figures["two servers"]["served_by"].values()),
    }
    print()
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'MISSED'}")
    _report.write_json(
        args.json,
        {
            "args": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
            "machine": info,
            "signin_seconds": signin_s,
            "phases": figures,
            "kill": kill,
            "errors_at_kill": errors,
            "retried": retried,
            "check": check,
            "ratio_two_over_one": ratio,
            "targets": targets,
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
