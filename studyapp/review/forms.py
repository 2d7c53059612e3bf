from zoneinfo import available_timezones

from django import forms

from studyapp.review import scheduling
from studyapp.review.models import StudySettings

TIME_ZONES = sorted(available_timezones())


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
        }
        help_texts = {
            "desired_retention": "The chance of remembering a card when it comes due, from "
            "0.70 to 0.97. Higher means more reviews; 0.90 suits most people.",
            "learning_steps": "Intervals for a card you are still learning, e.g. '1m 10m': up to "
            "10 steps, each from 1s to 365d.",
            "relearning_steps": "Intervals after you forget a card, e.g. '10m'.",
            "day_starts_at": "Reviews after midnight but before this hour count for the "
            "previous day, as in Anki.",
            "learn_ahead_minutes": "When nothing else is left, show learning cards due within "
            "this many minutes rather than stopping, as in Anki: 0 to 120.",
        }
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01"})}

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
