"""
A class signing in at once: N students (default 50) all open the sign-in page and sign in at the
same moment against gunicorn (2 sync workers, production settings, a scratch database as
bench/load.py prepares it). Reports when the last of them was signed in, the sign-in POST's
p50/p99, the password hash's own cost on this machine, and the machine's load.

Target (issue 20): 50 sign-ins in one burst all complete within 5 s.

--stored-hash pbkdf2 stores every student's password as the PBKDF2 hash of the releases before
Argon2: each sign-in then checks PBKDF2 (what every sign-in cost before) and re-hashes the
password with Argon2, as each account's first sign-in after the upgrade does.

    .venv/bin/python bench/signin_burst.py
    .venv/bin/python bench/signin_burst.py --stored-hash pbkdf2
"""

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _report
import _server
import _setup
import _students

TARGET_SECONDS = 5.0


def store_pbkdf2_hashes():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    encoded = make_password(_setup.PASSWORD, hasher="pbkdf2_sha256")
    get_user_model().objects.filter(username__startswith="student").update(password=encoded)
    connections.close_all()


def hash_cost_ms(hasher_name, rounds=5):
    """Median wall time of one hash of the bench password with the named hasher, here."""
    from django.contrib.auth.hashers import get_hasher

    hasher = get_hasher(hasher_name)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        hasher.encode(_setup.PASSWORD, hasher.salt())
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[rounds // 2]


async def burst(args, scratch, server):
    stats = _report.Stats()
    outcome = _students.Outcome()
    base = f"http://{_setup.HOST}:{server.port}"
    students = [
        _students.Student(n, base, stats, outcome, args.seed, 0.0)
        for n in range(1, args.students + 1)
    ]
    finished = []

    async def one(student):
        await student.sign_in()
        finished.append(time.monotonic())

    with _report.CpuMeter(server) as cpu:
        started = time.monotonic()
        await asyncio.gather(*(one(s) for s in students))
    return stats, [at - started for at in finished], cpu.result, outcome.signed_in


def main():
    p = _setup.parser(__doc__.splitlines()[1])
    p.add_argument(
        "--stored-hash",
        choices=["argon2", "pbkdf2"],
        default="argon2",
        help="the hash the students' passwords are stored with (default argon2, the settings' "
        "first hasher; pbkdf2: the hash of accounts made before Argon2)",
    )
    args = p.parse_args()
    info = _report.machine()
    scratch = _setup.prepare(args)
    if args.stored_hash == "pbkdf2":
        store_pbkdf2_hashes()
    argon2_ms = hash_cost_ms("argon2")
    pbkdf2_ms = hash_cost_ms("pbkdf2_sha256", rounds=3)
    stats, finished, cpu, signed_in = _server.run_under_gunicorn(args, scratch, burst)

    rows = {row["endpoint"]: row for row in stats.table(max(finished))}
    post, page = rows["POST /accounts/login/"], rows["GET /accounts/login/"]
    last = max(finished)
    print()
    print(
        f"## {args.students} students signing in at once, {scratch.vendor}, {args.workers} "
        f"sync workers, passwords stored as {args.stored_hash}"
    )
    print(f"machine: {info}")
    _report.print_cpu(cpu)
    print(f"one hash in this process: argon2 {argon2_ms:.0f} ms, pbkdf2_sha256 {pbkdf2_ms:.0f} ms")
    print(
        f"signed in: {signed_in} of {args.students}; the last after {last:.2f} s, half of them "
        f"after {sorted(finished)[len(finished) // 2]:.2f} s"
    )
    print(
        f"POST /accounts/login/: p50 {post['p50']:.0f} ms, p99 {post['p99']:.0f} ms, max "
        f"{post['max']:.0f} ms; GET /accounts/login/: p50 {page['p50']:.0f} ms; errors "
        f"{post['errors'] + page['errors']}"
    )
    # The machine may be shared: what gunicorn itself spent says what two free cores would do.
    cpu_ms = cpu["gunicorn_cores"] * cpu["wall_s"] * 1000 / args.students
    print(
        f"gunicorn CPU per sign-in (page and POST): {cpu_ms:.0f} ms; on {args.workers} free "
        f"cores the burst would need about {cpu_ms * args.students / 1000 / args.workers:.1f} s"
    )
    met = signed_in == args.students and last <= TARGET_SECONDS
    print(f"target all signed in within {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}")
    _report.write_json(
        args.json,
        {
            "stored_hash": args.stored_hash,
            "machine": info,
            "cpu": cpu,
            "hash_ms": {"argon2": argon2_ms, "pbkdf2_sha256": pbkdf2_ms},
            "gunicorn_cpu_ms_per_sign_in": cpu_ms,
            "last_signed_in_s": last,
            "finished_s": sorted(finished),
            "endpoints": list(rows.values()),
        },
    )
    _setup.cleanup(scratch, args.keep)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
