"""
Assignment and Grade Services: when a student who came from the LMS has answered every question
of a graded link's class assignment, their first-attempt score (classroom/scoring.py, as the
class pages show it) goes to the LMS gradebook.

The score is recorded first (GradeReport) and sent after the attempt is committed, so an LMS that
is down or slow (every call is bounded by limits.BoundedSession) never costs the student their
answer or an error page: the report stays failed, with the reason, until `manage.py ltigrades
--retry` sends it.
"""

import logging
from functools import partial

import requests
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from lti_tool.lti_core.constants import AgsScope
from lti_tool.models import LtiUser
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.utils import add_param_to_url

from studyapp.classroom import services as classroom_services
from studyapp.lti import limits, picker
from studyapp.lti.models import GradeReport, LinkedResource
from studyapp.questions.models import Attempt

logger = logging.getLogger(__name__)

LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
# What can go wrong talking to a platform: unreachable, slow, too large, refused, nonsense, or
# (ObjectDoesNotExist) the tool's key or the student's LMS link removed by an operator.
PLATFORM_ERRORS = (
    requests.RequestException,
    LtiException,
    ValueError,
    KeyError,
    TypeError,
    ObjectDoesNotExist,
)


def _attempt_saved(sender, instance, created, **kwargs):
    if created and instance.user_id is not None:
        transaction.on_commit(partial(report_progress, instance.user_id, instance.question_id))


post_save.connect(_attempt_saved, sender=Attempt, dispatch_uid="lti-grade-passback")


def report_progress(student_id, question_id):
    """Record, and try to send, the score of each graded link this answer completes."""
    linked_resources = (
        LinkedResource.objects.filter(
            assignment__classroom__memberships__student_id=student_id,
            assignment__pack__questions__id=question_id,
        )
        .select_related("assignment", "resource_link__context__deployment__registration")
        .distinct()
    )
    for linked in linked_resources:
        try:
            report = _completed_report(linked, student_id, question_id)
            if report is not None:
                send(report)
        except Exception:
            # The answer is already committed: a fault in reporting must not turn the student's
            # page into an error. It is logged, and the report (if any) stays unsent.
            logger.exception("Could not report the score of link %s", linked.pk)


def _completed_report(linked, student_id, question_id):
    question_ids = list(linked.assignment.questions().values_list("pk", flat=True))
    if question_id not in question_ids:
        return None
    registration = linked.resource_link.context.deployment.registration
    if not LtiUser.objects.filter(registration=registration, auth_user_id=student_id).exists():
        return None  # joined the class here, not through the LMS: no gradebook to send to
    score = classroom_services.scores(question_ids, [student_id])[student_id]
    if score.answered < len(question_ids):
        return None
    report, created = GradeReport.objects.get_or_create(
        linked_resource=linked,
        student_id=student_id,
        defaults={"score_given": score.percent, "score_maximum": picker.SCORE_MAXIMUM},
    )
    if not created:
        if report.status == GradeReport.SENT and report.score_given == score.percent:
            return None
        report.score_given = score.percent
        report.status = GradeReport.PENDING
        report.save(update_fields=["score_given", "status", "updated_at"])
    return report


def send(report):
    """Send one report; True if the platform took it. A failure is recorded on the report."""
    report.tries += 1
    try:
        _post_score(report)
    except PLATFORM_ERRORS as error:
        report.status = GradeReport.FAILED
        report.last_error = str(error)[:2000]
        report.save(update_fields=["status", "tries", "last_error", "updated_at"])
        logger.warning("LMS did not take grade report %s: %s", report.pk, error)
        return False
    report.status = GradeReport.SENT
    report.last_error = ""
    report.sent_at = timezone.now()
    report.save(update_fields=["status", "tries", "last_error", "sent_at", "updated_at"])
    return True


def _scopes(context):
    granted = [
        (context.can_query_lineitems, AgsScope.QUERY_LINEITEMS),
        (context.can_manage_lineitems, AgsScope.MANAGE_LINEITEMS),
        (context.can_publish_scores, AgsScope.PUBLISH_SCORES),
        (context.can_access_results, AgsScope.ACCESS_RESULTS),
    ]
    return [scope.value for allowed, scope in granted if allowed]


def _post_score(report):
    linked = report.linked_resource
    context = linked.resource_link.context
    if not context.can_publish_scores:
        raise LtiException("the course's launches did not grant the AGS score scope")
    registration = context.deployment.registration
    student = LtiUser.objects.get(registration=registration, auth_user_id=report.student_id)
    connector = ServiceConnector(
        registration.to_registration(), requests_session=limits.BoundedSession()
    )
    scopes = _scopes(context)
    lineitem_url = linked.lineitem_url or _find_or_create_lineitem(connector, scopes, linked)
    grade = (
        Grade()
        .set_score_given(report.score_given)
        .set_score_maximum(report.score_maximum)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(timezone.now().isoformat())
        .set_user_id(student.sub)
    )
    service = AssignmentsGradesService(
        connector, {"scope": scopes, "lineitems": context.lineitems_url, "lineitem": lineitem_url}
    )
    service.put_grade(grade)


def _find_or_create_lineitem(connector, scopes, linked):
    """
    A link made in the LMS without Deep Linking has no line item of its own: find the course's
    line item for this resource link (AGS lets the tool filter by it), or create one.
    """
    context = linked.resource_link.context
    if not context.lineitems_url:
        raise LtiException("the course's launches gave no AGS line items URL")
    resource_link_id = linked.resource_link.id_on_platform
    found = connector.make_service_request(
        scopes,
        add_param_to_url(context.lineitems_url, "resource_link_id", resource_link_id),
        accept=LINEITEM_CONTAINER,
    )["body"]
    matching = [
        item
        for item in found or []
        if isinstance(item, dict) and item.get("resourceLinkId") == resource_link_id
    ]
    if matching:
        url = matching[0]["id"]
    else:
        if not context.can_manage_lineitems:
            raise LtiException("no line item for this link, and no AGS scope to create one")
        new_item = (
            LineItem()
            .set_score_maximum(picker.SCORE_MAXIMUM)
            .set_label(linked.resource_link.title or linked.target)
            .set_resource_id(linked.target)
            .set_resource_link_id(resource_link_id)
            .set_tag(picker.LINE_ITEM_TAG)
        )
        created = connector.make_service_request(
            scopes,
            context.lineitems_url,
            is_post=True,
            data=new_item.get_value(),
            content_type=LINEITEM,
            accept=LINEITEM,
        )["body"]
        url = created["id"]
    linked.lineitem_url = url
    linked.save(update_fields=["lineitem_url"])
    return url


def retry_unsent():
    """Send every report the LMS does not have yet; (sent, still failing)."""
    sent = failed = 0
    reports = GradeReport.objects.exclude(status=GradeReport.SENT).select_related(
        "linked_resource__resource_link__context__deployment__registration"
    )
    for report in reports.iterator():
        if send(report):
            sent += 1
        else:
            failed += 1
    return sent, failed
