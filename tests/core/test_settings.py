"""The settings guarantees, checked in fresh interpreters so each sees only its own environment."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "study.example.org",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_HSTS_PRELOAD": "true",
}


def manage(*args, environment):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "STUDYAPP_"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "studyapp.settings"
    clean["STUDYAPP_VAR_DIR"] = str(settings.VAR_DIR)
    clean.update(environment)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_check_deploy_is_clean_under_production_variables():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION_ENVIRONMENT
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_a_secret_key_fails_loudly():
    environment = dict(PRODUCTION_ENVIRONMENT)
    del environment["DJANGO_SECRET_KEY"]
    result = manage("check", environment=environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_is_named():
    result = manage("check", environment={**PRODUCTION_ENVIRONMENT, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'maybe'" in result.stderr


def test_sqlite_default_waits_for_writers_instead_of_failing():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        assert database["ENGINE"] == "django.db.backends.postgresql"
        return
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_production_cookies_are_secure_and_hsts_is_on():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)",
        environment=PRODUCTION_ENVIRONMENT,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "31536000", "True"]


def mailer_under(environment):
    script = "from django.conf import settings; print(settings.MAILERS['default'])"
    return manage("shell", "-c", script, environment=environment)


def test_mail_goes_to_the_console_in_development_and_to_a_local_relay_in_production():
    development = mailer_under({"DJANGO_DEBUG": "true"})
    assert "console.EmailBackend" in development.stdout, development.stderr
    production = mailer_under(PRODUCTION_ENVIRONMENT)
    assert "smtp.EmailBackend" in production.stdout, production.stderr
    assert "'host': 'localhost', 'port': 25" in production.stdout


def test_email_url_chooses_the_server():
    result = mailer_under(
        PRODUCTION_ENVIRONMENT | {"EMAIL_URL": "smtps://app:pw@mail.school.example"}
    )
    assert "'host': 'mail.school.example', 'port': 465" in result.stdout, result.stderr


def test_a_wrong_email_url_stops_start_up_saying_why():
    result = manage("check", environment=PRODUCTION_ENVIRONMENT | {"EMAIL_URL": "smtp://h?x=1"})
    assert result.returncode != 0
    assert "EMAIL_URL: unknown option 'x'" in result.stderr


def printed(expression, environment):
    """What `expression`, over the settings `s`, prints under `environment`, split at spaces."""
    script = f"from django.conf import settings as s; print({expression})"
    result = manage("shell", "--no-imports", "-c", script, environment=environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_sign_in_lasts_the_school_term_unless_told_otherwise():
    assert printed("s.SESSION_COOKIE_AGE", PRODUCTION_ENVIRONMENT) == [str(120 * 24 * 60 * 60)]
    shorter = PRODUCTION_ENVIRONMENT | {"DJANGO_SESSION_DAYS": "7"}
    assert printed("s.SESSION_COOKIE_AGE", shorter) == [str(7 * 24 * 60 * 60)]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("a term", "DJANGO_SESSION_DAYS must be a whole number, not 'a term'"),
        ("0", "DJANGO_SESSION_DAYS must be from 1 to 3650 (ten years), not 0"),
        # A sign-in would then fail: its expiry date overflows what a database stores.
        ("3000000", "DJANGO_SESSION_DAYS must be from 1 to 3650 (ten years), not 3000000"),
    ],
)
def test_a_wrong_session_length_stops_start_up_saying_why(days, message):
    result = manage("check", environment=PRODUCTION_ENVIRONMENT | {"DJANGO_SESSION_DAYS": days})
    assert result.returncode != 0
    assert message in result.stderr


CACHE_AND_SESSIONS = "*s.CACHES['default'].values(), s.SESSION_ENGINE"


def test_without_redis_the_cache_is_each_processs_and_sessions_the_databases():
    assert printed(CACHE_AND_SESSIONS, PRODUCTION_ENVIRONMENT | {"REDIS_URL": ""}) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "{'MAX_ENTRIES':",
        "5000}",
        "studyapp.accounts.sessions",
    ]


def test_redis_url_shares_the_cache_and_sessions():
    redis = PRODUCTION_ENVIRONMENT | {"REDIS_URL": "redis://127.0.0.1:6379/9"}
    assert printed(CACHE_AND_SESSIONS, redis) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/9",
        "studyapp.accounts.cached_sessions",
    ]
