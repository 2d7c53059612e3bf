"""
The checks made on the database after a run: integrity, and every acknowledged rating
recorded once.

Everything here talks to 127.0.0.1 only.
"""

from collections import Counter


def verify(scratch, outcome, fault):
    """Ratings against ReviewLog, card versions against their logs, the database's own check."""
    from django.db import connection, connections
    from django.db.models import Count, F, Q

    from studyapp.questions.models import Attempt
    from studyapp.review.models import Card, ReviewLog

    logs = Counter(ReviewLog.objects.values_list("user__username", "card_id", "card_version"))
    acknowledged = Counter(outcome.acknowledged)
    in_flight = set(outcome.in_flight)
    missing = [k for k in acknowledged if k not in logs]
    duplicated_logs = [k for k, n in logs.items() if n > 1]
    duplicated_acks = [k for k, n in acknowledged.items() if n > 1]
    extra = [k for k in logs if k not in acknowledged]
    unexplained_extra = [k for k in extra if k not in in_flight]
    cards_off = (
        Card.objects.annotate(n=Count("logs"))
        .exclude(version=F("n"))
        .values_list("pk", "version", "n")
    )
    cards_off = list(cards_off[:20])
    wrong_owner = ReviewLog.objects.filter(~Q(user=F("card__user"))).count()
    result = {
        "review_logs": sum(logs.values()),
        "acknowledged": len(outcome.acknowledged),
        "missing_acknowledged": len(missing),
        "duplicated_logs": len(duplicated_logs),
        "duplicated_acknowledgements": len(duplicated_acks),
        "in_flight_ratings": len(in_flight),
        # A rating cut off by the kill and committed anyway moved the card to the next version;
        # one that was not committed is shown again, and its repeat is acknowledged with the
        # same (card, version), so it counts as redone, not as recorded at the kill.
        "in_flight_committed": len([k for k in in_flight if k in logs and k not in acknowledged]),
        "in_flight_not_committed_redone": len([k for k in in_flight if k in acknowledged]),
        "in_flight_not_committed": len([k for k in in_flight if k not in logs]),
        "recorded_without_acknowledgement": len(extra),
        "unexplained_extra_logs": len(unexplained_extra),
        "cards": Card.objects.count(),
        "cards_version_not_log_count": len(cards_off),
        "logs_of_another_users_card": wrong_owner,
        "attempts": Attempt.objects.count(),
        "attempts_acknowledged": outcome.attempts_acknowledged,
        "attempts_in_flight": outcome.attempts_in_flight,
    }
    if scratch.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            result["integrity_check"] = ", ".join(row[0] for row in cursor.fetchall())
            cursor.execute("PRAGMA foreign_key_check")
            result["foreign_key_check_rows"] = len(cursor.fetchall())
    else:
        result["integrity_check"] = _postgres_amcheck(connection)
    connections.close_all()
    if fault:
        ok = (
            not missing
            and not duplicated_logs
            and not duplicated_acks
            and not unexplained_extra
            and not cards_off
            and not wrong_owner
            and result["integrity_check"] in {"ok", "amcheck not available"}
        )
    else:
        ok = (
            result["review_logs"] == result["acknowledged"]
            and not missing
            and not duplicated_logs
            and not cards_off
            and not wrong_owner
            and result["integrity_check"] in {"ok", "amcheck not available"}
        )
    result["ok"] = ok
    return result


def _postgres_amcheck(connection):
    """bt_index_check on every index of the app's tables (contrib amcheck), 'ok' if all pass."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            cursor.execute(
                "SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_am a ON a.oid = c.relam "
                "WHERE n.nspname = 'public' AND a.amname = 'btree'"
            )
            checked = len(cursor.fetchall())
        return "ok" if checked else "no indexes checked"
    except Exception as error:
        return f"amcheck not available ({type(error).__name__})"
