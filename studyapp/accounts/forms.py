from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.validators import ASCIIUsernameValidator

from studyapp.core import ratelimit

EMAIL_HELP = (
    "Optional. Used only to send you a link to choose a new password if you forget yours; "
    "never shown to anyone, never used for anything else."
)
# Reset emails one account may be sent per hour, whoever asks: more would be a nuisance.
RESET_EMAILS_PER_ACCOUNT = 3
RESET_EMAIL_WINDOW_SECONDS = 60 * 60


def email_taken(email, except_user=None):
    """
    Email addresses are unique whatever their case (Ada@School.org is ada@school.org), so a
    reset link goes to exactly one account. Checked by the forms that set an address; an
    address an operator sets in the admin is not checked, and a reset then goes to each.
    """
    users = get_user_model().objects.filter(email__iexact=email)
    if except_user is not None:
        users = users.exclude(pk=except_user.pk)
    return users.exists()


def email_field(label):
    return forms.EmailField(
        required=False,
        max_length=254,
        label=label,
        help_text=EMAIL_HELP,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class UniqueEmailMixin:
    # The account whose own address does not count as taken: none for a new account.
    user_for_email = None

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email and email_taken(email, except_user=self.user_for_email):
            raise forms.ValidationError("Another account already uses this email address.")
        return email


class SignUpForm(UniqueEmailMixin, UserCreationForm):
    """
    Usernames are ASCII letters, digits and @.+-_ so that no name can pass for another (a Cyrillic
    letter a in alice, full-width letters); Django's form already refuses a name that
    differs from an existing one only in case.
    """

    email = email_field("Email (optional)")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(ASCIIUsernameValidator())


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class UsernameConfirmForm(forms.Form):
    """The confirmation an account without a password (one an LMS signs in) gives instead."""

    username = forms.CharField(label="Type your username to confirm", max_length=150)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_username(self):
        if self.cleaned_data["username"] != self.user.get_username():
            raise forms.ValidationError("That is not your username.")
        return self.cleaned_data["username"]


def confirm_form(user, data=None):
    """The form that confirms a grave step: the password, or the username where there is none."""
    form_class = PasswordConfirmForm if user.has_usable_password() else UsernameConfirmForm
    return form_class(user, data)


class EmailForm(UniqueEmailMixin, PasswordConfirmForm):
    """Set, change or remove (leave empty) one's address; the password proves it is the owner."""

    email = email_field("Email")
    field_order = ["email", "password"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.user_for_email = user
        self.fields["email"].initial = user.email

    def save(self):
        self.user.email = self.cleaned_data["email"]
        self.user.save(update_fields=["email"])


class LimitedPasswordResetForm(PasswordResetForm):
    """
    Django's reset form, sending at most RESET_EMAILS_PER_ACCOUNT emails per account per hour.
    An account past it is skipped silently: the page says the same for every address, so it
    cannot tell anyone which addresses have accounts.
    """

    def get_users(self, email):
        for user in super().get_users(email):
            sent = ratelimit.count(f"password-reset-emails:{user.pk}", RESET_EMAIL_WINDOW_SECONDS)
            if sent <= RESET_EMAILS_PER_ACCOUNT:
                yield user
