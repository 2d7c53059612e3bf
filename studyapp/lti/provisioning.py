"""
What an LMS launch or roster makes here: an account per LMS user (linked by the registration's
issuer and the user's `sub`, with no usable password: it signs in only through the LMS), a class
per LMS course, instructors and members from the LMS roles, and the class assignment an LMS link
opens.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classroom import services as classroom_services
from studyapp.classroom.models import Assignment, Classroom, Membership, assignable_packs
from studyapp.core import evidence_versions
from studyapp.lti import lms_roles, targets
from studyapp.lti.models import LinkedCourse, LinkedResource
from studyapp.questions.models import Pack

NAME_LENGTH = 150  # django.contrib.auth's first_name and last_name


def _username(lti_user):
    digest = hashlib.sha256(lti_user.sub.encode()).hexdigest()[:20]
    return f"lms-{lti_user.registration_id}-{digest}"


def account_for(lti_user):
    """The app account of this LMS user, made on first sight; names follow the LMS."""
    names = {
        "first_name": (lti_user.given_name or lti_user.name)[:NAME_LENGTH],
        "last_name": lti_user.family_name[:NAME_LENGTH],
    }
    user = lti_user.auth_user
    if user is None:
        users = get_user_model()
        user = users.objects.filter(username=_username(lti_user)).first()
        if user is None:
            # No password argument: create_user stores an unusable one.
            user = users.objects.create_user(_username(lti_user), **names)
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user", "datetime_modified"])
    changed = [field for field, value in names.items() if value and getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, names[field])
        user.save(update_fields=changed)
    return user


def course_class(context, teacher=None):
    """
    The class of this LMS course; made, taught by `teacher`, the first time an instructor comes.
    None while no instructor has launched from the course.
    """
    linked = LinkedCourse.objects.select_related("classroom").filter(context=context).first()
    if linked is not None:
        return linked.classroom
    if teacher is None:
        return None
    name = (context.title or context.label or "LMS course")[:200]
    try:
        with transaction.atomic():
            classroom = Classroom.objects.create(
                name=name,
                instructor=teacher,
                description=f"The class of an LMS course ({context.deployment.registration}).",
            )
            LinkedCourse.objects.create(context=context, classroom=classroom)
    except IntegrityError:  # another instructor's launch made it a moment ago
        return LinkedCourse.objects.select_related("classroom").get(context=context).classroom
    return classroom


def enrol(classroom, user, roles):
    """LMS instructors become instructors here; LMS learners become members of the class."""
    if lms_roles.teaches(roles):
        group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
        user.groups.add(group)
    if classroom is not None and lms_roles.learns(roles) and classroom.instructor_id != user.pk:
        classroom_services.add_member(classroom, user)


def leave(classroom, user):
    """An LMS member the roster lists as inactive or deleted is no longer in the class; 1 if was."""
    deleted, _ = Membership.objects.filter(classroom=classroom, student=user).delete()
    evidence_versions.learner_changed(user.pk)
    return deleted


def _assignment(classroom, target):
    pack = Pack.objects.filter(slug=target.pack).first()
    if pack is None:
        raise targets.TargetError(f"there is no pack {target.pack!r}")
    if not assignable_packs(classroom.instructor).filter(pk=pack.pk).exists():
        raise targets.TargetError(
            f"pack {target.pack!r} is private to someone other than the class's instructor"
        )
    found = Assignment.objects.filter(
        classroom=classroom, pack=pack, topic_slug=target.topic, domain__isnull=True
    ).first()
    if found is not None:
        return found
    assignment = Assignment.objects.create(classroom=classroom, pack=pack, topic_slug=target.topic)
    evidence_versions.everyone_changed()
    classroom_services.enqueue(assignment, classroom_services.students(classroom))
    return assignment


def link_resource(resource_link, classroom, target, lineitem_url=""):
    """
    Record what this LMS link opens; for practice, the class assignment it stands for (made the
    first time). TargetError when the target cannot be opened in this course.
    """
    assignment = None
    if target.is_graded:
        if classroom is None:
            raise targets.TargetError(
                "this course has no class here yet: its instructor opens the link first"
            )
        assignment = _assignment(classroom, target)
    defaults = {"target": target.spec(), "assignment": assignment}
    if lineitem_url:
        defaults["lineitem_url"] = lineitem_url
    linked, _ = LinkedResource.objects.update_or_create(
        resource_link=resource_link, defaults=defaults
    )
    return linked
