from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from studyapp.questions.models import Question
from studyapp.review import scheduling

MAX_LEARN_AHEAD_MINUTES = 120


class StudySettings(models.Model):
    """A learner's scheduling preferences; defaults follow Anki's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_settings"
    )
    desired_retention = models.FloatField(
        default=0.9, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)]
    )
    new_per_day = models.PositiveIntegerField(default=20, validators=[MaxValueValidator(9999)])
    max_reviews_per_day = models.PositiveIntegerField(
        default=200, validators=[MaxValueValidator(99999)]
    )
    learning_steps = models.CharField(max_length=100, default="1m 10m")
    relearning_steps = models.CharField(max_length=100, default="10m")
    time_zone = models.CharField(max_length=64, default="UTC")
    day_starts_at = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(23)])
    # Anki's default; two hours is as far ahead as a learning step is worth taking early.
    learn_ahead_minutes = models.PositiveSmallIntegerField(
        default=20, validators=[MaxValueValidator(MAX_LEARN_AHEAD_MINUTES)]
    )
    # The day of the learner's exam, if booked: readiness is projected to it and the study plan
    # (readiness/plan.py) works back from it.
    exam_date = models.DateField(null=True, blank=True)
    # While an exam date is set, the plan's new questions a day replace new_per_day unless the
    # learner turns this off to keep their own limit.
    plan_sets_new_limit = models.BooleanField(default=True)

    def __str__(self):
        return f"study settings of {self.user}"

    @property
    def follows_plan(self):
        """Whether the day's new-question limit is the study plan's rather than new_per_day."""
        return self.exam_date is not None and self.plan_sets_new_limit

    def scheduler_settings(self, enable_fuzzing=True):
        return scheduling.SchedulerSettings(
            desired_retention=self.desired_retention,
            learning_steps=scheduling.parse_steps(self.learning_steps),
            relearning_steps=scheduling.parse_steps(self.relearning_steps),
            enable_fuzzing=enable_fuzzing,
        )


class Card(models.Model):
    """
    One learner's memory of one question. The scheduler's state lives in plain indexed columns
    so the daily queue is a handful of indexed queries. `version` grows with every change; a
    rating carries the version it was made against, so a repeated submission is recognised.
    """

    STATES = [(number, name.title()) for number, name in scheduling.STATE_NAMES.items()]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cards")
    state = models.PositiveSmallIntegerField(choices=STATES, default=scheduling.NEW)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    is_suspended = models.BooleanField(default=False)
    is_leech = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_card_per_question")
        ]
        indexes = [models.Index(fields=["user", "is_suspended", "state", "due"])]

    def __str__(self):
        return f"card of {self.user} on {self.question_id}"

    @property
    def scheduling_state(self):
        return scheduling.CardState(
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
            reps=self.reps,
            lapses=self.lapses,
        )

    def apply(self, state):
        self.state = state.state
        self.step = state.step
        self.stability = state.stability
        self.difficulty = state.difficulty
        self.due = state.due
        self.last_review = state.last_review
        self.reps = state.reps
        self.lapses = state.lapses


class ReviewLog(models.Model):
    """
    One rating, appended in the same transaction that updates the card, with the card's state
    before it so an undo can restore it exactly. Rows are never edited; an undo deletes the row.
    """

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField(choices=sorted(scheduling.RATINGS.items()))
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    previous_state = models.PositiveSmallIntegerField(choices=Card.STATES)
    state_before = models.JSONField()
    card_version = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["user", "reviewed_at"]),
            models.Index(fields=["card", "reviewed_at"]),
        ]

    def __str__(self):
        return f"{self.get_rating_display()} on card {self.card_id} at {self.reviewed_at}"
