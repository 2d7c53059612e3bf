from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.questions.coverage import markdown_index, read_content, report_lines


class Command(BaseCommand):
    help = (
        "Report how the bundled question packs (content/packs/*.md) cover the topic pages "
        "(content/topics/*.md): per topic and per section the number of questions and the exam "
        "domains they cover, then the sections no question tests. Fails, naming file:line, when "
        "a question's topic or section anchor does not exist. Reads the files, not the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["text", "markdown"],
            default="text",
            help="text (the default) or markdown: the index kept in docs/coverage.md",
        )

    def handle(self, *args, format, **options):
        coverage, errors = read_content(
            settings.CONTENT_DIR / "topics", settings.CONTENT_DIR / "packs"
        )
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} error(s) in the content; no report.")
        if format == "markdown":
            self.stdout.write(markdown_index(coverage))
        else:
            self.stdout.write("\n".join(report_lines(coverage)))
