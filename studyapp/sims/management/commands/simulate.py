import json
import sys

from django.core.management.base import BaseCommand, CommandError

from studyapp.sims import registry
from studyapp.sims.documents import load_document
from studyapp.sims.validation import InvalidInput


class Command(BaseCommand):
    help = (
        "Run a simulator on a JSON document and print the result as JSON. Bad input prints "
        '{"errors": [...]} and exits with status 1.'
    )

    def add_arguments(self, parser):
        parser.add_argument("simulator", choices=sorted(registry.SIMULATORS))
        parser.add_argument("file", help="path to a JSON document, or - for standard input")

    def handle(self, *args, simulator, file, **options):
        try:
            raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        try:
            result = registry.run(simulator, load_document(raw))
        except InvalidInput as invalid:
            self.stdout.write(json.dumps(invalid.as_dict(), indent=2))
            sys.exit(1)
        self.stdout.write(json.dumps(result, indent=2))
