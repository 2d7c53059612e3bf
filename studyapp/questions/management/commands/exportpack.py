from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from studyapp.questions.exporting import stored_pack
from studyapp.questions.models import Pack
from studyapp.questions.packs import export_moodle_xml, export_pack
from studyapp.questions.packs.moodle_xml import UnexportableText

EXPORTERS = {"markdown": export_pack, "moodle-xml": export_moodle_xml}


class Command(BaseCommand):
    help = (
        "Write a pack's current questions in the Markdown pack format, or as Moodle XML that "
        "Moodle's question bank imports (to stdout or -o FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the pack id (slug)")
        parser.add_argument("-o", "--output", help="file to write instead of standard output")
        parser.add_argument(
            "--format", choices=list(EXPORTERS), default="markdown", help="default: markdown"
        )

    def handle(self, *args, pack, output, format, **options):
        try:
            text = EXPORTERS[format](stored_pack(pack))
        except Pack.DoesNotExist:
            raise CommandError(f"no pack '{pack}'") from None
        except UnexportableText as problem:
            raise CommandError(f"{pack}: {problem}; nothing was written") from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
