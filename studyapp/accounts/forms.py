from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.validators import ASCIIUsernameValidator


class SignUpForm(UserCreationForm):
    """
    Usernames are ASCII letters, digits and @.+-_ so that no name can pass for another (a Cyrillic
    letter a in alice, full-width letters); Django's form already refuses a name that
    differs from an existing one only in case.
    """

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(ASCIIUsernameValidator())
