"""
Students per box: the largest class, arriving and thinking as people do (bench/load.py
--open-loop), that one server serves with p99 <= 250 ms and no error.

One sitting: a scratch database with --max-students accounts, gunicorn with as many sync
workers as the repository's gunicorn.conf.py gives on this machine (unless --workers says
otherwise), then one class that grows and shrinks: it doubles from --start while each size
passes, then bisects between the largest pass and the smallest failure until they are within
--resolution of each other. Each size is measured as bench/_lesson.py describes: /health/ alone
first (the bare-view figure of that moment), then the class resized at --arrival-rate, --settle
seconds to settle and a --duration second window. Afterwards the database is checked: every
acknowledged review rating stored once.

    .venv/bin/python bench/capacity.py                                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/studyapp .venv/bin/python bench/capacity.py
    .venv/bin/python bench/capacity.py --start 800 --duration 120 --json capacity.json
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _lesson
import _openloop
import _report
import _setup


def main():
    parser = _setup.parser(__doc__.splitlines()[1])
    _lesson.add_options(parser)
    parser.add_argument("--start", type=int, default=400, help="first class size (default 400)")
    parser.add_argument(
        "--max-students",
        type=int,
        default=8000,
        help="largest class tried; as many accounts are made (default 8000)",
    )
    parser.add_argument(
        "--resolution",
        type=float,
        default=0.1,
        help="stop bisecting when the smallest failure is within this fraction of the largest "
        "pass (default 0.1)",
    )
    parser.set_defaults(workers=_lesson.configured_workers(), arrival_rate=40.0)
    args = parser.parse_args()
    if not 1 <= args.start <= args.max_students:
        parser.error(f"--start must be between 1 and --max-students, not {args.start}")
    if args.resolution <= 0:
        parser.error(f"--resolution must be above 0, not {args.resolution}")
    args.students = args.max_students  # accounts to make

    info = _report.machine()
    search = _openloop.capacity_search(args.start, args.max_students, args.resolution)
    steps, capacity, check, scratch = _lesson.sitting(args, search)
    at_limit = " (the largest size tried)" if capacity == args.max_students else ""
    headline = f"{capacity} students per box{at_limit}"
    _lesson.print_report(args, scratch, info, steps, check, headline)
    print()
    print(
        f"students per box ({scratch.vendor}, p99 <= {_lesson.P99_TARGET_MS} ms, 0 errors): "
        f"{capacity}{at_limit}; lost reviews: {'none' if check['ok'] else 'SOME'}"
    )
    _report.write_json(
        args.json,
        {
            "database": scratch.vendor,
            "args": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
            "machine": info,
            "students_per_box": capacity,
            "steps": steps,
            "check": check,
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
