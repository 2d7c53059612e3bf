"""
Readinesses kept in the cache, one per learner, exam date and study day: shaped once by
evidence.readiness_of (6 queries, up to 1.7 s on a very long history), served from the cache
until the learner's evidence changes (core/evidence_versions.py names the writers) or their
study day does, so the fading of old evidence still moves the figures on.

Each learner's readiness is projected to their own exam date (review/planning.exam_moment), and
their study day is the one their settings draw (time zone and day-start hour), so a learner
sees the figures of their own day whoever asks: they, or their class's instructor.
"""

import time

from django.core.cache import cache
from django.utils import timezone

from studyapp.core import evidence_versions
from studyapp.progress.evidence import readiness_of
from studyapp.review import planning
from studyapp.review.models import StudySettings

# A day's entry is no use the day after; erased learners' entries are gone by then too.
TIMEOUT = 24 * 60 * 60


def _key(user_id, version, exam_moment, study_date):
    target = exam_moment.isoformat() if exam_moment else "now"
    return f"readiness:{user_id}:{version}:{target}:{study_date.isoformat()}"


def readiness(user, settings=None, now=None):
    """
    The learner's readiness on their exam date (now without one), from the cache when nothing
    changed this study day. `settings`: their StudySettings, when the caller has them already.
    """
    known = {user.pk: settings} if settings is not None else None
    return readinesses([user], now, settings=known)[user.pk]


def readinesses(users, now=None, budget=None, seconds=None, settings=None):
    """
    {user id: readiness} for `users`, each on their own exam date. `settings`: {user id:
    StudySettings} the caller has; the others are read in one query. At most `budget` are
    shaped afresh, and none more once `seconds` have passed (the first is always shaped, so
    repeated calls get through; None: no limit). A learner past either bound whose readiness
    is not in the cache is left out, so a caller can bound a page's cost and say who is missing.
    """
    started = time.monotonic()
    now = now or timezone.now()
    by_id = {user.pk: user for user in users}
    settings_by_id = _settings_of(list(by_id), settings or {})
    versions = evidence_versions.versions(list(by_id))
    targets = {user_id: planning.exam_moment(settings_by_id[user_id], now) for user_id in by_id}
    keys = {
        user_id: _key(
            user_id,
            versions[user_id],
            targets[user_id],
            planning.study_date(settings_by_id[user_id], now),
        )
        for user_id in by_id
    }
    found = cache.get_many(list(keys.values()))
    result = {}
    fresh = {}
    for user_id, key in keys.items():
        if key in found:
            result[user_id] = found[key]
        elif _may_shape(len(fresh), budget, seconds, started):
            fresh[key] = result[user_id] = readiness_of(by_id[user_id], targets[user_id], now)
    if fresh:
        cache.set_many(fresh, TIMEOUT)
    return result


def _settings_of(user_ids, known):
    """Each learner's StudySettings; a learner who never saved any has the defaults."""
    missing = [user_id for user_id in user_ids if user_id not in known]
    read = (
        {row.user_id: row for row in StudySettings.objects.filter(user_id__in=missing)}
        if missing
        else {}
    )
    return {
        user_id: known.get(user_id) or read.get(user_id) or StudySettings(user_id=user_id)
        for user_id in user_ids
    }


def _may_shape(shaped, budget, seconds, started):
    if budget is not None and shaped >= budget:
        return False
    return not shaped or seconds is None or time.monotonic() - started < seconds
