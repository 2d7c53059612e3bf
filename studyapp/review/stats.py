"""Study statistics for one learner, computed from cards and review logs."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog

FORECAST_DAYS = 30
CALENDAR_DAYS = 365


def local_day(moment, zone, day_start_hour):
    """The study day a moment belongs to: the local date after moving back by the start hour."""
    return (moment.astimezone(zone) - timedelta(hours=day_start_hour)).date()


@dataclass(frozen=True)
class RetentionRow:
    period: str
    young_passed: int
    young_total: int
    mature_passed: int
    mature_total: int

    @staticmethod
    def _rate(passed, total):
        return round(100 * passed / total, 1) if total else None

    @property
    def young_rate(self):
        return self._rate(self.young_passed, self.young_total)

    @property
    def mature_rate(self):
        return self._rate(self.mature_passed, self.mature_total)

    @property
    def total_rate(self):
        return self._rate(
            self.young_passed + self.mature_passed, self.young_total + self.mature_total
        )


def true_retention(logs, today, zone, day_start_hour):
    """
    Anki's true retention: only the first review of a card on each day counts; only cards in
    review (not learning) count; Again fails, Hard/Good/Easy pass; a card is mature when the
    interval it was reviewed at is 21 days or more.
    """
    first_of_day = {}
    for card_id, reviewed_at, rating, previous_state, before, *_ in logs:
        if previous_state != scheduling.REVIEW:
            continue
        key = (card_id, local_day(reviewed_at, zone, day_start_hour))
        if key not in first_of_day or reviewed_at < first_of_day[key][0]:
            first_of_day[key] = (reviewed_at, rating, before)
    periods = [
        ("Today", 0),
        ("Yesterday", 1),
        ("Last 7 days", 7),
        ("Last 30 days", 30),
        ("Last 365 days", 365),
        ("All time", None),
    ]
    rows = []
    for label, days in periods:
        counts = Counter()
        for (_, day), (_, rating, before) in first_of_day.items():
            age = (today - day).days
            if label == "Yesterday" and age != 1:
                continue
            if days is not None and label != "Yesterday" and age >= max(days, 1):
                continue
            interval = _interval_days(before)
            group = "mature" if interval >= scheduling.MATURE_DAYS else "young"
            counts[f"{group}_total"] += 1
            if rating != 1:
                counts[f"{group}_passed"] += 1
        rows.append(
            RetentionRow(
                label,
                counts["young_passed"],
                counts["young_total"],
                counts["mature_passed"],
                counts["mature_total"],
            )
        )
    return rows


def _interval_days(before):
    if not before.get("due") or not before.get("last_review"):
        return 0
    due = datetime.fromisoformat(before["due"])
    last = datetime.fromisoformat(before["last_review"])
    return (due - last).total_seconds() / 86400


def due_by_day(due_moments, zone, day_start_hour, today):
    """How many cards fall due each study day, by days from today; overdue ones count today."""
    days = Counter()
    for due in due_moments:
        if due is not None:
            days[max((local_day(due, zone, day_start_hour) - today).days, 0)] += 1
    return days


def collect(user, settings, now):
    zone = ZoneInfo(settings.time_zone)
    today = local_day(now, zone, settings.day_starts_at)
    logs = list(
        ReviewLog.objects.filter(user=user).values_list(
            "card_id", "reviewed_at", "rating", "previous_state", "state_before", "duration_ms"
        )
    )
    per_day = Counter(local_day(row[1], zone, settings.day_starts_at) for row in logs)
    today_logs = [row for row in logs if local_day(row[1], zone, settings.day_starts_at) == today]
    ratings_today = Counter(row[2] for row in today_logs)
    duration_today = sum(row[5] for row in today_logs)
    cards = list(
        Card.objects.filter(user=user)
        .exclude(state=scheduling.NEW)
        .select_related("question")
        .only(
            "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
            "is_suspended", "question__topic_slug", "question__domain",
        )
    )  # fmt: skip
    forecast = due_by_day(
        (card.due for card in cards if not card.is_suspended),
        zone,
        settings.day_starts_at,
        today,
    )
    return {
        "today": {
            "reviews": len(today_logs),
            "ratings": [
                (label, ratings_today[value]) for value, label in scheduling.RATINGS.items()
            ],
            "new": sum(1 for row in today_logs if row[3] == scheduling.NEW),
            "time_spent": timedelta(milliseconds=duration_today),
        },
        "forecast": [(today + timedelta(days=d), forecast[d]) for d in range(FORECAST_DAYS)],
        "calendar": [
            (today - timedelta(days=d), per_day[today - timedelta(days=d)])
            for d in range(CALENDAR_DAYS - 1, -1, -1)
        ],
        "retention": true_retention(logs, today, zone, settings.day_starts_at),
    }
