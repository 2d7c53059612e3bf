"""Template filters for studyapp.review.durations, in the active time zone."""

from django import template
from django.utils import timezone

from studyapp.review import durations

register = template.Library()


@register.filter
def human_until(moment):
    """{{ card.due|human_until }} -> 'in 3 minutes', 'tomorrow'."""
    if moment is None:
        return ""
    return durations.until(moment, timezone.now(), timezone.get_current_timezone())


@register.filter
def human_since(moment):
    """{{ last_active|human_since }} -> 'less than a minute ago', 'yesterday'."""
    if moment is None:
        return ""
    return durations.since(moment, timezone.now(), timezone.get_current_timezone())


@register.filter
def human_length(delta):
    """{{ time_spent|human_length }} -> 'less than a minute', '1 hour 5 minutes'."""
    if delta is None:
        return ""
    return durations.length(delta)
