import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import override_settings

PLAIN_STATIC_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives each test's database rollback; ids are reused, so start clean."""
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _test_only_settings():
    """
    Production uses WhiteNoise's manifest storage, which needs `collectstatic` first; tests render
    templates without it (tests/core/test_static.py covers the manifest storage itself). Password
    hashing is deliberately slow in production and needlessly slow here (tests/accounts/
    test_hashers.py checks the production hashers). Sessions are read from the database even
    when REDIS_URL makes the cache Redis: reading them from Redis saves a query, and tests pin
    how many queries a page makes; the shared_redis tests cover the Redis session engine.
    """
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with override_settings(
        STORAGES=PLAIN_STATIC_STORAGES,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SESSION_ENGINE="studyapp.accounts.sessions",
    ):
        yield


# The Redis the shared-state tests use: REDIS_URL's database when it is set (CI's PostgreSQL
# pass names database 14, .ci/run), else database 15 of the Redis on this machine; emptied by
# each test.
REDIS_TEST_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def shared_redis(settings):
    """
    The settings REDIS_URL gives (settings.py): the cache in Redis and sessions read from it,
    whatever this run's own settings are. Redis is emptied before and after. Returns the URL.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
        }
    }
    settings.SESSION_ENGINE = "studyapp.accounts.cached_sessions"
    cache.clear()
    yield REDIS_TEST_URL
    cache.clear()


def _test_database_url():
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.fixture
def another_server(shared_redis, transactional_db):
    """
    Runs a snippet of Python in a new interpreter set up as another app server would be: the
    project's settings, this run's secret key, the test database (committed rows
    only: hence transactional_db) and the test Redis through REDIS_URL. The snippet's last
    expression is not printed: it prints what it wants as JSON, which is returned.
    """

    def run(snippet):
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "STUDYAPP_"))
        } | {
            "DJANGO_SETTINGS_MODULE": "studyapp.settings",
            # Debug only so that pages render without collectstatic, as throughout this suite.
            "DJANGO_DEBUG": "true",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "STUDYAPP_VAR_DIR": str(settings.VAR_DIR),
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": shared_redis,
        }
        script = "import django\ndjango.setup()\n" + textwrap.dedent(snippet)
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=environment,
            cwd=settings.BASE_DIR,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


TOPIC_TEMPLATE = """\
---
title: "{title}"
slug: {slug}
order: {order}
summary: "{summary}"
domains: [1, 3]
---

Intro about {title}.

## First section of {slug}

Some text with a table:

| Mode | ENI |
|---|---|
| awsvpc | one per task |

### A subsection

```bash
aws ecs list-clusters
```

## Second section

```json
{{"family": "web"}}
```
"""


@pytest.fixture
def learner(django_user_model):
    """A signed-up student; several apps' conftests still define the same one."""
    return django_user_model.objects.create_user("sam", password="pw-for-tests-only")


def topic_text(slug, order, title=None, summary="A short summary."):
    return TOPIC_TEMPLATE.format(
        slug=slug, order=order, title=title or slug.replace("-", " ").title(), summary=summary
    )


@pytest.fixture
def content_dir(tmp_path, settings):
    """A content folder of three small topics, used instead of the bundled one."""
    topics = tmp_path / "topics"
    topics.mkdir()
    for order, slug in enumerate(["alpha-topic", "beta-topic", "gamma-topic"], start=1):
        (topics / f"{slug}.md").write_text(topic_text(slug, order), encoding="utf-8")
    settings.CONTENT_DIR = tmp_path
    return tmp_path


def write_topic(content_dir, slug, text):
    path = content_dir / "topics" / f"{slug}.md"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
