import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from studyapp.accounts import reset_links
from studyapp.accounts.roles import is_instructor
from studyapp.classroom import class_readiness, qr, services
from studyapp.classroom.models import Assignment, Classroom, assignable_packs
from studyapp.core import evidence_versions
from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.core.spreadsheet import safe_cell
from studyapp.exam_guide import DOMAINS
from studyapp.questions import practice, practice_sets, queries
from studyapp.questions.models import Question
from studyapp.questions.rendering import render_question
from studyapp.topics.models import Topic


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class JoinForm(forms.Form):
    code = forms.CharField(label="Join code", max_length=20)


class AssignmentForm(forms.Form):
    title = forms.CharField(
        required=False,
        max_length=Assignment._meta.get_field("custom_title").max_length,
        label="Title (optional)",
        help_text="For example “Week 3: networking”. Without one, the assignment is named "
        "after its pack, topic and domain.",
    )
    pack = forms.ModelChoiceField(queryset=None, to_field_name="slug")
    topic = forms.ChoiceField(required=False)
    domain = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Every domain")] + [(n, f"{n}. {name}") for n, name in DOMAINS.items()],
    )
    due_at = forms.DateTimeField(
        required=False,
        label="Due (optional)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    offers_anki = forms.BooleanField(
        required=False,
        label="Offer the pack as an Anki download",
        help_text="The notes hold every answer, so students who download them before answering "
        "have nothing left to work out: offer it for revision after the work is done.",
    )

    def __init__(self, *args, instructor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].queryset = assignable_packs(instructor)
        self.fields["topic"].choices = [
            ("", "Every topic"),
            *list(Topic.objects.values_list("slug", "title")),
        ]

    def clean(self):
        data = super().clean()
        pack = data.get("pack")
        if pack is not None:
            assignment = Assignment(
                pack=pack, topic_slug=data.get("topic") or "", domain=data.get("domain")
            )
            if not assignment.questions().exists():
                raise forms.ValidationError(
                    "No question of this pack matches that topic and domain."
                )
        return data


def _taught(request, classroom_id):
    """A class the signed-in instructor teaches, or 404 for anyone else."""
    if not is_instructor(request.user):
        raise Http404("No such class.")
    return get_object_or_404(Classroom, pk=classroom_id, instructor=request.user)


@login_required
def classes(request):
    """The instructor's classes and, for everyone, the classes they belong to."""
    memberships = request.user.memberships.select_related("classroom")
    enrolled = []
    for membership in memberships:
        assignments = membership.classroom.assignments.select_related("pack", "classroom")
        enrolled.append(
            {
                "classroom": membership.classroom,
                "progress": [services.progress(a, request.user) for a in assignments],
            }
        )
    teaching = (
        Classroom.objects.filter(instructor=request.user) if is_instructor(request.user) else []
    )
    return render(
        request,
        "classroom/classes.html",
        {"enrolled": enrolled, "teaching": teaching, "is_instructor": is_instructor(request.user)},
    )


@login_required
@require_POST
@rate_limit(120, 60 * 60, per_user, describe="practice sets started")
def practise_assignment(request, classroom_id, assignment_id):
    """A class member starts a practice set of exactly the assignment's questions."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("pack", "classroom"),
        pk=assignment_id,
        classroom_id=classroom_id,
        classroom__memberships__student=request.user,
    )
    practice_set = practice_sets.start_for_assignment(
        practice.Learner.from_request(request), assignment
    )
    if practice_set is None:
        messages.info(request, "This assignment has no questions you can practise any more.")
        return redirect("classroom:classes")
    return redirect(practice_sets.step_url(practice_set, 0, queries.visible_pack_ids(request.user)))


@login_required
def create(request):
    if not is_instructor(request.user):
        raise Http404("No such page.")
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = form.save(commit=False)
        classroom.instructor = request.user
        classroom.save()
        return redirect("classroom:detail", classroom.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "classroom/create.html", {"form": form}, status=status)


@login_required
# Join codes are short enough to guess at speed; ten tries are plenty for a mistyped code.
@rate_limit(10, 10 * 60, per_user, describe="attempts to join a class")
def join(request):
    # A shared join link (/join/?code=...) fills the code in; joining still takes the POST.
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        classroom = services.join(request.user, form.cleaned_data["code"])
        if classroom is not None:
            messages.success(request, f"You joined {classroom.name}.")
            return redirect("classroom:classes")
        form.add_error("code", "That code does not match any class. Check it with your instructor.")
    status = 400 if request.method == "POST" else 200
    return render(request, "classroom/join.html", {"form": form}, status=status)


def join_url(request, classroom):
    """The link that opens the join page with this class's code filled in."""
    query = urlencode({"code": classroom.join_code})
    return request.build_absolute_uri(f"{reverse('classroom:join')}?{query}")


@login_required
def detail(request, classroom_id):
    classroom = _taught(request, classroom_id)
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("order") == "desc"
    link = join_url(request, classroom)
    rows = services.roster(classroom, sort, descending)
    return render(
        request,
        "classroom/detail.html",
        {
            "classroom": classroom,
            "join_url": link,
            "join_qr": qr.qr_svg(link, title=f"QR code of the join link for {classroom.name}"),
            "rows": rows,
            "grid": services.assignment_grid(classroom, [row["student"] for row in rows]),
            "readiness": class_readiness.class_readiness([row["student"] for row in rows]),
            "sort": sort,
            "descending": descending,
            "assignments": classroom.assignments.select_related("pack"),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def regenerate_code(request, classroom_id):
    classroom = _taught(request, classroom_id)
    code = services.regenerate_code(classroom)
    messages.success(request, f"The new join code is {code}; the old one no longer works.")
    return redirect("classroom:detail", classroom.pk)


@login_required
@require_http_methods(["GET", "POST"])
def remove_student(request, classroom_id, student_id):
    """GET asks for confirmation (saying what is kept); the confirmation's POST removes."""
    classroom = _taught(request, classroom_id)
    membership = get_object_or_404(
        classroom.memberships.select_related("student"), student_id=student_id
    )
    if request.method == "GET":
        return render(request, "classroom/remove_student.html", {"membership": membership})
    membership.delete()
    evidence_versions.learner_changed(membership.student_id)
    messages.success(
        request, f"{membership.student.get_username()} was removed from {classroom.name}."
    )
    return redirect("classroom:detail", classroom.pk)


@login_required
@require_POST
@rate_limit(60, 60 * 60, per_user, describe="reset links issued")
def issue_reset_link(request, classroom_id, student_id):
    """
    A one-time link for a student of this class to choose a new password, shown once as a link
    and a QR code. Never for anyone outside the instructor's own class, nor for an instructor or
    staff account: 404, as for any class that is not theirs.
    """
    classroom = _taught(request, classroom_id)
    membership = get_object_or_404(
        classroom.memberships.select_related("student"), student_id=student_id
    )
    student = membership.student
    if not reset_links.may_receive(student):
        raise Http404("Reset links are only for students who sign in with a password.")
    secret = reset_links.issue(request.user, student, classroom)
    url = request.build_absolute_uri(reverse("use_reset_link", args=[secret]))
    return render(
        request,
        "classroom/reset_link.html",
        {
            "classroom": classroom,
            "student": student,
            "url": url,
            "qr_svg": qr.qr_svg(url, title="QR code of the reset link"),
            "lifetime_hours": int(reset_links.LINK_LIFETIME.total_seconds() // 3600),
        },
    )


@login_required
def new_assignment(request, classroom_id):
    classroom = _taught(request, classroom_id)
    form = AssignmentForm(request.POST or None, instructor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = Assignment.objects.create(
            classroom=classroom,
            custom_title=data["title"].strip(),
            pack=data["pack"],
            topic_slug=data.get("topic") or "",
            domain=data.get("domain"),
            due_at=data.get("due_at"),
            offers_anki=data["offers_anki"],
        )
        services.enqueue(assignment, services.students(classroom))
        evidence_versions.everyone_changed()  # the students may see a pack they could not
        messages.success(request, f"Assigned {assignment.title}.")
        return redirect("classroom:detail", classroom.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "classroom/assignment_form.html",
        {"classroom": classroom, "form": form},
        status=status,
    )


def _assignment(request, classroom_id, assignment_id):
    classroom = _taught(request, classroom_id)
    return get_object_or_404(
        Assignment.objects.select_related("pack", "classroom"),
        pk=assignment_id,
        classroom=classroom,
    )


def _with_option_text(row):
    """An item analysis row plus each option as students saw it (rendered), beside its count."""
    options = [option for option, _ in row["options"]]
    rendered = render_question(row["question"], options).options
    counts = [count for _, count in row["options"]]
    return {**row, "choices": list(zip(rendered, counts, strict=True))}


@login_required
def analysis(request, classroom_id, assignment_id):
    assignment = _assignment(request, classroom_id, assignment_id)
    item_analysis = services.item_analysis(assignment)
    return render(
        request,
        "classroom/analysis.html",
        {
            "assignment": assignment,
            "analysis": item_analysis,
            "rows": [_with_option_text(row) for row in item_analysis.rows],
        },
    )


@login_required
@vary_on_headers("HX-Request")
def question_statistics(request, pack, qid):
    """
    How a question performed in the classes that were set it, for its author and staff only:
    the fragment the question page loads for them, or a page of its own without htmx. Anyone
    else gets the same 404 as for a question that does not exist.
    """
    question = (
        Question.objects.active().select_related("pack").filter(pack__slug=pack, qid=qid).first()
    )
    if question is None or not question.pack.shows_item_statistics_to(request.user):
        raise Http404("No question whose statistics you may see has that address.")
    template = "classroom/question_statistics.html"
    return render(
        request,
        f"{template}#statistics" if request.htmx else template,
        {
            "question": question,
            "use": services.question_statistics(question),
            "max_assignments": services.MAX_ASSIGNMENTS_PER_QUESTION,
        },
    )


def _csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
def roster_csv(request, classroom_id):
    classroom = _taught(request, classroom_id)
    rows = services.roster(classroom)
    return _csv_response(
        f"class-{classroom.pk}-roster.csv",
        ["username", "questions_attempted", "questions_assigned", "first_attempt_correct_percent",
         "questions_right_first_time", "attempts", "cards_due", "reviews_last_7_days",
         "last_active"],
        [
            [
                safe_cell(row["student"].get_username()), row["score"].answered, row["assigned"],
                "" if row["score"].percent is None else row["score"].percent,
                row["score"].right_first_time, row["score"].attempts, row["cards_due"],
                row["reviews_7d"], row["last_active"].isoformat() if row["last_active"] else "",
            ]
            for row in rows
        ],
    )  # fmt: skip


@login_required
def analysis_csv(request, classroom_id, assignment_id):
    assignment = _assignment(request, classroom_id, assignment_id)
    rows = services.item_analysis(assignment).rows
    return _csv_response(
        f"class-{assignment.classroom_id}-assignment-{assignment.pk}-items.csv",
        ["question", "first_attempts", "facility_index", "discrimination_index", "flags",
         "option_choices"],
        [
            [
                safe_cell(f"{row['question'].pack.slug}/{row['question'].qid}"),
                row["stats"].attempts,
                "" if row["stats"].facility is None else row["stats"].facility,
                "" if row["stats"].discrimination is None else row["stats"].discrimination,
                "; ".join(row["stats"].flags),
                " ".join(
                    f"{option.position + 1}{'*' if option.is_correct else ''}={count}"
                    for option, count in row["options"]
                ),
            ]
            for row in rows
        ],
    )  # fmt: skip
