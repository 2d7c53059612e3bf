from django.conf import settings
from django.db import models
from django.utils import timezone

from studyapp.questions.models import Question


class Sitting(models.Model):
    """
    One practice exam. Its questions and their option order are fixed when it starts, and the
    deadline is the server's: answers after it are refused and the sitting is scored as it stood.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    pack_slug = models.SlugField(max_length=100, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField()
    current_position = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    correct_count = models.PositiveIntegerField(null=True, blank=True)
    question_total = models.PositiveIntegerField()
    scaled_score = models.PositiveIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    domain_results = models.JSONField(default=dict)
    sent_to_review = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self):
        return f"sitting {self.pk} of {self.user}"

    @property
    def is_finished(self):
        return self.submitted_at is not None

    def is_past_deadline(self, now=None):
        return (now or timezone.now()) >= self.deadline

    @property
    def percent(self):
        if self.correct_count is None or not self.question_total:
            return None
        return round(100 * self.correct_count / self.question_total, 1)

    @property
    def time_used(self):
        end = min(self.submitted_at or timezone.now(), self.deadline)
        return end - self.started_at


class SittingQuestion(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    option_order = models.JSONField()
    # For a generated skill's question (questions/generated.py): the seed of the instance this
    # sitting shows, so resuming and scoring draw the same one; null for an authored question.
    generated_seed = models.PositiveBigIntegerField(null=True, blank=True)
    selected = models.JSONField(default=list)
    flagged = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "position"], name="unique_sitting_position")
        ]

    def __str__(self):
        return f"{self.sitting} question {self.position}"
