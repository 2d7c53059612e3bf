"""
Versions of what a learner's derived figures (the readiness model's, studyapp/progress) are
computed from. A cached figure's key holds the learner's version and the version all learners
share; whatever changes the evidence moves a version on, so the old entry is never read again
and expires on its own. Writers in any app call `learner_changed` or `everyone_changed` instead
of knowing which keys exist (the Zulip way: flush by generation, not by chasing keys).

A version is a random token, not a counter: if the cache evicts a version, the next one drawn
cannot name an entry computed before. The change is recorded after the writer's transaction
commits, so no reader can store a figure read before the commit under the new version.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

_EVERYONE = "evidence-version:everyone"


def _learner_key(user_id):
    return f"evidence-version:learner:{user_id}"


def _fresh():
    return secrets.token_hex(8)


def _current(keys):
    found = cache.get_many(keys)
    missing = {key: _fresh() for key in keys if key not in found}
    if missing:
        # add, not set: a version another process drew meanwhile wins, and both then agree.
        for key, token in missing.items():
            cache.add(key, token, timeout=None)
        found.update(cache.get_many(list(missing)))
    return found


def versions(user_ids):
    """{user id: the version string of that learner's evidence, the shared version included}."""
    keys = {user_id: _learner_key(user_id) for user_id in user_ids}
    found = _current([_EVERYONE, *keys.values()])
    return {user_id: f"{found[key]}.{found[_EVERYONE]}" for user_id, key in keys.items()}


def learner_changed(user_id):
    """
    The learner's evidence changes when the current transaction commits, or at once outside
    one: so call it after the write, never before.
    """
    transaction.on_commit(lambda: cache.set(_learner_key(user_id), _fresh(), timeout=None))


def everyone_changed():
    """What every learner may study changed (a pack came, went, or changed who sees it)."""
    transaction.on_commit(lambda: cache.set(_EVERYONE, _fresh(), timeout=None))
