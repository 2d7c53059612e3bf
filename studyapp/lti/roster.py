"""
Names and Role Provisioning: the LMS course's member list fills the class. Active learners become
members (with accounts made as a launch would make them), instructors become instructors, and
members the LMS lists as inactive or deleted leave the class. Pages and members read per sync are
bounded (limits.py).
"""

import requests
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiUser
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from studyapp.lti import limits, provisioning

ACTIVE = "Active"
SUB_LENGTH = 255  # lti_tool.LtiUser.sub
USER_FIELDS = {"given_name": "given_name", "family_name": "family_name", "name": "name"}


class RosterError(Exception):
    pass


def fetch_members(context):
    """Every member the platform lists for the course, following its pages within the limits."""
    if not context.memberships_url:
        raise RosterError(f"course {context} gave no Names and Role Provisioning URL")
    connector = ServiceConnector(
        context.deployment.registration.to_registration(),
        requests_session=limits.BoundedSession(),
    )
    service = NamesRolesProvisioningService(
        connector, {"context_memberships_url": context.memberships_url}
    )
    members, url, pages = [], context.memberships_url, 0
    while url:
        pages += 1
        if pages > limits.MAX_ROSTER_PAGES:
            raise RosterError(f"the roster has more than {limits.MAX_ROSTER_PAGES} pages")
        page, url = service.get_members_page(url)
        members.extend(page)
        if len(members) > limits.MAX_ROSTER_MEMBERS:
            raise RosterError(f"the roster has more than {limits.MAX_ROSTER_MEMBERS} members")
    return members


def sync(linked_course):
    """Bring the class in line with the LMS roster; (members now, members removed)."""
    context = linked_course.context
    try:
        members = fetch_members(context)
    except (LtiException, requests.RequestException, ValueError) as error:
        raise RosterError(f"the LMS did not give the roster: {error}") from error
    registration = context.deployment.registration
    classroom = linked_course.classroom
    removed = 0
    with transaction.atomic():
        for member in members:
            sub = member.get("user_id")
            if not isinstance(sub, str) or not 0 < len(sub) <= SUB_LENGTH:
                continue
            names = {
                field: str(member[key])[:500]
                for key, field in USER_FIELDS.items()
                if member.get(key)
            }
            lti_user, _ = LtiUser.objects.update_or_create(
                registration=registration, sub=sub, defaults=names
            )
            user = provisioning.account_for(lti_user)
            if member.get("status", ACTIVE) == ACTIVE:
                provisioning.enrol(classroom, user, member.get("roles", []))
            else:
                removed += provisioning.leave(classroom, user)
        linked_course.roster_synced_at = timezone.now()
        linked_course.save(update_fields=["roster_synced_at"])
    return classroom.memberships.count(), removed
