"""POST /api/sims/<name>: the simulators over HTTP, returning the same JSON as the command."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from studyapp.core.numbers import whole_number
from studyapp.sims import registry
from studyapp.sims.documents import MAX_DOCUMENT_BYTES, load_document
from studyapp.sims.validation import InvalidInput, Problem


@require_POST
def simulate(request, name):
    if name not in registry.SIMULATORS:
        return JsonResponse(
            {"errors": [{"path": "", "message": f"no simulator '{name}'"}]}, status=404
        )
    declared = whole_number(request.headers.get("Content-Length", ""), largest=None)
    if declared is not None and declared > MAX_DOCUMENT_BYTES:
        return _errors([Problem("", "the document is larger than 4 MB")], status=413)
    try:
        result = registry.run(name, load_document(request.body))
    except InvalidInput as invalid:
        return _errors(invalid.problems)
    return JsonResponse(result)


def _errors(problems, status=400):
    return JsonResponse(InvalidInput(problems).as_dict(), status=status)
