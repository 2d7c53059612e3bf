"""
The one settings module. Every deployment-specific value comes from an environment variable;
docs/deploy.md lists them all. The defaults suit a laptop: SQLite in var/, DEBUG off unless
DJANGO_DEBUG says otherwise (`make run` turns it on).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from studyapp.core.mail_url import MailURLError, mailer_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
# An empty variable means "not set" everywhere below: an env file line such as `NAME=` must
# give the default, not an empty path, host list or database URL.
VAR_DIR = Path(os.environ.get("STUDYAPP_VAR_DIR") or BASE_DIR / "var")
CONTENT_DIR = Path(os.environ.get("STUDYAPP_CONTENT_DIR") or BASE_DIR / "content")


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    value = os.environ.get(name) or default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string (for example the "
            "output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "studyapp.core",
    "studyapp.accounts",
    "studyapp.topics",
    "studyapp.questions",
    "studyapp.review",
    "studyapp.exam",
    "studyapp.classroom",
    "studyapp.search",
    "studyapp.sims",
    "studyapp.privacy",
    "studyapp.home",
    "lti_tool",
    "studyapp.lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "studyapp.core.middleware.PrivatePagesNotStored",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "studyapp.urls"
WSGI_APPLICATION = "studyapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "studyapp.accounts.context_processors.account",
            ],
        },
    },
]

# SQLite is the embedded default. WAL lets readers run beside a writer; IMMEDIATE transactions
# take the write lock up front, so concurrent writers queue (for up to `timeout` seconds)
# instead of failing with "database is locked" halfway through a transaction.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not Django's shared-cache in-memory database, whose table-level locks
    # fail at once instead of waiting: concurrency tests must see what production sees. One
    # file per process, so two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    USING_POSTGRES = False
else:
    USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Simulator documents may be up to 4 MB (5,000 container instances); the simulator API checks
# that limit itself and answers with a JSON error, so Django's own cap sits just above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The only upload is one question pack of at most 2 MB: a request with more files is refused,
# and a file past the limit is not kept (studyapp.questions.uploads).
DATA_UPLOAD_MAX_NUMBER_FILES = 1
FILE_UPLOAD_HANDLERS = [
    "studyapp.questions.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# One process's memory by default; set REDIS_URL when several app servers should share it: the
# cache (rendered questions, whole pages, rate-limit counts) and a copy of each session.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Argon2id first, with a cost chosen for a class signing in at once on a 2-core server (see the
# module). PBKDF2 stays so that passwords hashed before Argon2 still verify; Django re-hashes each
# with Argon2 when its owner next signs in.
PASSWORD_HASHERS = [
    "studyapp.accounts.hashers.ClassroomArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Mail: password reset links. EMAIL_URL names the server (studyapp/core/mail_url.py); unset, the
# development server prints messages to its console and production hands them to an SMTP relay
# on this machine.
try:
    MAILERS = {
        "default": mailer_from_url(
            os.environ.get("EMAIL_URL") or ("console:" if DEBUG else "smtp://localhost:25")
        )
    }
except MailURLError as error:
    raise ImproperlyConfigured(str(error)) from None
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "studyapp@localhost"
# An emailed reset link works for an hour, and once (Django's tokens change with the password).
PASSWORD_RESET_TIMEOUT = 60 * 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security. The production defaults follow `manage.py check --deploy`; each can be relaxed
# through its variable, e.g. when TLS ends at a proxy that already redirects to HTTPS.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Sessions live in the database (nobody is signed out by a restart); see the module for why
# the read is its own. With REDIS_URL a copy of each is kept in Redis and read from there, so a
# signed-in request costs no session query on any app server, and a Redis restart still signs
# nobody out.
SESSION_ENGINE = (
    "studyapp.accounts.cached_sessions"
    if os.environ.get("REDIS_URL")
    else "studyapp.accounts.sessions"
)
# A sign-in lasts the school term: a student signs in on a shared or own device in the first
# lesson and is not asked again until the term ends. 120 days covers the longest term or
# semester (about 16 to 18 weeks) with some margin; Django's own two weeks would sign a class
# out every fortnight, and someone would always have forgotten their password. Signing out, a
# password change and "sign out everywhere" still end a session at once.
# Ten years at most: far past any term, and an expiry date a database can still store.
SESSION_DAYS = env_int("DJANGO_SESSION_DAYS", 120)
if not 1 <= SESSION_DAYS <= 3650:
    raise ImproperlyConfigured(
        f"DJANGO_SESSION_DAYS must be from 1 to 3650 (ten years), not {SESSION_DAYS}."
    )
SESSION_COOKIE_AGE = SESSION_DAYS * 24 * 60 * 60
# Axes refuses to check a password while its account and address are locked out (first, so it
# guards every call to authenticate(), the admin's too); the app's backend is Django's, checking
# passwords, with the signed-in user loaded by one fixed statement (see its module).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "studyapp.accounts.backends.UserBackend",
]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a reverse proxy every request comes from the proxy's address; trust the address the
# proxy puts last in X-Forwarded-For (sign-in lockouts and rate limits count per address). Only
# turn this on when the app is reachable through the proxy alone, or clients could choose their
# address.
TRUST_X_FORWARDED_FOR = env_bool("STUDYAPP_TRUST_X_FORWARDED_FOR", False)

# Sign-in lockout (studyapp/accounts/lockout.py): 10 failed sign-ins for one account from one
# address lock that pair, not the address (a class shares one) nor the account (anyone could
# lock it), for 15 minutes after the last counted failure; tries while locked do not extend it.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "studyapp.accounts.lockout.CountingBeforeCheckingHandler"
AXES_CLIENT_IP_CALLABLE = "studyapp.core.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "studyapp.accounts.lockout.locked_out_response"
# Failures are kept until they expire; successful sign-ins are not logged (a table that would
# only grow).
AXES_DISABLE_ACCESS_LOG = True

# Scripts only from this origin: no page has an inline script, so none needs a nonce, and a page
# without a per-response nonce can be served whole from the cache (accounts/pagecache.py). htmx is
# configured in base.html not to inject styles or evaluate code, so no 'unsafe-inline' or
# 'unsafe-eval'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Development shows edits to topic files at once; production renders only on `loadcontent`.
TOPICS_RELOAD_ON_REQUEST = env_bool("STUDYAPP_TOPICS_RELOAD", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL") or "WARNING"},
}
