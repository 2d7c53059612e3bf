from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from studyapp.accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing to check passwords while the throttle is on."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": (
            "Too many failed sign-in attempts. For your account's safety, please wait "
            "%(minutes)s minute%(plural)s before trying again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        wait = throttle.seconds_to_wait(username, address)
        if wait:
            minutes = -(-wait // 60)
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": minutes, "plural": "" if minutes == 1 else "s"},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)
