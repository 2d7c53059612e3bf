from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from studyapp.questions.exporting import stored_pack
from studyapp.questions.models import Pack
from studyapp.questions.packs import export_pack


class Command(BaseCommand):
    help = "Write a pack's current questions in the Markdown pack format (to stdout or -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the pack id (slug)")
        parser.add_argument("-o", "--output", help="file to write instead of standard output")

    def handle(self, *args, pack, output, **options):
        try:
            text = export_pack(stored_pack(pack))
        except Pack.DoesNotExist:
            raise CommandError(f"no pack '{pack}'") from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
