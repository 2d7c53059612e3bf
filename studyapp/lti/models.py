"""
What the tool keeps beside django-lti's own records (lti_tool: registrations, deployments, LMS
users, courses, resource links, the tool's keys): which class an LMS course is, what an LMS link
opens, and each grade sent to an LMS gradebook.
"""

from django.conf import settings
from django.db import models


class LaunchValue(models.Model):
    """
    pylti1p3's OIDC nonces, states and launch data. In the database, not the cache: the cache is
    per process, and an OIDC login and its launch may reach two different app processes.
    """

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class LinkedCourse(models.Model):
    """An LMS course (an LTI context) is one class of this app."""

    context = models.OneToOneField(
        "lti_tool.LtiContext", on_delete=models.CASCADE, related_name="linked_course"
    )
    classroom = models.OneToOneField(
        "classroom.Classroom", on_delete=models.CASCADE, related_name="lms_course"
    )
    roster_synced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.context} = {self.classroom}"


class LinkedResource(models.Model):
    """What an LMS link opens (a targets.py spec) and, for practice, its class assignment."""

    resource_link = models.OneToOneField(
        "lti_tool.LtiResourceLink", on_delete=models.CASCADE, related_name="linked_resource"
    )
    target = models.CharField(max_length=250)
    assignment = models.ForeignKey(
        "classroom.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lms_links",
    )
    # The AGS line item the platform made for this link (the launch's `lineitem`), or the one the
    # tool found or created through the course's line items URL.
    lineitem_url = models.URLField(max_length=2000, blank=True)

    def __str__(self):
        return f"{self.resource_link} -> {self.target}"


class GradeReport(models.Model):
    """The score of one student on one graded link, and whether the LMS has it yet."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    STATUSES = [(PENDING, "Pending"), (SENT, "Sent"), (FAILED, "Failed")]

    linked_resource = models.ForeignKey(
        LinkedResource, on_delete=models.CASCADE, related_name="grade_reports"
    )
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    score_given = models.PositiveSmallIntegerField()
    score_maximum = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    tries = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["linked_resource", "student"], name="one_grade_report_per_student"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.score_given}/{self.score_maximum} ({self.status})"
