import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studyapp.privacy import personal_data


class Command(BaseCommand):
    help = (
        "Write everything the app holds about one user: JSON (the default) or, with --csv, a zip "
        "of CSV files. To standard output, or to FILE with -o."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--csv", action="store_true", help="a zip of CSV files, not JSON")

    def handle(self, username, output=None, csv=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if csv and not output:
            raise CommandError("--csv writes a zip file: name it with -o FILE.")
        if csv:
            chunks = personal_data.zip_chunks(user)
        else:
            chunks = (chunk.encode() for chunk in personal_data.json_chunks(user))
        try:
            stream = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        try:
            for chunk in chunks:
                stream.write(chunk)
        finally:
            if output:
                stream.close()
            else:
                stream.flush()
        if output:
            self.stderr.write(f"Wrote the data of {username} to {output}.")
