from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.topics.loading import ContentErrors, sync_topics


class Command(BaseCommand):
    help = (
        "Load the bundled content (content/topics/*.md) into the database. Only files whose "
        "content changed are rendered again; nothing is written if any file has an error."
    )

    def handle(self, *args, **options):
        try:
            report = sync_topics(settings.CONTENT_DIR / "topics")
        except ContentErrors as errors:
            for error in errors.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors.errors)} error(s); nothing was loaded.") from None
        self.stdout.write(str(report))
