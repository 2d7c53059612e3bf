"""
Durations in words for people: "less than a minute", "in 3 minutes", "tomorrow", "2 hours ago".
Never "0 minutes": anything under a minute is "less than a minute".

Times to come round up (a card due in 2.5 minutes is "in 3 minutes", so it is due when the
page says); times past and lengths round down (1 minute 50 seconds is "1 minute"). Beyond a
day, the wording follows calendar days in the given zone, so 23:00 to 09:00 is "tomorrow".
"""

import math
from datetime import UTC

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _count(number, unit):
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def length(delta):
    """How long something took: '1 minute', '2 hours 5 minutes', '3 days'."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < MINUTE:
        return "less than a minute"
    if seconds < HOUR:
        return _count(seconds // MINUTE, "minute")
    if seconds < DAY:
        hours, minutes = divmod(seconds // MINUTE, 60)
        words = _count(hours, "hour")
        return f"{words} {_count(minutes, 'minute')}" if minutes else words
    return _count(seconds // DAY, "day")


def _calendar_days(earlier, later, zone):
    return (later.astimezone(zone).date() - earlier.astimezone(zone).date()).days


def until(moment, now, zone=UTC):
    """When something will happen: 'in less than a minute', 'in 3 hours', 'tomorrow'."""
    seconds = (moment - now).total_seconds()
    if seconds < MINUTE:
        return "in less than a minute" if seconds > 0 else "now"
    if seconds <= HOUR:
        return f"in {_count(math.ceil(seconds / MINUTE), 'minute')}"
    days = _calendar_days(now, moment, zone)
    if days == 0:
        return f"in {_count(math.ceil(seconds / HOUR), 'hour')}"
    if days == 1:
        return "tomorrow"
    return f"in {_count(days, 'day')}"


def since(moment, now, zone=UTC):
    """When something happened: 'less than a minute ago', '5 minutes ago', 'yesterday'."""
    seconds = (now - moment).total_seconds()
    if seconds < MINUTE:
        return "less than a minute ago" if seconds >= 0 else "just now"
    if seconds < HOUR:
        return f"{_count(int(seconds // MINUTE), 'minute')} ago"
    days = _calendar_days(moment, now, zone)
    if days == 0:
        return f"{_count(int(seconds // HOUR), 'hour')} ago"
    if days == 1:
        return "yesterday"
    return f"{_count(days, 'day')} ago"


def seconds_until(moment, now):
    """Whole seconds from now to the moment, at least 0 (rounded up, so it is due by then)."""
    return max(0, math.ceil((moment - now).total_seconds()))
