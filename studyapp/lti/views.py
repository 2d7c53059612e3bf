"""
The tool's endpoints. The platform's launch and the tool's pages inside the LMS frame are
cross-site POSTs that carry no CSRF cookie (browsers withhold SameSite=Lax cookies there), so
they are CSRF-exempt and stand on something stronger: the launch on the platform's RS256
signature, single-use nonce and OIDC state; the picker and the "open in a new tab" form on a
signed, single-use, short-lived token issued by that launch. docs/lti.md explains the cookies.
"""

import uuid
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db import DataError, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from lti_tool.models import Key
from lti_tool.utils import sync_data_from_launch
from pylti1p3.deep_link import DeepLink

from studyapp.accounts.backends import USER_BACKEND
from studyapp.core.ratelimit import per_address, rate_limit
from studyapp.lti import claims, configuration, lms_roles, picker, provisioning, targets
from studyapp.lti.launches import LaunchRefused, validated_launch
from studyapp.lti.launches import oidc_redirect as _oidc_redirect
from studyapp.lti.limits import (
    ENTRY_SECONDS,
    LAUNCH_WINDOW_SECONDS,
    LAUNCHES_PER_ADDRESS,
    PICKER_SECONDS,
)
from studyapp.lti.models import LinkedResource
from studyapp.lti.storage import DatabaseLaunchStorage

ENTRY_SALT = "studyapp.lti.enter"
PICKER_SALT = "studyapp.lti.picker"
EMBEDDED_TARGETS = {"iframe", "embed"}
NO_REGISTRATION_OR_KEY = (
    "The LMS is no longer registered here, or the tool has no signing key: ask the app's "
    "operator (manage.py ltiplatform list; manage.py rotate_keys makes a key)."
)


def _refused(request, message, status=403):
    response = render(request, "lti/refused.html", {"message": message}, status=status)
    # Text only, nothing to click: safe inside any LMS frame, where the teacher sees the reason.
    return _framed(request, response, ["*"])


def _origins(urls):
    origins = set()
    for url in urls:
        parts = urlsplit(url or "")
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def _framed(request, response, frame_ancestors, form_targets=()):
    """
    Let these sources frame the response (the app's pages otherwise refuse any frame), and its
    form post to form_targets as well as to the app.
    """
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'", *form_targets],
        "frame-ancestors": list(frame_ancestors) or ["'none'"],
    }
    view = xframe_options_exempt(csp_override(policy)(lambda _request: response))
    return view(request)


def _platform_origins(lti_launch):
    """The platform's origins: from its registration and from URLs in its signed launch."""
    registration = lti_launch.registration
    presentation = lti_launch.launch_presentation_claim or {}
    deep_link = lti_launch.get_claim(picker.DEEP_LINKING_SETTINGS) or {}
    return _origins(
        [
            registration.issuer,
            registration.auth_url,
            presentation.get("return_url"),
            deep_link.get("deep_link_return_url"),
        ]
    )


def jwks(request):
    """The tool's public keys, which platforms use to check what the tool signs."""
    return JsonResponse(Key.objects.as_jwks())


def canvas_configuration(request):
    """Canvas's 'Enter URL' developer key configuration (docs/lti.md)."""
    return JsonResponse(configuration.canvas_json(request.build_absolute_uri("/").rstrip("/")))


@csrf_exempt
@require_http_methods(["GET", "POST"])
# Each login stores a state and a nonce for LAUNCH_DATA_SECONDS; platforms send it by GET or POST.
@rate_limit(
    LAUNCHES_PER_ADDRESS,
    LAUNCH_WINDOW_SECONDS,
    per_address,
    describe="LMS logins",
    methods=("GET", "POST"),
)
def oidc_login(request):
    """Third-party initiated login: the platform sends the browser here first."""
    try:
        return _oidc_redirect(request, request.build_absolute_uri(reverse("lti:launch")))
    except LaunchRefused as error:
        return _refused(request, f"The LMS login could not start: {error}", status=400)


@csrf_exempt
@require_POST
@rate_limit(LAUNCHES_PER_ADDRESS, LAUNCH_WINDOW_SECONDS, per_address, describe="LMS launches")
def launch(request):
    try:
        lti_launch = validated_launch(request)
    except LaunchRefused as error:
        return _refused(request, f"The LMS launch was refused: {error}")
    if not lti_launch.deployment.is_active:
        return _refused(
            request,
            f"Deployment {lti_launch.deployment.deployment_id!r} of "
            f"{lti_launch.registration} is not switched on here. Ask the app's operator to "
            "activate it (Django admin, LTI deployments, or `manage.py ltiplatform add`).",
        )
    shape_problems = claims.problems(lti_launch.get_launch_data())
    if shape_problems:
        return _refused(
            request, "The LMS sent a launch this tool cannot read: " + "; ".join(shape_problems)
        )
    if lti_launch.is_deep_link_launch:
        return _deep_linking(request, lti_launch)
    if lti_launch.is_resource_launch:
        return _resource_launch(request, lti_launch)
    return _refused(request, "This tool answers resource link and deep linking launches only.")


def _provision(lti_launch, with_resource_link):
    """Records the launch; returns (account, class or None, LinkedResource or None)."""
    roles = lti_launch.roles_claim or []
    with transaction.atomic():
        sync_data_from_launch(lti_launch)
        user = provisioning.account_for(lti_launch.user)
        classroom = None
        if lti_launch.context_claim:
            teacher = user if lms_roles.teaches(roles) else None
            classroom = provisioning.course_class(lti_launch.context, teacher)
        provisioning.enrol(classroom, user, roles)
        linked = None
        spec = lti_launch.get_custom_claim(targets.CUSTOM_PARAMETER)
        if with_resource_link and spec:
            ags = lti_launch.ags_claim or {}
            linked = provisioning.link_resource(
                lti_launch.resource_link, classroom, targets.parse(spec), ags.get("lineitem", "")
            )
    return user, classroom, linked


def _resource_launch(request, lti_launch):
    try:
        user, classroom, linked = _provision(lti_launch, with_resource_link=True)
    except targets.TargetError as error:
        return _refused(request, f"This LMS link cannot be opened: {error}.", status=400)
    except DataError:
        return _refused(request, "The LMS sent a name or id longer than the tool stores.", 400)
    destination = _destination(linked, classroom, user)
    login(request, user, backend=USER_BACKEND)
    presentation = lti_launch.launch_presentation_claim or {}
    if presentation.get("document_target") not in EMBEDDED_TARGETS:
        return redirect(destination)
    # Inside the LMS frame this app's session cookie (SameSite=Lax) is not sent back, and its
    # pages refuse to be framed: offer a one-time form that signs in in a new tab instead.
    key = f"enter-{uuid.uuid4().hex}"
    DatabaseLaunchStorage().set_value(key, {"user": user.pk}, ENTRY_SECONDS)
    token = signing.dumps({"key": key, "to": destination}, salt=ENTRY_SALT)
    response = render(
        request, "lti/opened.html", {"token": token, "name": user.get_full_name() or "you"}
    )
    return _framed(request, response, _platform_origins(lti_launch))


def _destination(linked, classroom, user):
    """Where a launch lands: the activity, or for its class's instructor the class's view of it."""
    teaches_here = classroom is not None and classroom.instructor_id == user.pk
    if linked is None:
        if teaches_here:
            return reverse("classroom:detail", args=[classroom.pk])
        return reverse("classroom:classes")
    target = targets.parse(linked.target)
    if target.kind == "exam":
        return reverse("exam:start")
    if target.kind == "topic":
        return reverse("topics:detail", args=[target.topic])
    if teaches_here:
        return reverse("classroom:analysis", args=[classroom.pk, linked.assignment_id])
    if classroom.memberships.filter(student=user).exists():
        return reverse("lti:start", args=[linked.pk])
    return reverse("classroom:classes")


@csrf_exempt
@require_POST
def enter(request):
    """The new tab opened from inside the LMS frame: sign in once, then go where the link goes."""
    try:
        data = signing.loads(request.POST.get("token", ""), salt=ENTRY_SALT, max_age=ENTRY_SECONDS)
    except signing.BadSignature:
        return _refused(request, "This sign-in link has expired: open the link in the LMS again.")
    storage = DatabaseLaunchStorage()
    stored = storage.get_value(data["key"])
    if stored is None or not storage.consume(data["key"]):
        return _refused(
            request, "This sign-in link was already used: open the link in the LMS again."
        )
    user = get_object_or_404(get_user_model(), pk=stored["user"], is_active=True)
    login(request, user, backend=USER_BACKEND)
    destination = data["to"]
    if not url_has_allowed_host_and_scheme(destination, allowed_hosts={request.get_host()}):
        destination = reverse("home")
    return redirect(destination)


def _deep_linking(request, lti_launch):
    if not lms_roles.teaches(lti_launch.roles_claim):
        return _refused(request, "Only the course's instructors can add this app's activities.")
    if not (lti_launch.get_claim(picker.DEEP_LINKING_SETTINGS) or {}).get("deep_link_return_url"):
        return _refused(request, "The deep linking request has no deep_link_return_url.", 400)
    try:
        user, classroom, _ = _provision(lti_launch, with_resource_link=False)
    except DataError:
        return _refused(request, "The LMS sent a name or id longer than the tool stores.", 400)
    key = f"picker-{uuid.uuid4().hex}"
    DatabaseLaunchStorage().set_value(
        key,
        {
            "user": user.pk,
            "issuer": lti_launch.registration.issuer,
            "client_id": lti_launch.registration.client_id,
            "deployment_id": lti_launch.deployment.deployment_id,
            "settings": lti_launch.get_claim(picker.DEEP_LINKING_SETTINGS),
        },
        PICKER_SECONDS,
    )
    token = signing.dumps({"key": key}, salt=PICKER_SALT)
    response = render(
        request,
        "lti/picker.html",
        {"token": token, "choices": picker.choices(user), "classroom": classroom},
    )
    return _framed(request, response, _platform_origins(lti_launch))


@csrf_exempt
@require_POST
def deep_link(request):
    """The instructor's pick, returned to the LMS as a signed LtiDeepLinkingResponse."""
    try:
        data = signing.loads(
            request.POST.get("token", ""), salt=PICKER_SALT, max_age=PICKER_SECONDS
        )
    except signing.BadSignature:
        return _refused(request, "This page has expired: add the activity from the LMS again.")
    storage = DatabaseLaunchStorage()
    stored = storage.get_value(data["key"])
    if stored is None:
        return _refused(request, "This page was already used: add the activity from the LMS again.")
    user = get_object_or_404(get_user_model(), pk=stored["user"])
    offered = {choice.spec: choice for choice in picker.choices(user)}
    chosen = offered.get(request.POST.get("target", ""))
    if chosen is None:
        return _refused(request, "target: choose one of the listed activities.", status=400)
    if not storage.consume(data["key"]):
        return _refused(request, "This page was already used: add the activity from the LMS again.")
    try:
        registration = picker.registration(stored["issuer"], stored["client_id"])
    except ObjectDoesNotExist:
        return _refused(request, NO_REGISTRATION_OR_KEY)
    deep_linking_settings = stored["settings"]
    return_url = deep_linking_settings["deep_link_return_url"]
    resource = picker.content_item(chosen, request.build_absolute_uri(reverse("lti:launch")))
    deep_link_response = DeepLink(registration, stored["deployment_id"], deep_linking_settings)
    jwt = deep_link_response.get_response_jwt([resource])
    response = render(
        request,
        "lti/deep_link_return.html",
        {"return_url": return_url, "jwt": jwt, "choice": chosen},
    )
    origins = _origins([stored["issuer"], return_url])
    return _framed(request, response, origins, form_targets=_origins([return_url]))


@login_required
def start(request, linked_id):
    """A learner's landing page for a graded LMS link: what counts, and a start button."""
    linked = get_object_or_404(
        LinkedResource.objects.select_related("assignment__pack", "assignment__classroom"),
        pk=linked_id,
        assignment__classroom__memberships__student=request.user,
    )
    return render(request, "lti/start.html", {"linked": linked, "assignment": linked.assignment})
