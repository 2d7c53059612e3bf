from django.core.management.base import BaseCommand

from studyapp.lti import grades
from studyapp.lti.models import GradeReport


class Command(BaseCommand):
    help = (
        "Show the scores the LMS gradebooks do not have yet; --retry sends them again (run it "
        "from a timer, docs/lti.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true", help="send every unsent score now")

    def handle(self, *args, retry, **options):
        if retry:
            sent, failed = grades.retry_unsent()
            self.stdout.write(f"Sent {sent} score(s); {failed} still failing.")
        unsent = GradeReport.objects.exclude(status=GradeReport.SENT).select_related("student")
        for report in unsent:
            self.stdout.write(
                f"{report.student} on link {report.linked_resource_id}: "
                f"{report.score_given}/{report.score_maximum}, {report.status} after "
                f"{report.tries} tries: {report.last_error}"
            )
