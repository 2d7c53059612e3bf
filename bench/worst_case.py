"""
Worst-case inputs, each limit at its maximum (issue 14): the time one request (or one engine
call) takes and the peak memory of the process that served it. Target: every case <= 2 s and
<= 256 MB on a 2-core machine.

    .venv/bin/python bench/worst_case.py [--only SUBSTRING] [--list]

Cases live in `bench/worst_cases/<area>.py`; each module's CASES maps a name to a function that
prepares the input (untimed) and returns the thunk to time. Every case runs in a fresh Python
process, so its peak resident memory is its own and not the previous case's. The processes
share one scratch SQLite database (migrated, bundled content loaded, an instructor and a student
created, static files collected) in a temporary folder; production settings (DEBUG off).
"""

import argparse
import importlib
import json
import os
import pkgutil
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_BUDGET_S = 2.0
MEMORY_BUDGET_MB = 256
# A case far past its budget is stopped rather than left to take the machine with it.
GIVE_UP_AFTER_S = 60
ADDRESS_SPACE_CAP = 4 * 1024**3
INSTRUCTOR = "worst-instructor"
STUDENT = "worst-student"
PASSWORD = "worst-case-password-1"


def _environment(folder):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "studyapp.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("WORST_SECRET") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "STUDYAPP_VAR_DIR": str(folder),
        "STUDYAPP_TOPICS_RELOAD": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
    }


def all_cases():
    """{qualified name: factory} from every module in bench/worst_cases."""
    import worst_cases

    cases = {}
    for module_info in pkgutil.iter_modules(worst_cases.__path__):
        module = importlib.import_module(f"worst_cases.{module_info.name}")
        for name, factory in module.CASES.items():
            cases[f"{module_info.name}: {name}"] = factory
    return cases


def _prepare_database():
    """Set Django up in this process and fill the scratch database the cases share."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from studyapp.accounts.roles import INSTRUCTORS_GROUP

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("loadcontent", stdout=quiet, stderr=quiet)
    # Production's static storage names files from the manifest collectstatic writes.
    call_command("collectstatic", verbosity=0, interactive=False)
    User = get_user_model()
    instructor = User.objects.create_user(INSTRUCTOR, password=PASSWORD)
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    User.objects.create_user(STUDENT, password=PASSWORD)


def signed_in_client(username):
    """A test client signed in as one of the prepared users, without paying for a hash."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _cap_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def _run_one(name):
    """In a child process: prepare the case, time its thunk, report JSON on stdout."""
    import django

    django.setup()
    thunk = all_cases()[name]()
    started = time.perf_counter()
    outcome = thunk()
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = getattr(outcome, "status_code", None)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "status": status}))


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--only", default="", help="run the cases whose name contains this")
    arguments.add_argument("--list", action="store_true", help="list the cases and stop")
    arguments.add_argument("--case", help=argparse.SUPPRESS)
    options = arguments.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    if options.case:
        _run_one(options.case)
        return
    with tempfile.TemporaryDirectory(prefix="studyapp-worst-") as folder:
        environment = _environment(Path(folder))
        environment["WORST_SECRET"] = environment["DJANGO_SECRET_KEY"]
        os.environ.update(environment)
        _prepare_database()
        names = [name for name in all_cases() if options.only in name]
        if options.list:
            print("\n".join(names))
            return
        print("| case | status | time (s) | peak memory (MB) | within budget |")
        print("|---|---:|---:|---:|---|")
        failed = 0
        for name in names:
            try:
                child = subprocess.run(
                    [sys.executable, __file__, "--case", name],
                    env=environment,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=GIVE_UP_AFTER_S,
                    preexec_fn=_cap_address_space,
                )
            except subprocess.TimeoutExpired:
                failed += 1
                print(f"| {name} | gave up after {GIVE_UP_AFTER_S} s | | | NO |", flush=True)
                continue
            if child.returncode != 0:
                failed += 1
                print(f"| {name} | crashed | | | NO |", flush=True)
                print(child.stderr[-2000:], file=sys.stderr)
                continue
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            within = figures["seconds"] <= TIME_BUDGET_S and figures["peak_mb"] <= MEMORY_BUDGET_MB
            failed += not within
            print(
                f"| {name} | {figures['status'] or '-'} | {figures['seconds']:.3f} "
                f"| {figures['peak_mb']:.0f} | {'yes' if within else 'NO'} |",
                flush=True,
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
