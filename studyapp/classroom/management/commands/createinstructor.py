import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from studyapp.accounts.roles import INSTRUCTORS_GROUP

PASSWORD_VARIABLE = "STUDYAPP_INSTRUCTOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Make USERNAME an instructor, creating the account if it does not exist. A new "
        f"account's password is read from {PASSWORD_VARIABLE} or asked for interactively."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        created = user is None
        if created:
            password = self._password(users(username=username))
        with transaction.atomic():
            if created:
                user = users.objects.create_user(username=username, password=password)
            group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
            user.groups.add(group)
        action = "Created instructor" if created else "Made an instructor of existing user"
        self.stdout.write(f"{action} {username}.")

    def _password(self, user):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not os.isatty(0):
                raise CommandError(
                    f"No password: set {PASSWORD_VARIABLE} or run the command in a terminal."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
