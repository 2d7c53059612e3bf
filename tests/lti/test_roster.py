"""Names and Role Provisioning: the LMS roster fills the class."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from studyapp.accounts.roles import is_instructor
from studyapp.lti import limits
from studyapp.lti.models import LinkedCourse
from tests.lti.conftest import launch
from tests.lti.platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


def member(sub, roles=(LEARNER,), status="Active"):
    return {"user_id": sub, "roles": list(roles), "status": status, "name": f"N {sub}",
            "given_name": "N", "family_name": sub}  # fmt: skip


@pytest.fixture
def course(client, registered):
    launch(client, registered, sub="teacher-1", roles=[INSTRUCTOR])
    return LinkedCourse.objects.select_related("classroom").get()


def students(course):
    return sorted(
        membership.student.lti_users.get().sub
        for membership in course.classroom.memberships.select_related("student")
    )


def test_the_roster_fills_the_class_across_pages(registered, course):
    registered.members = [
        member("teacher-1", [INSTRUCTOR]),
        member("learner-1"),
        member("learner-2"),
        member("learner-3"),
        member("ta-1", [INSTRUCTOR]),
    ]

    call_command("ltiroster")

    assert students(course) == ["learner-1", "learner-2", "learner-3"]
    course.refresh_from_db()
    assert course.roster_synced_at is not None
    ta = course.context.deployment.registration.users.get(sub="ta-1").auth_user
    assert is_instructor(ta)
    assert [token["form"]["scope"][0] for token in registered.received.token_requests] == [
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
    ]


def test_members_the_lms_lists_as_inactive_leave_the_class(registered, course):
    registered.members = [member("learner-1"), member("learner-2")]
    call_command("ltiroster", str(course.classroom_id))
    registered.members = [member("learner-1"), member("learner-2", status="Inactive")]

    call_command("ltiroster", str(course.classroom_id))

    assert students(course) == ["learner-1"]


def test_a_roster_past_the_page_limit_is_refused_and_changes_nothing(registered, course):
    registered.page_size = 1
    registered.members = [member(f"learner-{n}") for n in range(limits.MAX_ROSTER_PAGES + 1)]

    with pytest.raises(CommandError, match="1 roster"):
        call_command("ltiroster")

    assert students(course) == []


def test_an_lms_that_refuses_the_roster_is_reported(registered, course):
    registered.fail_with = 500
    with pytest.raises(CommandError, match="could not be read"):
        call_command("ltiroster")


def test_a_class_without_an_lms_course_is_named(registered, course):
    with pytest.raises(CommandError, match="99999"):
        call_command("ltiroster", "99999")
