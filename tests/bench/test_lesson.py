"""
The lesson's mechanics (bench/_lesson.py) against a small asyncio server that answers every
request with an empty page: arrivals, departures, the gate, a sitting's report.
"""

import asyncio
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import _lesson
import _report
import _students


def run_in_own_loop(coroutine_function):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps a loop running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


class PageServer:
    """Answers every request 200 with an empty page, and remembers each request line."""

    def __init__(self):
        self.requests = []

    async def handle(self, reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head.split(b"\r\n")[0].decode())
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length"):
                await reader.readexactly(int(line.split(b":")[1]))
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    async def __aenter__(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc):
        self.server.close()
        await self.server.wait_closed()


def a_lesson(base, accounts=5):
    sessions = {f"student{n:03d}": f"key{n}" for n in range(1, accounts + 1)}
    return _lesson.Lesson(
        base, _students.Outcome(), ["ecs"], accounts, sessions, "sessionid", seed=1
    )


def test_arrivals_open_the_app_with_their_session_and_departures_go_at_once():
    async def scenario():
        async with PageServer() as server:
            lesson = a_lesson(server.base)
            await lesson.resize(3, rate=1000.0)
            assert len(lesson.present) == 3
            assert {learner.username for learner in lesson.present} == {
                "student001",
                "student002",
                "student003",
            }
            cookies = {learner.client.cookies["sessionid"] for learner in lesson.present}
            assert cookies == {"key1", "key2", "key3"}
            await asyncio.sleep(0.2)  # each opens the app, then starts its first activity
            started = time.monotonic()
            # Everyone is thinking for seconds now; told to leave, they go without waiting.
            await lesson.resize(1, rate=1000.0)
            left_in = time.monotonic() - started
            assert len(lesson.present) == 1
            assert lesson.absent == sorted(lesson.absent)
            assert len(lesson.absent) == 4
            assert lesson.crashed() is None
            await lesson.resize(0, rate=1.0)
            return server.requests, left_in, lesson

    requests, left_in, lesson = run_in_own_loop(scenario)
    assert left_in < 1.0
    assert requests.count("GET / HTTP/1.0") == 3
    assert lesson.absent == [1, 2, 3, 4, 5]


def test_the_class_cannot_outgrow_its_accounts():
    async def scenario():
        async with PageServer() as server:
            await a_lesson(server.base, accounts=2).resize(3, rate=1000.0)

    with pytest.raises(SystemExit, match="3 students asked for, only 2 accounts left"):
        run_in_own_loop(scenario)


def test_a_held_class_sends_nothing_until_it_goes_on():
    async def scenario():
        async with PageServer() as server:
            lesson = a_lesson(server.base)
            await lesson.hold_still()
            await lesson.resize(2, rate=1000.0)
            await asyncio.sleep(0.3)
            held = len(server.requests)
            lesson.go_on()
            await asyncio.sleep(0.3)
            going = len(server.requests)
            await lesson.resize(0, rate=1.0)
            return held, going

    held, going = run_in_own_loop(scenario)
    assert held == 0
    assert going >= 2


def test_the_bare_view_counts_what_health_answered():
    async def scenario():
        async with PageServer() as server:
            return await _lesson.bare_view(server.base, seconds=0.3, seed=1), server.requests

    figures, requests = run_in_own_loop(scenario)
    assert set(requests) == {"GET /health/ HTTP/1.0"}
    assert figures["errors"] == 0
    assert figures["per_second"] == pytest.approx(len(requests) / 0.3, rel=0.3)
    assert not math.isnan(figures["p99"])


def test_the_windows_table_has_a_row_per_ten_seconds():
    rows = [
        {"from_s": 0.0, "requests": 12, "p50": 8.4, "p99": 40.2},
        {"from_s": 10.0, "requests": 9, "p50": 7.0, "p99": 251.0},
    ]
    assert _report.markdown_windows(rows).splitlines() == [
        "| seconds | requests | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
        "| 0-10 | 12 | 8 | 40 |",
        "| 10-20 | 9 | 7 | 251 |",
    ]
