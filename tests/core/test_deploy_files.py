"""
The deployment files stay in step with the code: every environment variable the settings and
gunicorn.conf.py read is in deploy/studyapp.env.example and docs/deploy.md, and the samples
carry what the app relies on.
"""

import os
import re
import runpy

import pytest
from django.conf import settings
from gunicorn.config import Config

ROOT = settings.BASE_DIR
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
ENV_EXAMPLE = ROOT / "deploy" / "studyapp.env.example"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
GUNICORN_VARIABLES = ("GUNICORN_BIND", "GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT")

READS = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|os\.getenv\(|env_bool\(|env_int\(|env_list\(|"""
    r"""_positive_int\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def variables_read_by(path):
    source = path.read_text()
    names = set(READS.findall(source))
    # dj_database_url.config() reads DATABASE_URL without naming it.
    if re.search(r"dj_database_url\.config\((?![^)]*\benv=)", source):
        names.add("DATABASE_URL")
    return names


def settings_variables():
    return variables_read_by(ROOT / "studyapp" / "settings.py")


def gunicorn_variables():
    return variables_read_by(GUNICORN_CONF)


def env_example_variables():
    """Names given a value in the example, including commented-out `#NAME=default` lines."""
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))


def load_gunicorn_conf(monkeypatch, **environment):
    for name in (*GUNICORN_VARIABLES, "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_the_regex_sees_every_variable_named_in_the_settings():
    """A new way of reading a variable must not slip past the documentation checks below."""
    source = (ROOT / "studyapp" / "settings.py").read_text()
    named = set(re.findall(r"""["']((?:DJANGO|STUDYAPP)_[A-Z0-9_]+|[A-Z0-9_]+_URL)["']""", source))
    found = settings_variables()
    assert named <= found, f"read in a way the regex misses: {sorted(named - found)}"
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STUDYAPP_VAR_DIR"} <= found


def test_env_example_lists_every_variable_the_settings_read():
    missing = settings_variables() - env_example_variables()
    assert not missing, f"add to deploy/studyapp.env.example: {sorted(missing)}"


def test_env_example_lists_every_variable_gunicorn_conf_reads():
    missing = gunicorn_variables() - env_example_variables()
    # WEB_CONCURRENCY is gunicorn's own fallback, documented beside GUNICORN_WORKERS.
    missing.discard("WEB_CONCURRENCY")
    assert not missing, f"add to deploy/studyapp.env.example: {sorted(missing)}"


def test_env_example_lists_nothing_that_is_not_read():
    stale = env_example_variables() - settings_variables() - gunicorn_variables()
    assert not stale, f"nothing reads these: {sorted(stale)}"


def test_deploy_doc_mentions_every_variable():
    doc = DEPLOY_DOC.read_text()
    missing = {
        name
        for name in settings_variables() | gunicorn_variables()
        if not re.search(rf"\b{name}\b", doc)
    }
    assert not missing, f"document in docs/deploy.md: {sorted(missing)}"


def test_env_example_is_production_ready_apart_from_the_secret():
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), re.MULTILINE))
    assert values["DJANGO_DEBUG"] == "false"
    assert values["DJANGO_SECRET_KEY"] == "", "an empty key makes start-up fail loudly"
    assert values["DJANGO_BEHIND_TLS_PROXY"] == "true"


def test_gunicorn_conf_defaults(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert conf["wsgi_app"] == "studyapp.wsgi:application"
    assert conf["accesslog"] == "-"
    assert conf["timeout"] > 20, "must outlast SQLite's 20-second busy timeout"
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_conf_reads_the_environment(monkeypatch):
    conf = load_gunicorn_conf(
        monkeypatch,
        GUNICORN_BIND="10.0.0.11:8000, 127.0.0.1:8001",
        GUNICORN_WORKERS="3",
        FORWARDED_ALLOW_IPS="10.0.0.2",
    )
    assert conf["bind"] == ["10.0.0.11:8000", "127.0.0.1:8001"]
    assert conf["workers"] == 3
    assert conf["forwarded_allow_ips"] == "10.0.0.2"
    assert load_gunicorn_conf(monkeypatch, WEB_CONCURRENCY="4")["workers"] == 4


def test_gunicorn_conf_refuses_a_bad_worker_count(monkeypatch):
    with pytest.raises(ValueError, match="GUNICORN_WORKERS must be a whole number"):
        load_gunicorn_conf(monkeypatch, GUNICORN_WORKERS="many")


def test_gunicorn_accepts_every_setting_in_the_conf(monkeypatch):
    """gunicorn silently ignores unknown names in a config file: a typo would do nothing."""
    conf = load_gunicorn_conf(monkeypatch)
    config = Config()
    names = {
        name
        for name, value in conf.items()
        if not name.startswith("_") and not callable(value) and type(value).__name__ != "module"
    }
    assert names - set(config.settings) == set()
    for name in names:
        config.set(name, conf[name])  # runs gunicorn's validators
    assert config.worker_tmp_dir in (None, "/dev/shm")


def test_systemd_unit_runs_gunicorn_with_the_conf_file_as_an_unprivileged_user():
    unit = (ROOT / "deploy" / "studyapp.service").read_text()
    assert re.search(r"^ExecStart=\S+/gunicorn -c \S+/gunicorn\.conf\.py$", unit, re.MULTILINE)
    assert re.search(r"^EnvironmentFile=/etc/studyapp/studyapp\.env$", unit, re.MULTILINE)
    assert re.search(r"^User=studyapp$", unit, re.MULTILINE)
    assert re.search(r"^Restart=on-failure$", unit, re.MULTILINE)


def test_nginx_sample_passes_the_headers_django_needs():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header Host $host;" in nginx
    assert "proxy_set_header X-Forwarded-For" in nginx
    assert "return 301 https://" in nginx


def test_nginx_body_limit_is_a_little_above_the_apps():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit < megabytes * 1024 * 1024 <= limit + 2 * 1024 * 1024


def test_makefile_serve_uses_the_conf_file():
    makefile = (ROOT / "Makefile").read_text()
    serve = re.search(r"^serve:.*?(?=^\S|\Z)", makefile, re.MULTILINE | re.DOTALL).group(0)
    assert "gunicorn -c gunicorn.conf.py" in serve
    assert "DJANGO_DEBUG=false" in serve
