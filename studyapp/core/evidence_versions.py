"""
Versions of what a learner's derived figures (the readiness model's, studyapp/progress) are
computed from. A cached figure's key holds the learner's version and the version all learners
share; whatever changes the evidence moves a version on, so the old entry is never read again
and expires on its own. Writers in any app call `learners_changed` (or `everyone_changed`, when
what every learner may study changed) instead of knowing which keys exist (the Zulip way: flush
by generation, not by chasing keys).

The versions live in the database (core.EvidenceVersion), not in the cache: a cache local to
each server process (LocMem without Redis) would move a version only in the process that
handled the write, and the others would serve stale figures. A writer moves the version inside
its own transaction, so the version and the evidence commit together: a reader that sees the
new evidence sees the new version. A version is a random token, so a version can never name an
entry computed before, whatever happened to the rows.
"""

import secrets

from studyapp.core.models import EvidenceVersion

# The learner id that stands for every learner: user ids start at 1.
_EVERYONE = 0
# The version of evidence that never changed (no row yet).
_NEVER_CHANGED = "0"


def versions(user_ids):
    """
    {user id: the version string of that learner's evidence, the shared version included}, in
    one query on the primary key.
    """
    found = dict(
        EvidenceVersion.objects.filter(learner_id__in=[_EVERYONE, *user_ids]).values_list(
            "learner_id", "token"
        )
    )
    everyone = found.get(_EVERYONE, _NEVER_CHANGED)
    return {user_id: f"{found.get(user_id, _NEVER_CHANGED)}.{everyone}" for user_id in user_ids}


def learners_changed(user_ids):
    """
    These learners' evidence changed in the current transaction (or just now, outside one):
    call it in the writer's transaction, after the write. One query.
    """
    rows = [
        EvidenceVersion(learner_id=user_id, token=secrets.token_hex(8)) for user_id in set(user_ids)
    ]
    if rows:
        EvidenceVersion.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["learner_id"], update_fields=["token"]
        )


def learner_changed(user_id):
    learners_changed([user_id])


def everyone_changed():
    """What every learner may study changed (a public pack came, went, or changed)."""
    learners_changed([_EVERYONE])
