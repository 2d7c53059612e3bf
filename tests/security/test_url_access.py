"""
Every URL pattern of the project, for six kinds of visitor, against the status each must get.
The patterns come from the URL resolver, so a new view without an expectation here fails.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import (
    DELEGATED_NAMESPACES,
    EXPECTED,
    LOGIN,
    MOVED,
    ROLES,
)

pytestmark = pytest.mark.django_db


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_patterns(entry, prefix)
        elif isinstance(entry, URLPattern):
            if namespace in DELEGATED_NAMESPACES:
                continue
            assert entry.name, f"unnamed URL pattern {entry.pattern}: name it and add it here"
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_pattern_has_an_expectation():
    names = set(named_patterns())
    missing = names - set(EXPECTED)
    stale = set(EXPECTED) - names - {"admin:index"}
    assert not missing, f"views without access expectations: {sorted(missing)}"
    assert not stale, f"expectations for views that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_view_answers_each_kind_of_visitor_as_expected(client, world, role):
    users, kwargs = world
    if role != "anonymous":
        client.force_login(users[role])
    failures = []
    for name, (method, statuses) in EXPECTED.items():
        url = reverse(name, kwargs=kwargs.get(name))
        response = client.post(url) if method == "POST" else client.get(url)
        want = statuses[ROLES.index(role)]
        if want == LOGIN:
            ok = response.status_code == MOVED and response["Location"].startswith(reverse("login"))
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{method} {name}: got {response.status_code}, want {want}")
    assert not failures, f"{role}:\n" + "\n".join(failures)
