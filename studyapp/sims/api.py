"""
POST /api/sims/<name>: the simulators over HTTP, returning the same JSON as the command.
GET /api/sims/schema/<name>: the JSON Schema of the document a simulator takes.

The API is stateless: it reads no cookie, session or user and changes nothing, so it needs no
CSRF token and a plain `curl -X POST --data @scenario.json` works. Every answer, errors
included, is JSON: `{"errors": [{"path": ..., "message": ...}]}` for a 4xx.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse, UnreadablePostError
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from studyapp.core.numbers import whole_number
from studyapp.sims import registry
from studyapp.sims.documents import MAX_DOCUMENT_BYTES, load_document
from studyapp.sims.validation import InvalidInput, Problem

# What curl and browsers send for a JSON body; anything else (a multipart upload, say) is 415.
ACCEPTED_MEDIA_TYPES = frozenset(
    {"", "application/json", "text/plain", "application/x-www-form-urlencoded"}
)
MAX_ECHOED = 100  # characters of a request's own text repeated in an error
TOO_LARGE = f"the document is larger than {MAX_DOCUMENT_BYTES // 1024 // 1024} MB"


@csrf_exempt
def simulate(request, name):
    if request.method != "POST":
        response = _error("", f"use POST, not {request.method}", status=405)
        response["Allow"] = "POST"
        return response
    if name not in registry.SIMULATORS:
        return _error("", f"no simulator '{name[:MAX_ECHOED]}'", status=404)
    media_type = request.content_type or ""
    if media_type not in ACCEPTED_MEDIA_TYPES and not media_type.endswith("+json"):
        return _error(
            "", f"send the document as application/json, not {media_type[:MAX_ECHOED]}", status=415
        )
    length = request.headers.get("Content-Length")
    if not length and request.headers.get("Transfer-Encoding"):
        # The WSGI server would hand Django no body at all; say so rather than read it.
        return _error("", "send the document with a Content-Length header", status=411)
    declared = whole_number(length or "", largest=None)
    if declared is not None and declared > MAX_DOCUMENT_BYTES:
        return _error("", TOO_LARGE, status=413)
    try:
        body = request.body
    except RequestDataTooBig:
        return _error("", TOO_LARGE, status=413)
    except UnreadablePostError:
        return _error("", "the document could not be read to its end", status=400)
    if len(body) > MAX_DOCUMENT_BYTES:
        return _error("", TOO_LARGE, status=413)
    try:
        result = registry.run(name, load_document(body))
    except InvalidInput as invalid:
        return JsonResponse(invalid.as_dict(), status=400)
    return JsonResponse(result)


# The schemas change only with a deployment; a day keeps editors' and proxies' copies fresh.
SCHEMA_MAX_AGE = 24 * 60 * 60


def schema(request, name):
    """
    Drawn from the specs the engine reads with, so it cannot drift from what the simulator
    accepts. It reads no cookie, session or user, so any cache may keep it for everyone.
    """
    if request.method not in ("GET", "HEAD"):
        response = _error("", f"use GET, not {request.method}", status=405)
        response["Allow"] = "GET, HEAD"
        return response
    if name not in registry.SIMULATORS:
        return _error("", f"no simulator '{name[:MAX_ECHOED]}'", status=404)
    response = JsonResponse(
        registry.schema(name),
        content_type="application/schema+json",
        json_dumps_params={"indent": 2},
    )
    patch_cache_control(response, public=True, max_age=SCHEMA_MAX_AGE)
    return response


@csrf_exempt
def not_found(request, rest):
    return _error(
        "", f"no API at /api/{rest[:MAX_ECHOED]}; POST a document to /api/sims/<name>", status=404
    )


def _error(path, message, status):
    return JsonResponse(InvalidInput([Problem(path, message)]).as_dict(), status=status)
