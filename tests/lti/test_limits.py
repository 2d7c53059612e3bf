"""Calls to a platform end in bounded time and read a bounded body."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studyapp.lti import limits


class Slow(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        if self.path == "/big":
            self.wfile.write(b"x" * (limits.MAX_RESPONSE_BYTES + 1))
        elif self.path == "/drip":
            for _ in range(40):
                self.wfile.write(b"x" * 10)
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.wfile.write(b"{}")


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_response_past_the_size_limit_is_refused(server):
    with pytest.raises(limits.ResponseTooLarge, match="more than"):
        limits.BoundedSession().get(server + "/big")


def test_a_response_that_drips_past_the_deadline_is_refused(server, monkeypatch):
    monkeypatch.setattr(limits, "HTTP_DEADLINE_SECONDS", 1)
    with pytest.raises(limits.TooSlow, match="took more than 1 s"):
        limits.BoundedSession().get(server + "/drip")


def test_a_small_quick_response_is_read_whole(server):
    assert limits.BoundedSession().get(server + "/ok").json() == {}
