"""
Measurements (latency percentiles, CPU, the server's own times) and how they are reported.

Everything here talks to 127.0.0.1 only.
"""

import json
import math
import os
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)  # label -> milliseconds of answered requests
        self.errors = defaultdict(Counter)  # label -> kind -> count
        self.unexpected = defaultdict(Counter)  # label -> status -> count (2xx/3xx not expected)
        self.timeline = []  # (monotonic time answered, milliseconds) of every answered request

    def record(self, label, ms, status=None, error=None):
        if error is not None:
            self.errors[label][error] += 1
            return
        self.latency[label].append(ms)
        self.timeline.append((time.monotonic(), ms))
        if not 200 <= status < 400:
            self.errors[label][f"HTTP {status}"] += 1

    def answered(self):
        return sum(len(v) for v in self.latency.values())

    def error_count(self):
        return sum(sum(c.values()) for c in self.errors.values())

    def windows(self, started, width=10.0):
        """Requests, p50 and p99 per `width` seconds of the run: is the tail warm-up or steady?"""
        buckets = defaultdict(list)
        for at, ms in self.timeline:
            buckets[int((at - started) // width)].append(ms)
        rows = []
        for index in sorted(buckets):
            values = sorted(buckets[index])
            rows.append(
                {
                    "from_s": index * width,
                    "requests": len(values),
                    "p50": percentile(values, 50),
                    "p99": percentile(values, 99),
                }
            )
        return rows

    def table(self, seconds):
        rows = []
        labels = sorted(set(self.latency) | set(self.errors))
        everything = sorted(ms for label in labels for ms in self.latency[label])
        for label in [*labels, "all"]:
            values = everything if label == "all" else sorted(self.latency[label])
            errors = self.error_count() if label == "all" else sum(self.errors[label].values())
            rows.append(
                {
                    "endpoint": label,
                    "requests": len(values),
                    "per_second": len(values) / seconds if seconds else 0.0,
                    "p50": percentile(values, 50),
                    "p95": percentile(values, 95),
                    "p99": percentile(values, 99),
                    "max": values[-1] if values else float("nan"),
                    "errors": errors,
                    "error_kinds": dict(self.errors[label]) if label != "all" else {},
                }
            )
        return rows


def markdown_table(rows, server=None):
    server = server or {}
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
        "| server p50 ms | server p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        s = server.get(row["endpoint"], {})
        name = f"**{row['endpoint']}**" if row["endpoint"] == "all" else row["endpoint"]
        lines.append(
            f"| {name} | {row['requests']} | {row['per_second']:.1f} | {row['p50']:.0f} "
            f"| {row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | {row['errors']} "
            f"| {s.get('p50', float('nan')):.1f} | {s.get('p99', float('nan')):.1f} |"
        )
    return "\n".join(lines)


def label_for(method, path, htmx=False):
    if path.startswith("/questions/"):
        path = "/questions/<pack>/<qid>/"
    elif path.startswith("/practice/sets/") and path != "/practice/sets/":
        path = "/practice/sets/<set>/<n>/"
    elif path.startswith("/topics/") and path != "/topics/":
        path = "/topics/<slug>/"
    label = f"{method} {path}"
    if method == "POST" and path != "/accounts/login/":
        label += " (htmx)" if htmx else " (form)"
    return label


def server_times(path, since_line=0):
    """Per-endpoint p50/p99 of gunicorn's own request time (ms) from the access log."""
    times = defaultdict(list)
    try:
        lines = path.read_text().splitlines()[since_line:]
    except OSError:
        return {}, 0
    for line in lines:
        parts = line.split(" ")
        if len(parts) < 4 or not parts[3].isdigit():
            continue
        label = label_for(parts[0], parts[1], htmx=len(parts) > 4 and parts[4] == "true")
        times[label].append(int(parts[3]) / 1000)
        times["all"].append(int(parts[3]) / 1000)
    result = {}
    for label, values in times.items():
        values.sort()
        result[label] = {
            "p50": percentile(values, 50),
            "p99": percentile(values, 99),
            "mean": sum(values) / len(values),
        }
    return result, since_line + len(lines)


def log_lines(path):
    try:
        with open(path) as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


class CpuMeter:
    """CPU used by this process, by gunicorn and by the whole machine over a window."""

    def __init__(self, server):
        self.server = server

    @staticmethod
    def _machine():
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        values = [int(v) for v in fields]
        idle = values[3] + values[4]
        return sum(values), idle

    def __enter__(self):
        self.t0 = time.monotonic()
        self.self0 = resource.getrusage(resource.RUSAGE_SELF)
        self.server0 = self.server.cpu_seconds()
        self.machine0 = self._machine()
        self.load0 = os.getloadavg()
        return self

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        r = resource.getrusage(resource.RUSAGE_SELF)
        client = (r.ru_utime - self.self0.ru_utime) + (r.ru_stime - self.self0.ru_stime)
        server = self.server.cpu_seconds() - self.server0
        total, idle = self._machine()
        busy = ((total - self.machine0[0]) - (idle - self.machine0[1])) / os.sysconf("SC_CLK_TCK")
        self.result = {
            "wall_s": wall,
            "cores": os.cpu_count(),
            "machine_busy_cores": busy / wall,
            "client_cores": client / wall,
            "gunicorn_cores": server / wall,
            "other_cores": max(0.0, (busy - client - server) / wall),
            "loadavg_before": self.load0,
            "loadavg_after": os.getloadavg(),
        }


def machine():
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "python": sys.version.split()[0],
        "loadavg_at_start": os.getloadavg(),
    }


def markdown_windows(rows):
    """Stats.windows' rows as a Markdown table."""
    lines = ["| seconds | requests | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['from_s']:.0f}-{row['from_s'] + 10:.0f} | {row['requests']} "
            f"| {row['p50']:.0f} | {row['p99']:.0f} |"
        )
    return "\n".join(lines)


def print_windows(stats):
    print(markdown_windows(stats.windows(stats.started)))


def print_cpu(cpu):
    print(
        f"CPU over the run ({cpu['cores']} cores): machine busy {cpu['machine_busy_cores']:.2f} "
        f"cores = load generator {cpu['client_cores']:.2f} + gunicorn "
        f"{cpu['gunicorn_cores']:.2f} + everything else (database server, other work) "
        f"{cpu['other_cores']:.2f}; load average {cpu['loadavg_before'][0]:.2f} -> "
        f"{cpu['loadavg_after'][0]:.2f}"
    )


def write_json(path, data):
    if path:
        path.write_text(json.dumps(data, indent=2, default=str))
        print(f"figures written to {path}")
