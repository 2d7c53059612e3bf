"""Who may do what beyond learning: instructors are staff or members of the 'instructors' group."""

from django.core.cache import cache

INSTRUCTORS_GROUP = "instructors"

# How long the navigation may show or hide the instructor links after a role changes.
NAVIGATION_ROLE_SECONDS = 300


def is_instructor(user):
    if not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name=INSTRUCTORS_GROUP).exists()


def shows_instructor_tools(user):
    """
    `is_instructor` for the navigation, cached per user for a few minutes so that a page does
    not pay a group query for a link. Access itself is never decided by this: every instructor
    view checks `is_instructor`.
    """
    if not user.is_authenticated:
        return False
    return cache.get_or_set(
        f"shows-instructor-tools:{user.pk}",
        lambda: is_instructor(user),
        NAVIGATION_ROLE_SECONDS,
    )
