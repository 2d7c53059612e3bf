import textwrap

import pytest
from django.conf import settings
from django.core.cache import cache
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
    hashing is deliberately slow in production and needlessly slow here.
    """
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with override_settings(
        STORAGES=PLAIN_STATIC_STORAGES,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


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
