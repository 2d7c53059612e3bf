from datetime import timedelta
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone

from studyapp.review import scheduling
from studyapp.review.models import StudySettings

TIME_ZONES = sorted(available_timezones())
# An exam is booked weeks or months ahead; a date further than this is a typing slip (2062 for
# 2026), and would make the study plan spread the questions too thin to mean anything.
MAX_EXAM_DAYS_AHEAD = 366


class StudySettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[(zone, zone) for zone in TIME_ZONES])
    day_starts_at = forms.TypedChoiceField(
        coerce=int, choices=[(hour, f"{hour:02d}:00") for hour in range(24)]
    )

    class Meta:
        model = StudySettings
        fields = [
            "desired_retention",
            "new_per_day",
            "max_reviews_per_day",
            "learning_steps",
            "relearning_steps",
            "time_zone",
            "day_starts_at",
            "learn_ahead_minutes",
            "exam_date",
            "plan_sets_new_limit",
        ]
        labels = {
            "desired_retention": "Desired retention",
            "new_per_day": "New questions per day",
            "max_reviews_per_day": "Maximum reviews per day",
            "learning_steps": "Learning steps",
            "relearning_steps": "Relearning steps",
            "time_zone": "Time zone",
            "day_starts_at": "The study day starts at",
            "learn_ahead_minutes": "Learn ahead limit (minutes)",
            "exam_date": "Exam date",
            "plan_sets_new_limit": "Let the study plan set new questions per day",
        }
        help_texts = {
            "desired_retention": "The chance of remembering a card when it comes due, from "
            "0.70 to 0.97. Higher means more reviews; 0.90 suits most people.",
            "new_per_day": "Your own limit. While an exam date is set and the study plan "
            "sets the limit (below), the plan's figure is used instead.",
            "learning_steps": "Intervals for a card you are still learning, e.g. '1m 10m': up to "
            "10 steps, each from 1s to 365d.",
            "relearning_steps": "Intervals after you forget a card, e.g. '10m'.",
            "day_starts_at": "Reviews after midnight but before this hour count for the "
            "previous day, as in Anki.",
            "learn_ahead_minutes": "When nothing else is left, show learning cards due within "
            "this many minutes rather than stopping, as in Anki: 0 to 120.",
            "exam_date": "Optional. Readiness is projected to this day, and the study plan "
            "works back from it. From today to a year ahead.",
            "plan_sets_new_limit": "While an exam date is set, the plan's figure replaces "
            "'New questions per day' above. Untick to keep your own limit.",
        }
        widgets = {
            "desired_retention": forms.NumberInput(attrs={"step": "0.01"}),
            "exam_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        """An exam date from the learner's today (in the time zone chosen) to a year ahead."""
        cleaned = super().clean()
        exam_date, zone = cleaned.get("exam_date"), cleaned.get("time_zone")
        if exam_date is None or zone is None:
            return cleaned
        start, _ = scheduling.study_day(
            timezone.now(), zone, cleaned.get("day_starts_at", self.instance.day_starts_at)
        )
        today = timezone.localtime(start, ZoneInfo(zone)).date()
        if exam_date < today:
            self.add_error("exam_date", f"The exam date is in the past: today is {today}.")
        elif exam_date > today + timedelta(days=MAX_EXAM_DAYS_AHEAD):
            self.add_error(
                "exam_date",
                f"The exam date is more than a year ahead: the latest is "
                f"{today + timedelta(days=MAX_EXAM_DAYS_AHEAD)}.",
            )
        return cleaned

    def _clean_steps(self, name):
        value = " ".join(self.cleaned_data[name].split())
        try:
            steps = scheduling.parse_steps(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not steps:
            raise forms.ValidationError("Give at least one step, such as 10m.")
        return value

    def clean_learning_steps(self):
        return self._clean_steps("learning_steps")

    def clean_relearning_steps(self):
        return self._clean_steps("relearning_steps")
