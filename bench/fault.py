"""
Fault benchmark: the load of bench/load.py with gunicorn SIGKILLed mid-run and restarted.

The same scratch database, production settings and simulated students as bench/load.py. At
evenly spaced moments (one by default, half-way; each waits up to 5 s for a tenth of the
students to have a rating request open) the whole gunicorn process group, master and workers,
gets SIGKILL, and a new gunicorn is started on the same port; students whose requests
fail (refused connections while it is down, answers cut off by the kill) start their loop again.
Afterwards, with gunicorn stopped:

- SQLite: PRAGMA integrity_check returns ok (PostgreSQL: amcheck's bt_index_check on every
  index, where the contrib module is installed);
- every acknowledged rating has its ReviewLog row (matched by card and the version it was made
  against) and no row is duplicated;
- ratings in flight at the kill may be missing, or present although never acknowledged, but
  nothing is half-written: every card's version equals its number of review logs.

    .venv/bin/python bench/fault.py                       # SQLite, one kill
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studyapp .venv/bin/python bench/fault.py
    .venv/bin/python bench/fault.py --kills 3 --duration 60
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _checks
import _report
import _server
import _setup
import _students


async def drive(args, scratch, server):
    outcome = _students.Outcome()
    base = f"http://{_setup.HOST}:{server.port}"
    students, signin_seconds = await _students.make_students(args, base, outcome, _report.Stats())
    print(f"{len(students)} students signed in through the form in {signin_seconds:.1f} s")
    print(
        f"mixed load: {args.students} students for {args.duration:.0f} s, "
        f"{args.kills} SIGKILL(s) ...",
        flush=True,
    )
    stats, elapsed, _, server_side, events = await _server.mixed_run(
        args, students, server, scratch, kills=args.kills
    )
    return outcome, stats, elapsed, server_side, events


def main():
    args = _setup.parser(__doc__.splitlines()[1], fault=True).parse_args()
    info = _report.machine()
    scratch = _setup.prepare(args)
    outcome, stats, elapsed, server_side, events = _server.run_under_gunicorn(args, scratch, drive)
    check = _checks.verify(scratch, outcome, fault=True)

    rows = stats.table(elapsed)
    print()
    print(
        f"## {scratch.vendor}: {args.students} students, {elapsed:.1f} s, think {args.think} s, "
        f"{args.workers} workers, {len(events)} SIGKILL(s) and restarts"
    )
    print(f"machine: {info}")
    print()
    print(
        "| kill | at s | rating requests open | down s (kill to first answer) "
        "| new gunicorn ready after s |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n, event in enumerate(events, 1):
        print(
            f"| {n} | {event['killed_at_s']} | {event['rating_requests_open_at_kill']} "
            f"| {event['down_s']} | {event['restart_ready_s']} |"
        )
    print()
    print(_report.markdown_table(rows, server_side))
    print()
    _report.print_windows(stats)
    error_kinds = {r["endpoint"]: r["error_kinds"] for r in rows if r["error_kinds"]}
    if error_kinds:
        print(f"\nerrors by kind (expected while the server is down): {error_kinds}")
    print()
    print("| check | value |")
    print("|---|---:|")
    for key in (
        "acknowledged",
        "review_logs",
        "missing_acknowledged",
        "duplicated_logs",
        "duplicated_acknowledgements",
        "in_flight_ratings",
        "in_flight_committed",
        "in_flight_not_committed_redone",
        "in_flight_not_committed",
        "recorded_without_acknowledgement",
        "unexplained_extra_logs",
        "cards",
        "cards_version_not_log_count",
        "logs_of_another_users_card",
        "attempts_acknowledged",
        "attempts_in_flight",
        "attempts",
        "integrity_check",
        "foreign_key_check_rows",
    ):
        if key in check:
            print(f"| {key} | {check[key]} |")
    survived = check["ok"] and len(events) == args.kills
    print()
    print(
        "fault target (integrity ok, every acknowledged rating present, nothing half-written): "
        + ("met" if survived else "MISSED")
    )
    _report.write_json(
        args.json,
        {
            "database": scratch.vendor,
            "args": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
            "machine": info,
            "seconds": elapsed,
            "kills": events,
            "endpoints": rows,
            "server_side_ms": server_side,
            "check": check,
            "met": survived,
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if survived else 1


if __name__ == "__main__":
    sys.exit(main())
