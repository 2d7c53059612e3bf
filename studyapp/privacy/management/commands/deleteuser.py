from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studyapp.privacy import erasure


class Command(BaseCommand):
    help = (
        "Delete a user and everything held about them, keeping their class statistics under a "
        "'deleted-student-...' stand-in (studyapp/privacy/erasure.py). Asks first unless "
        "--noinput."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", default=True
        )

    def handle(self, username, interactive=True, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if interactive:
            answer = input(f"Delete {username} and all their data for good? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing deleted.")
        try:
            stand_in = erasure.erase(user)
        except erasure.ErasureRefused as refusal:
            raise CommandError(str(refusal)) from None
        kept = f"; class statistics kept as {stand_in.username}" if stand_in else ""
        self.stdout.write(f"Deleted {username}{kept}.")
