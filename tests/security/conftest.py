"""
The visitors and objects the security tests use, and what each URL must answer each visitor.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from lti_tool.models import LtiContext, LtiDeployment, LtiRegistration, LtiResourceLink

from studyapp.accounts import reset_links
from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam import sittings
from studyapp.lti.models import LinkedResource
from studyapp.questions.models import PendingUpload, PracticeSet
from studyapp.review.models import Card
from studyapp.topics.models import Topic
from tests.factories import make_pack, make_question

ROLES = ["anonymous", "student", "student2", "instructor", "instructor2", "staff"]
LOGIN = "login"  # a redirect to the sign-in page
OK, MOVED, BAD, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, UNSUPPORTED = 200, 302, 400, 403, 404, 405, 415
# Stateless JSON endpoints that read no cookie, so they need no CSRF token; and the LTI posts,
# which arrive cross-site without cookies and stand on a platform signature or a signed
# single-use token instead (studyapp/lti/views.py).
CSRF_EXEMPT = {"sims:api", "lti:launch", "lti:deep_link", "lti:enter"}

# name -> (method, statuses for ROLES in order)
EXPECTED = {
    "home": ("GET", [OK] * 6),
    "health": ("GET", [OK] * 6),
    "favicon": ("GET", [301] * 6),
    "search": ("GET", [OK] * 6),
    "topics:index": ("GET", [OK] * 6),
    "topics:detail": ("GET", [OK] * 6),
    "questions:practice": ("GET", [OK] * 6),
    "questions:detail": ("GET", [OK] * 6),
    "questions:toggle_bookmark": ("POST", [LOGIN] + [MOVED] * 5),
    "questions:start_set": ("POST", [MOVED] * 6),  # an empty filter: every question
    # The student's own set; nobody else's (anonymous visitors have no set either).
    "questions:set_step": ("GET", [NOT_FOUND, MOVED] + [NOT_FOUND] * 4),
    "questions:set_summary": ("GET", [NOT_FOUND, OK] + [NOT_FOUND] * 4),
    "questions:retry_missed": ("POST", [NOT_FOUND, MOVED] + [NOT_FOUND] * 4),
    "review:send_missed_practice": ("POST", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "questions:my_packs": ("GET", [NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK]),
    "questions:upload": ("GET", [NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK]),
    "questions:confirm_upload": ("POST", [NOT_FOUND] * 3 + [MOVED, NOT_FOUND, NOT_FOUND]),
    "questions:set_public": ("POST", [NOT_FOUND] * 3 + [MOVED, NOT_FOUND, NOT_FOUND]),
    "questions:pack_format": ("GET", [OK] * 6),
    "questions:pack_detail": ("GET", [NOT_FOUND] * 3 + [OK, NOT_FOUND, NOT_FOUND]),
    "questions:rename_pack": ("POST", [NOT_FOUND] * 3 + [BAD, NOT_FOUND, NOT_FOUND]),
    "questions:export_pack": ("GET", [NOT_FOUND] * 3 + [OK, NOT_FOUND, NOT_FOUND]),
    # The private pack is assigned to a class: its owner is told why it cannot go.
    "questions:delete_pack": ("POST", [NOT_FOUND] * 3 + [409, NOT_FOUND, NOT_FOUND]),
    # The private pack: its owner and the student of the class it is assigned to; 404 otherwise.
    "questions:anki": ("GET", [NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "questions:anki_pack": ("GET", [NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "review:session": ("GET", [LOGIN] + [OK] * 5),
    "review:answer": ("POST", [LOGIN] + [BAD] * 5),
    "review:rate": ("POST", [LOGIN] + [BAD] * 5),
    "review:undo": ("POST", [LOGIN] + [MOVED] * 5),
    "review:leeches": ("GET", [LOGIN] + [OK] * 5),
    "review:unsuspend": ("POST", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "review:settings": ("GET", [LOGIN] + [OK] * 5),
    "review:stats": ("GET", [LOGIN] + [OK] * 5),
    "review:anki": ("GET", [LOGIN] + [OK] * 5),
    "review:anki_cards": ("GET", [LOGIN] + [OK] * 5),  # each their own cards, maybe none
    "exam:start": ("GET", [LOGIN] + [OK] * 5),
    "exam:history": ("GET", [LOGIN] + [OK] * 5),
    "exam:resume": ("GET", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "exam:question": ("GET", [LOGIN, OK] + [NOT_FOUND] * 4),
    "exam:save": ("POST", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "exam:submit": ("GET", [LOGIN, OK] + [NOT_FOUND] * 4),
    "exam:report": ("GET", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "exam:to_review": ("POST", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "classroom:join": ("GET", [LOGIN] + [OK] * 5),
    "classroom:classes": ("GET", [LOGIN] + [OK] * 5),
    "classroom:create": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK]),
    "classroom:detail": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "classroom:roster_csv": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    # Reset links: an instructor's own student only (not a student of another class, nor an
    # instructor or staff: tests/classroom/test_reset_links.py); anyone may open a link.
    "use_reset_link": ("GET", [OK] * 6),
    "classroom:issue_reset_link": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND],
    ),
    "classroom:regenerate_code": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, MOVED, NOT_FOUND, NOT_FOUND],
    ),
    "classroom:remove_student": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, MOVED, NOT_FOUND, NOT_FOUND],
    ),
    "classroom:assign": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "classroom:analysis": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    # The pack's author and staff only; a student who practises the question never.
    "classroom:question_statistics": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK]),
    "classroom:analysis_csv": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    # Only the class's students practise its assignments.
    "classroom:practise_assignment": ("POST", [LOGIN, MOVED] + [NOT_FOUND] * 4),
    "sims:index": ("GET", [OK] * 6),
    "sims:fargate": ("GET", [OK] * 6),
    "sims:capacity": ("GET", [OK] * 6),
    "sims:rolling": ("GET", [OK] * 6),
    "sims:placement": ("GET", [OK] * 6),
    "sims:bluegreen": ("GET", [OK] * 6),
    "sims:generated_index": ("GET", [OK] * 6),
    "sims:generated_question": ("GET", [MOVED] * 6),  # no seed given: to a fresh one
    # Any signed-in learner may add a skill to their own review.
    "sims:generated_add_to_review": ("POST", [LOGIN] + [MOVED] * 5),
    "sims:placement_download": ("GET", [OK] * 6),
    "sims:api": ("POST", [UNSUPPORTED] * 6),  # an empty multipart form is not a JSON document
    "sims:api_schema": ("GET", [OK] * 6),
    "sims:api_not_found": ("GET", [NOT_FOUND] * 6),
    # Without a platform's parameters or signed tokens, every LTI endpoint refuses.
    "lti:login": ("GET", [BAD] * 6),
    "lti:launch": ("POST", [FORBIDDEN] * 6),
    "lti:deep_link": ("POST", [FORBIDDEN] * 6),
    "lti:enter": ("POST", [FORBIDDEN] * 6),
    "lti:jwks": ("GET", [OK] * 6),
    "lti:canvas_configuration": ("GET", [OK] * 6),
    # An LMS link's landing page: for the class's students only.
    "lti:start": ("GET", [LOGIN, OK] + [NOT_FOUND] * 4),
    "login": ("GET", [OK] + [MOVED] * 5),
    "signup": ("GET", [OK] + [MOVED] * 5),
    "password_change": ("GET", [LOGIN] + [OK] * 5),
    "change_email": ("POST", [LOGIN] + [BAD] * 5),  # no password given
    "sign_out_everywhere": ("POST", [LOGIN] + [MOVED] * 5),
    "password_reset": ("GET", [OK] + [MOVED] * 5),
    "password_reset_done": ("GET", [OK] * 6),
    "password_reset_confirm": ("GET", [OK] * 6),  # a link that does not work says so
    "password_reset_complete": ("GET", [OK] * 6),
    "privacy:my_data": ("GET", [LOGIN] + [OK] * 5),
    "privacy:export_json": ("POST", [LOGIN] + [OK] * 5),
    "privacy:export_csv": ("POST", [LOGIN] + [OK] * 5),
    "privacy:delete_account": ("POST", [LOGIN] + [BAD] * 5),  # no password given
    "admin:index": ("GET", [MOVED] * 5 + [OK]),
    "logout": ("POST", [MOVED] * 6),  # last: it ends the session
}
# Django's admin registers dozens of patterns of its own; its index above proves the gate
# (staff only), and Django's own test suite covers the rest.
DELEGATED_NAMESPACES = {"admin"}


def _lms_link(assignment):
    """An LMS link to the assignment, as a launch records it."""
    registration = LtiRegistration.objects.create(
        name="LMS",
        issuer="https://lms.example",
        client_id="tool",
        auth_url="https://lms.example/auth",
        token_url="https://lms.example/token",
        keyset_url="https://lms.example/jwks",
    )
    deployment = LtiDeployment.objects.create(registration=registration, deployment_id="1")
    context = LtiContext.objects.create(deployment=deployment, id_on_platform="course")
    resource_link = LtiResourceLink.objects.create(context=context, id_on_platform="link")
    return LinkedResource.objects.create(
        resource_link=resource_link, target="practice:private", assignment=assignment
    )


@pytest.fixture
def world(django_user_model):
    instructors = Group.objects.get(name="instructors")
    users = {}
    for role in ROLES[1:]:
        users[role] = django_user_model.objects.create_user(role, is_staff=role == "staff")
        if role.startswith("instructor"):
            users[role].groups.add(instructors)
    Topic.objects.create(
        slug="ecr",
        title="ECR",
        order=1,
        summary="s",
        domains=[1],
        source_path="p",
        content_hash="h",
        html="<p>x</p>",
        toc=[],
    )
    public = make_pack("public", "Public")
    for domain in (1, 2, 3, 4):
        make_question(public, f"q{domain}", domain=domain, topic="ecr")
    private = make_pack("private", "Private", owner=users["instructor"], is_public=False)
    make_question(private, "p1")
    classroom = Classroom.objects.create(name="Class", instructor=users["instructor"])
    Membership.objects.create(classroom=classroom, student=users["student"])
    # Reset links are only for accounts that sign in with a password.
    users["student"].set_password("a-password-for-tests-7")
    users["student"].save()
    reset_secret = reset_links.issue(users["instructor"], users["student"], classroom)
    assignment = Assignment.objects.create(classroom=classroom, pack=private, offers_anki=True)
    lms_link = _lms_link(assignment)
    card = Card.objects.create(
        user=users["student"],
        question=private.questions.get(),
        is_leech=True,
        is_suspended=True,
        lapses=8,
    )
    sitting = sittings.start(users["student"], 4, 30, now=timezone.now() - timedelta(minutes=1))
    pending = PendingUpload.objects.create(
        owner=users["instructor"],
        file_name="x.md",
        file_format="markdown",
        text="---\npack: uploaded\ntitle: Up\n---\n\n## q\n\nStem?\n\n- [x] a\n- [ ] b\n",
    )
    practice_set = PracticeSet.objects.create(
        owner=users["student"], title="All", question_ids=[public.questions.first().pk]
    )
    kwargs = {
        "topics:detail": {"slug": "ecr"},
        "questions:toggle_bookmark": {"pack": "public", "qid": "q1"},
        "questions:set_step": {"set_id": practice_set.pk, "position": 0},
        "questions:set_summary": {"set_id": practice_set.pk},
        "questions:retry_missed": {"set_id": practice_set.pk},
        "review:send_missed_practice": {"set_id": practice_set.pk},
        "questions:detail": {"pack": "public", "qid": "q1"},
        "questions:confirm_upload": {"upload_id": pending.pk},
        "questions:set_public": {"slug": "private"},
        "questions:pack_detail": {"slug": "private"},
        "questions:rename_pack": {"slug": "private"},
        "questions:export_pack": {"slug": "private"},
        "questions:delete_pack": {"slug": "private"},
        "questions:anki": {"slug": "private"},
        "questions:anki_pack": {"slug": "private", "part": 1},
        "review:anki_cards": {"part": 1},
        "review:unsuspend": {"card_id": card.pk},
        "exam:resume": {"sitting_id": sitting.pk},
        "exam:question": {"sitting_id": sitting.pk, "position": 1},
        "exam:save": {"sitting_id": sitting.pk, "position": 1},
        "exam:submit": {"sitting_id": sitting.pk},
        "exam:report": {"sitting_id": sitting.pk},
        "exam:to_review": {"sitting_id": sitting.pk},
        "classroom:detail": {"classroom_id": classroom.pk},
        "classroom:roster_csv": {"classroom_id": classroom.pk},
        "classroom:regenerate_code": {"classroom_id": classroom.pk},
        "classroom:remove_student": {
            "classroom_id": classroom.pk,
            "student_id": users["student"].pk,
        },
        "classroom:assign": {"classroom_id": classroom.pk},
        "classroom:analysis": {"classroom_id": classroom.pk, "assignment_id": assignment.pk},
        "classroom:question_statistics": {"pack": "private", "qid": "p1"},
        "classroom:analysis_csv": {"classroom_id": classroom.pk, "assignment_id": assignment.pk},
        "classroom:practise_assignment": {
            "classroom_id": classroom.pk,
            "assignment_id": assignment.pk,
        },
        "use_reset_link": {"secret": reset_secret},
        "classroom:issue_reset_link": {
            "classroom_id": classroom.pk,
            "student_id": users["student"].pk,
        },
        "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
        "sims:api": {"name": "fargate"},
        "sims:generated_question": {"name": "placement"},
        "sims:generated_add_to_review": {"name": "placement"},
        "lti:start": {"linked_id": lms_link.pk},
        "sims:api_schema": {"name": "placement"},
        "sims:api_not_found": {"rest": "v2/placement"},
    }
    return users, kwargs
