"""
Gunicorn settings for the study app; docs/deploy.md explains how they fit together.

Start it from the repository checkout, so the checkout's `studyapp` package (which finds the
templates, static files and content next to it) is the one imported:

    gunicorn -c gunicorn.conf.py

Everything that differs between machines comes from the environment (the systemd unit reads
/etc/studyapp/studyapp.env; deploy/studyapp.env.example lists the variables).
"""

import os
from pathlib import Path

wsgi_app = "studyapp.wsgi:application"


def _cores():
    """CPUs this process may run on: respects taskset/cgroup CPU affinity, unlike cpu_count()."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _positive_int(name, default):
    value = os.environ.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


# Loopback by default: only the reverse proxy on this machine may talk to gunicorn, because the
# app believes the X-Forwarded-Proto header it is sent. With the proxy on another machine, bind
# a private address (GUNICORN_BIND=10.0.0.11:8000), list the proxy in FORWARDED_ALLOW_IPS and
# let only the proxy reach that port (firewall). Several addresses: separate them with commas.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# The usual guidance for sync workers is (2 x cores) + 1: while one worker waits on the
# database, another can use the CPU. Each worker is a separate process holding its own copy
# of the app (about 50-100 MB), so on a small VM with little memory set GUNICORN_WORKERS
# lower. WEB_CONCURRENCY is gunicorn's own variable for the same thing, honoured as a fallback.
workers = _positive_int("GUNICORN_WORKERS", _positive_int("WEB_CONCURRENCY", 2 * _cores() + 1))

# Sync workers, one request at a time each: nginx buffers slow clients' requests and responses,
# so a worker is never held by a slow network, and the app does no long-polling or websockets.
worker_class = "sync"

# A worker busy on one request for longer than this is killed and replaced. Pages are
# rendered from stored HTML, and the heaviest requests (a pack upload of at most 2 MB, a large
# placement simulation) take seconds, so 30 s leaves a wide margin yet frees a stuck worker's
# slot soon. It stays above SQLite's 20 s busy timeout: a writer queued behind another one
# gets its answer (or its error) before the worker is killed. nginx waits 60 s for gunicorn.
timeout = _positive_int("GUNICORN_TIMEOUT", 30)
# On restart or reload (SIGHUP), workers get this long to finish the request in hand.
graceful_timeout = 30

# Access log and error log on stdout/stderr: systemd's journal (or the terminal for
# `make serve`) collects them, with no log files to rotate. `journalctl -u studyapp` reads them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Gunicorn's default format plus the request time in microseconds (%(D)s), for finding slow
# pages. %(h)s is the proxy's address behind nginx; nginx's own access log has the client's.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'

# The reverse proxy's address(es). Gunicorn believes X-Forwarded-Proto (and sets
# wsgi.url_scheme to https) only on connections from these addresses; from anyone else the
# header is ignored. The default suits nginx on the same machine. For a proxy or load balancer
# elsewhere set FORWARDED_ALLOW_IPS=10.0.0.2 (or a network, 10.0.0.0/24). Django's own
# SECURE_PROXY_SSL_HEADER (DJANGO_BEHIND_TLS_PROXY=true) trusts the header from any peer, which
# is why gunicorn must not be reachable by anything but the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Workers tell the master they are alive by touching a file every few seconds. On a disk-backed
# /tmp that write can stall for seconds under I/O load and get a healthy worker killed for
# "timing out"; /dev/shm is memory-backed. Where it does not exist (macOS), use the default.
if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"

# Not preloaded: each worker imports the app itself, so `systemctl reload studyapp` (SIGHUP)
# starts workers on newly pulled code without dropping connections.
preload_app = False

# No gunicornc control socket: systemd signals (restart, reload) are the interface, and the
# default socket path ($HOME/.gunicorn) would be shared by two instances run by one user.
control_socket_disable = True
