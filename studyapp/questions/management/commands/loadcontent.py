from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.questions.management.commands.importpack import import_pack_paths
from studyapp.topics.loading import ContentErrors, sync_topics


class Command(BaseCommand):
    help = (
        "Load the bundled content: topic pages (content/topics/*.md), then question packs "
        "(content/packs/). Only changed topic files are rendered again; nothing is written for "
        "a kind of content if any of its files has an error."
    )

    def handle(self, *args, **options):
        try:
            report = sync_topics(settings.CONTENT_DIR / "topics")
        except ContentErrors as errors:
            for error in errors.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors.errors)} error(s); nothing was loaded.") from None
        self.stdout.write(str(report))
        packs = settings.CONTENT_DIR / "packs"
        if packs.is_dir():
            for summary in import_pack_paths([packs], out=self.stderr):
                self.stdout.write(str(summary))
