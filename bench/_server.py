"""
gunicorn in its own process group, always killed (by process group) whatever happens, and
the mixed run load.py and fault.py drive through it.

Everything here talks to 127.0.0.1 only.
"""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from _report import CpuMeter, Stats, log_lines, server_times
from _setup import HOST, ROOT, SERVER_PROCESSES

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# Gunicorn's %(D)s is the time a worker spent on the request (microseconds), not the time the
# request waited in the listen backlog: the difference to the client's figure is queueing.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s %({hx-request}i)s"


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
