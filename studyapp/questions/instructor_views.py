from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from studyapp.accounts.roles import is_instructor
from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.questions import uploads
from studyapp.questions.importing import ImportFailed
from studyapp.questions.models import Pack, PendingUpload


class UploadForm(forms.Form):
    file = forms.FileField(label="Pack file")
    file_format = forms.ChoiceField(label="Format", choices=uploads.FORMAT_CHOICES, required=False)


def _instructor_only(request):
    """Instructor pages do not exist for anyone else (404, not 403: nothing to confirm)."""
    if not is_instructor(request.user):
        raise Http404("No such page.")


def my_packs(request):
    _instructor_only(request)
    packs = Pack.objects.filter(owner=request.user).order_by("title")
    rows = [(pack, pack.questions.active().count()) for pack in packs]
    return render(request, "questions/my_packs.html", {"rows": rows})


# Each preview parses and renders a whole pack.
@rate_limit(30, 60 * 60, per_user, describe="upload previews")
def upload(request):
    _instructor_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        text, problem = uploads.read_upload(uploaded)
        if problem:
            preview = uploads.Preview(errors=[problem])
        else:
            preview = uploads.preview(
                request.user, uploaded.name, text, form.cleaned_data["file_format"]
            )
        status = 400 if preview.errors else 200
        return render(
            request,
            "questions/upload.html",
            {"form": UploadForm(), "preview": preview},
            status=status,
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "questions/upload.html", {"form": form}, status=status)


# A confirm that fails keeps its upload, and each try parses, checks and stages it again.
@require_POST
@rate_limit(30, 60 * 60, per_user, describe="upload confirmations")
def confirm_upload(request, upload_id):
    _instructor_only(request)
    pending = get_object_or_404(PendingUpload, pk=upload_id, owner=request.user)
    try:
        summaries = uploads.confirm(pending)
    except ImportFailed as failure:
        return render(
            request,
            "questions/upload.html",
            {"form": UploadForm(), "preview": uploads.Preview(errors=failure.errors)},
            status=400,
        )
    for summary in summaries:
        messages.success(request, f"Imported {summary}.")
    return redirect("questions:my_packs")


@require_POST
def set_public(request, slug):
    _instructor_only(request)
    pack = get_object_or_404(Pack, slug=slug, owner=request.user)
    pack.is_public = request.POST.get("public") == "yes"
    pack.save(update_fields=["is_public"])
    state = "public: every learner can practise it" if pack.is_public else "private"
    messages.success(request, f"{pack.title} is now {state}.")
    return redirect("questions:my_packs")
