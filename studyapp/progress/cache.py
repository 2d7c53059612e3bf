"""
Readinesses kept in the cache, one per learner, exam date and day: shaped once by
evidence.readiness_of (7 queries, up to 1.7 s on a very long history), served from the cache
until the learner's evidence changes (core/evidence_versions.py names the writers) or the day
does, so the fading of old evidence still moves the figures on.
"""

import time

from django.core.cache import cache
from django.utils import timezone

from studyapp.core import evidence_versions
from studyapp.progress.evidence import readiness_of

# A day's entry is no use the day after; erased learners' entries are gone by then too.
TIMEOUT = 24 * 60 * 60


def _key(user_id, version, exam_date, now):
    target = exam_date.isoformat() if exam_date else "now"
    return f"readiness:{user_id}:{version}:{target}:{now.date().isoformat()}"


def readiness(user, exam_date=None, now=None):
    """The learner's readiness on `exam_date`, from the cache when nothing changed today."""
    return readinesses([user], exam_date, now)[user.pk]


def readinesses(users, exam_date=None, now=None, budget=None, seconds=None):
    """
    {user id: readiness} for `users`. At most `budget` are shaped afresh, and none more once
    `seconds` have passed (the first is always shaped, so repeated calls get through; None: no
    limit). A learner past either bound whose readiness is not in the cache is left out, so a
    caller can bound a page's cost and say who is missing.
    """
    started = time.monotonic()
    now = now or timezone.now()
    by_id = {user.pk: user for user in users}
    versions = evidence_versions.versions(list(by_id))
    keys = {user_id: _key(user_id, versions[user_id], exam_date, now) for user_id in by_id}
    found = cache.get_many(list(keys.values()))
    result = {}
    fresh = {}
    for user_id, key in keys.items():
        if key in found:
            result[user_id] = found[key]
        elif _may_shape(len(fresh), budget, seconds, started):
            fresh[key] = result[user_id] = readiness_of(by_id[user_id], exam_date, now)
    if fresh:
        cache.set_many(fresh, TIMEOUT)
    return result


def _may_shape(shaped, budget, seconds, started):
    if budget is not None and shaped >= budget:
        return False
    return not shaped or seconds is None or time.monotonic() - started < seconds
