"""
bench/_nginx.py builds the scale-out bench's nginx from the deployment files themselves; here
that configuration, and so deploy/nginx-upstream.conf and nginx.conf's `location /`, must pass
`nginx -t`, and the failover rules must never resend a POST.
https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream
https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server
"""

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # _nginx imports its sibling _setup
_spec = importlib.util.spec_from_file_location("bench_nginx", BENCH / "_nginx.py")
bench_nginx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_nginx)

ADDRESSES = ["127.0.0.1:18001", "127.0.0.1:18002"]
# nginx is a server's package, not the app's: without it a laptop's `make test` skips the two
# tests that run `nginx -t`, saying so, and CI (which installs it) sets the variable to fail.
needs_nginx = pytest.mark.skipif(
    bench_nginx.nginx_binary() is None and os.environ.get("STUDYAPP_REQUIRE_NGINX") != "1",
    reason="nginx is not installed (apt-get install nginx-light); CI requires it",
)


@needs_nginx
def test_the_rendered_configuration_passes_nginx_t(tmp_path):
    assert bench_nginx.nginx_binary(), "nginx is needed (apt-get install nginx-light)"
    passed, words = bench_nginx.check_config(tmp_path, 18080, ADDRESSES)
    assert passed, words
    assert "test is successful" in words


@needs_nginx
def test_a_broken_directive_fails_nginx_t(tmp_path, monkeypatch):
    """The check above can fail: nginx -t really reads the location block it is given."""
    location_block = bench_nginx.location_block

    def broken(path="/"):
        return location_block(path=path).replace("proxy_next_upstream_tries 2;", "tries 2;")

    monkeypatch.setattr(bench_nginx, "location_block", broken)
    passed, words = bench_nginx.check_config(tmp_path, 18080, ADDRESSES)
    assert not passed
    assert 'unknown directive "tries"' in words


def test_every_app_server_gets_the_upstream_files_health_parameters():
    block = bench_nginx.upstream_block(ADDRESSES)
    assert block.splitlines()[1:3] == [
        f"    server {address} max_fails=1 fail_timeout=10s;" for address in ADDRESSES
    ]


def test_the_proxy_retries_on_another_server_but_never_resends_a_post():
    directives = re.sub(r"#.*", "", bench_nginx.location_block())
    assert "proxy_pass http://studyapp;" in directives
    retry = re.search(r"^\s*proxy_next_upstream\s+([^;]*);", directives, re.MULTILINE)
    assert retry is not None
    assert retry.group(1).split() == ["error", "timeout"]
    assert "non_idempotent" not in directives
    assert re.search(r"^\s*proxy_next_upstream_tries 2;", directives, re.MULTILINE)


def test_a_static_file_missing_on_one_server_is_tried_on_another():
    """A server not yet restarted in a rolling upgrade answers the new release's files 404."""
    directives = re.sub(r"#.*", "", bench_nginx.location_block(path="/static/"))
    retry = re.search(r"^\s*proxy_next_upstream\s+([^;]*);", directives, re.MULTILINE)
    assert retry is not None
    assert retry.group(1).split() == ["error", "timeout", "http_404"]
    assert "non_idempotent" not in directives
    assert "http_404" not in bench_nginx.location_block()


def test_a_file_without_the_blocks_is_named():
    with pytest.raises(ValueError, match="no `upstream studyapp"):
        bench_nginx.upstream_block(ADDRESSES, upstream_text="upstream other {}\n")
    with pytest.raises(ValueError, match="with proxy_pass"):
        bench_nginx.location_block(site_text="server {\n    location / {\n    }\n}\n")


def test_the_access_log_line_splits_where_nginx_tried_two_servers(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        "1000.500|0.250|POST|/review/rate/|502|127.0.0.1:18002|502\n"
        "1001.000|0.010|GET|/health/|200|127.0.0.1:18002, 127.0.0.1:18001|502, 200\n"
    )
    rate, health = bench_nginx.read_log(log)
    assert rate["started_at"] == pytest.approx(1000.25)
    assert rate["upstreams"] == ["127.0.0.1:18002"]
    assert health["upstreams"] == ["127.0.0.1:18002", "127.0.0.1:18001"]
    assert [e["uri"] for e in bench_nginx.read_log(log, since=1000.9)] == ["/health/"]
