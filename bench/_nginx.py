"""
nginx as a user process in front of app servers on loopback ports, configured from the
deployment files themselves: the upstream block of deploy/nginx-upstream.conf (its server
lines pointed at the local ports, their health parameters kept) and the `location /` block of
deploy/nginx.conf, verbatim, so the bench proxies, retries and fails over exactly as a
deployment does. Only TLS and the host-name servers are left out.

Everything here talks to 127.0.0.1 only.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

from _setup import HOST, ROOT

UPSTREAM_FILE = ROOT / "deploy" / "nginx-upstream.conf"
SITE_FILE = ROOT / "deploy" / "nginx.conf"
# One line of the access log: what the bench needs to tell which server answered what, and when.
# "|" between fields: $upstream_addr holds ", " when a request was tried on a second server.
LOG_FORMAT = "$msec|$request_time|$request_method|$uri|$status|$upstream_addr|$upstream_status"

_UPSTREAM = re.compile(r"^upstream studyapp \{\n(?P<body>.*?)^\}", re.MULTILINE | re.DOTALL)
_SERVER_LINE = re.compile(r"^\s*server\s+\S+(?P<parameters>[^;]*);", re.MULTILINE)
_LOCATIONS = {
    path: re.compile(rf"^    location {path} \{{\n.*?^    \}}", re.MULTILINE | re.DOTALL)
    for path in ("/", "/static/")
}


def nginx_binary():
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def upstream_block(addresses, upstream_text=None):
    """deploy/nginx-upstream.conf's upstream, one server line per address, parameters kept."""
    text = upstream_text if upstream_text is not None else UPSTREAM_FILE.read_text()
    match = _UPSTREAM.search(text)
    if match is None:
        raise ValueError(f"{UPSTREAM_FILE}: no `upstream studyapp {{ ... }}` block")
    servers = _SERVER_LINE.findall(match.group("body"))
    if not servers:
        raise ValueError(f"{UPSTREAM_FILE}: the upstream block has no server line")
    lines = "".join(f"    server {address}{servers[0]};\n" for address in addresses)
    return f"upstream studyapp {{\n{lines}}}\n"


def location_block(site_text=None, path="/"):
    """deploy/nginx.conf's `location <path> { ... }` that proxies to the app servers, as it is."""
    text = site_text if site_text is not None else SITE_FILE.read_text()
    for match in _LOCATIONS[path].finditer(text):
        if "proxy_pass http://studyapp;" in match.group(0):
            return match.group(0)
    raise ValueError(f"{SITE_FILE}: no `location {path} {{ ... }}` block with proxy_pass")


def render_config(folder, port, addresses):
    """A whole nginx.conf for a user process keeping every file it writes in `folder`."""
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""\
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    log_format bench '{LOG_FORMAT}';
    access_log {folder / "access.log"} bench;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};

{upstream_block(addresses)}
    server {{
        listen {HOST}:{port};
        client_max_body_size 6m;

{location_block()}

{location_block(path="/static/")}
    }}
}}
"""


def check_config(folder, port, addresses):
    """`nginx -t` on the rendered configuration: (passed, nginx's own words)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(render_config(folder, port, addresses))
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(folder), "-c", str(config), "-e", str(folder / "e.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0, result.stderr


class Nginx:
    """nginx in its own process group, proxying HOST:port to the app servers' ports."""

    def __init__(self, folder, port, upstream_ports):
        self.folder = folder
        self.port = port
        self.addresses = [f"{HOST}:{p}" for p in upstream_ports]
        self.process = None

    @property
    def access_log_path(self):
        return self.folder / "access.log"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "nginx.conf"
        config.write_text(render_config(self.folder, self.port, self.addresses))
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", self.folder, "-c", config, "-e", self.folder / "error.log"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"nginx exited: {(self.folder / 'error.log').read_text()}")
            health = f"http://{HOST}:{self.port}/health/"
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(health, timeout=2),
            ):
                return
            time.sleep(0.05)
        raise SystemExit(f"nginx did not answer within {timeout:.0f} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests it has
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def read_log(path, since=0.0):
    """The access log's lines answered at or after `since` (time.time()), as dicts."""
    entries = []
    if not path.exists():
        return entries
    for line in path.read_text().splitlines():
        msec, request_time, method, uri, status, upstream, upstream_status = line.split("|")
        if float(msec) < since:
            continue
        entries.append(
            {
                "answered_at": float(msec),
                "started_at": float(msec) - float(request_time),
                "method": method,
                "uri": uri,
                "status": int(status),
                # "127.0.0.1:8001, 127.0.0.1:8002" when nginx tried a second server.
                "upstreams": [a.strip() for a in upstream.split(",") if a.strip() != "-"],
                "upstream_statuses": upstream_status,
            }
        )
    return entries
