from django.core.management.base import BaseCommand, CommandError

from studyapp.lti import roster
from studyapp.lti.models import LinkedCourse


class Command(BaseCommand):
    help = (
        "Fill the classes of LMS courses from the LMS rosters (Names and Role Provisioning): all "
        "of them, or the class ids given."
    )

    def add_arguments(self, parser):
        parser.add_argument("classroom_ids", nargs="*", type=int)

    def handle(self, *args, classroom_ids, **options):
        courses = LinkedCourse.objects.select_related(
            "classroom", "context__deployment__registration"
        )
        if classroom_ids:
            courses = courses.filter(classroom_id__in=classroom_ids)
            missing = set(classroom_ids) - {course.classroom_id for course in courses}
            if missing:
                raise CommandError(f"No LMS course is linked to class(es) {sorted(missing)}.")
        failures = 0
        for course in courses:
            try:
                members, removed = roster.sync(course)
            except roster.RosterError as error:
                failures += 1
                self.stderr.write(f"{course.classroom}: {error}")
                continue
            self.stdout.write(f"{course.classroom}: {members} member(s), {removed} removed.")
        if failures:
            raise CommandError(f"{failures} roster(s) could not be read.")
