import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from studyapp.accounts.roles import is_instructor
from studyapp.core import evidence_versions
from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.markup import render_markdown
from studyapp.questions import pack_removal, uploads
from studyapp.questions.exporting import stored_pack
from studyapp.questions.importing import ImportFailed
from studyapp.questions.models import Pack, PendingUpload
from studyapp.questions.packs.export import export_pack
from studyapp.questions.rendering import render_question


class UploadForm(forms.Form):
    file = forms.FileField(label="Pack file")
    file_format = forms.ChoiceField(label="Format", choices=uploads.FORMAT_CHOICES, required=False)


def _instructor_only(request):
    """Instructor pages do not exist for anyone else (404, not 403: nothing to confirm)."""
    if not is_instructor(request.user):
        raise Http404("No such page.")


class RenameForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=Pack._meta.get_field("title").max_length,
        error_messages={"required": "A pack needs a title."},
    )


def _own_pack(request, slug):
    """One of the signed-in instructor's packs, or 404 for anyone and anything else."""
    _instructor_only(request)
    return get_object_or_404(Pack, slug=slug, owner=request.user)


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


@require_http_methods(["GET", "POST"])
def set_public(request, slug):
    """GET asks before making a pack public (saying who will see it); POST sets either way."""
    pack = _own_pack(request, slug)
    if request.method == "GET":
        return render(request, "questions/make_public.html", {"pack": pack})
    pack.is_public = request.POST.get("public") == "yes"
    pack.save(update_fields=["is_public"])
    evidence_versions.everyone_changed()
    state = "public: every learner can practise it" if pack.is_public else "private"
    messages.success(request, f"{pack.title} is now {state}.")
    return redirect("questions:my_packs")


QUESTIONS_PER_PAGE = 25


def _pack_page(request, pack, rename_form, status=200):
    questions = pack.questions.active().order_by("position").prefetch_related("options")
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "questions/pack_detail.html",
        {
            "pack": pack,
            "page": page,
            "questions": [
                (question, render_question(question, list(question.options.all())))
                for question in page
            ],
            "rename_form": rename_form,
        },
        status=status,
    )


def pack_detail(request, slug):
    """An instructor's own pack: its questions as students see them, and what can be done."""
    pack = _own_pack(request, slug)
    return _pack_page(request, pack, RenameForm(initial={"title": pack.title}))


@require_POST
def rename_pack(request, slug):
    pack = _own_pack(request, slug)
    form = RenameForm(request.POST)
    if not form.is_valid():
        return _pack_page(request, pack, form, status=400)
    pack.title = form.cleaned_data["title"]
    pack.save(update_fields=["title"])
    messages.success(
        request,
        f"Renamed to {pack.title}. A new upload of the file sets the title its front matter gives.",
    )
    return redirect("questions:pack_detail", pack.slug)


@require_http_methods(["GET", "POST"])
def delete_pack(request, slug):
    """
    GET asks, or says why the pack cannot go (pack_removal.py has the rule); POST deletes it
    when nothing of a learner's depends on it, and otherwise answers 409 with the same reasons.
    """
    pack = _own_pack(request, slug)
    if request.method == "POST":
        blockers = pack_removal.delete_unless_used(pack)
        if not blockers:
            messages.success(request, f"Deleted {pack.title}.")
            return redirect("questions:my_packs")
        status = 409
    else:
        blockers = pack_removal.blockers(pack)
        status = 200
    return render(
        request, "questions/delete_pack.html", {"pack": pack, "blockers": blockers}, status=status
    )


def export_pack_file(request, slug):
    """The pack's current questions as a Markdown pack file, which uploads back unchanged."""
    pack = _own_pack(request, slug)
    response = HttpResponse(
        export_pack(stored_pack(pack.slug)), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{pack.slug}.md"'
    return response


PACK_FORMAT_DOC = settings.BASE_DIR / "docs" / "pack-format.md"


@functools.lru_cache(maxsize=1)
def _pack_format_html(modified):
    """Rendered once per version of the file (`modified` is its modification time)."""
    return render_markdown(PACK_FORMAT_DOC.read_text(encoding="utf-8")).html


def pack_format(request):
    """docs/pack-format.md as a page, for anyone writing a pack (the upload form links here)."""
    html = _pack_format_html(PACK_FORMAT_DOC.stat().st_mtime_ns)
    return render(request, "questions/pack_format.html", {"html": html})
