from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from studyapp import exam_guide
from studyapp.charts import bars
from studyapp.core.numbers import whole_number
from studyapp.exam import rules, sittings
from studyapp.exam.models import Sitting
from studyapp.questions.option_tokens import OptionTokens, UnknownToken
from studyapp.questions.practice import visible_packs
from studyapp.questions.rendering import render_question
from studyapp.questions.views import study_link
from studyapp.review import durations
from studyapp.topics.loading import topic_listing

# The trend shows this many sittings: enough to see a direction, few enough to read on a phone.
TREND_SITTINGS = 30
# The report renders this many questions a page: each costs its markup, every option included.
REPORT_PAGE_QUESTIONS = 50
# The history table lists this many of the latest sittings, so the page stays quick to build.
HISTORY_ROWS = 100


class StartForm(forms.Form):
    questions = forms.IntegerField(min_value=1, max_value=200, initial=exam_guide.QUESTION_COUNT)
    minutes = forms.IntegerField(min_value=1, max_value=600, initial=exam_guide.DURATION_MINUTES)
    pack = forms.SlugField(required=False)
    preset = forms.ChoiceField(
        required=False,
        choices=[("", "Custom")] + [(key, p.label) for key, p in rules.PRESETS.items()],
        error_messages={"invalid_choice": "Choose one of the lengths offered."},
    )


def _start_data(request):
    """The form's data, a preset's numbers standing in for the custom ones when one is chosen."""
    data = request.POST or request.GET or None
    preset = rules.PRESETS.get(data.get("preset", "")) if data else None
    if preset:
        data = data.copy()
        data["questions"], data["minutes"] = preset.questions, preset.minutes
    return data


def _owned(request, sitting_id):
    """A sitting of the signed-in learner, or 404: another learner's sittings do not exist."""
    sitting = get_object_or_404(Sitting, pk=sitting_id, user=request.user)
    return sittings.finish_if_expired(sitting)


@login_required
def start(request):
    form = StartForm(_start_data(request))
    valid = form.is_valid() if form.is_bound else False
    count = form.cleaned_data["questions"] if valid else exam_guide.QUESTION_COUNT
    pack = form.cleaned_data.get("pack", "") if valid else ""
    plan, _ = sittings.plan_for(request.user, count, pack)
    if request.method == "POST" and valid:
        if plan.total == 0:
            form.add_error(None, "There are no questions with an exam domain to draw from.")
        else:
            sitting = sittings.start(
                request.user, count, form.cleaned_data["minutes"], pack_slug=pack
            )
            return redirect("exam:question", sitting.pk, 1)
    unfinished = Sitting.objects.filter(
        user=request.user, submitted_at__isnull=True, deadline__gt=timezone.now()
    ).first()
    context = {
        "form": form,
        "plan": plan,
        "domains": [
            (n, name, plan.quotas[n], plan.available.get(n, 0), plan.shortfalls.get(n, 0))
            for n, name in exam_guide.DOMAINS.items()
        ],
        "packs": visible_packs(request.user),
        "presets": rules.PRESETS,
        "unfinished": unfinished,
    }
    status = 400 if (form.is_bound and not valid) or form.non_field_errors() else 200
    template = "exam/start.html#plan" if request.htmx else "exam/start.html"
    return render(request, template, context, status=status)


@login_required
def resume(request, sitting_id):
    sitting = _owned(request, sitting_id)
    if sitting.is_finished:
        return redirect("exam:report", sitting.pk)
    return redirect("exam:question", sitting.pk, sitting.current_position)


def _question_context(sitting, item):
    ordered = rules.in_sitting_order(item.question.options.all(), item.option_order)
    rendered = render_question(item.question, ordered, OptionTokens.of_sitting_question(item.pk))
    items = list(sitting.items.only("position", "selected", "flagged"))
    return {
        "sitting": sitting,
        "item": item,
        "rendered": rendered,
        "choose": item.question.correct_count,
        "navigator": items,
        "answered": sum(1 for i in items if i.selected),
        "flagged": sum(1 for i in items if i.flagged),
        "minutes_left": _minutes_left(sitting),
    }


def _minutes_left(sitting):
    seconds = max(0, (sitting.deadline - timezone.now()).total_seconds())
    return -int(-seconds // 60)


@login_required
def question(request, sitting_id, position):
    sitting = _owned(request, sitting_id)
    if sitting.is_finished:
        if request.method == "POST":
            messages.info(request, "Time was up: your sitting was scored as it stood.")
        return _to(request, reverse("exam:report", args=[sitting.pk]))
    item = get_object_or_404(sitting.items.select_related("question"), position=position)
    if request.method == "POST":
        try:
            selected = _selection(request, item)
        except UnknownToken:
            context = _question_context(sitting, item) | {
                "error": "That answer is not one of this question's options. Choose again."
            }
            template = "exam/question.html#area" if request.htmx else "exam/question.html"
            return render(request, template, context, status=200 if request.htmx else 400)
        try:
            sittings.save_answer(sitting, item, selected, request.POST.get("flagged") == "on")
        except (sittings.DeadlinePassed, sittings.SittingClosed):
            messages.info(request, "Time was up: your sitting was scored as it stood.")
            return _to(request, reverse("exam:report", args=[sitting.pk]))
        target = _destination(request.POST.get("go", ""), position, sitting.question_total)
        if target == "submit":
            return _to(request, reverse("exam:submit", args=[sitting.pk]))
        Sitting.objects.filter(pk=sitting.pk).update(current_position=target)
        url = reverse("exam:question", args=[sitting.pk, target])
        if not request.htmx:
            return redirect(url)
        item = sitting.items.select_related("question").get(position=target)
        response = render(request, "exam/question.html#area", _question_context(sitting, item))
        return push_url(response, url)
    if sitting.current_position != position:
        Sitting.objects.filter(pk=sitting.pk).update(current_position=position)
    return render(request, "exam/question.html", _question_context(sitting, item))


@login_required
@require_POST
def save_selection(request, sitting_id, position):
    """
    Store the options chosen so far, on every click, without leaving the question: what a
    learner chose survives a time-out, a reload or a closed tab. The server's clock decides; a
    save after the deadline is refused and the sitting goes to its report.
    """
    sitting = _owned(request, sitting_id)
    if sitting.is_finished:
        return _time_was_up(request, sitting)
    item = get_object_or_404(sitting.items.select_related("question"), position=position)
    try:
        selected = _selection(request, item)
    except UnknownToken:
        return render(
            request,
            "exam/question.html#save-status",
            {"save_error": "That answer is not one of this question's options. Choose again."},
            status=200 if request.htmx else 400,
        )
    try:
        sittings.save_answer(sitting, item, selected, request.POST.get("flagged") == "on")
    except (sittings.DeadlinePassed, sittings.SittingClosed):
        return _time_was_up(request, sitting)
    if not request.htmx:
        return redirect("exam:question", sitting.pk, position)
    item.refresh_from_db()
    context = _question_context(sitting, item) | {"saved_at": timezone.now(), "oob": True}
    return render(request, "exam/question.html#saved", context)


def _time_was_up(request, sitting):
    messages.info(
        request,
        "Time was up: this answer was not saved. "
        "Your sitting was scored as it stood at the deadline.",
    )
    return _to(request, reverse("exam:report", args=[sitting.pk]))


def _to(request, url):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _selection(request, item):
    """The positions of the options posted; UnknownToken if a value is not an option's token."""
    tokens = OptionTokens.of_sitting_question(item.pk)
    # The options as they are now, as the page shows them: an edit may have changed them.
    shown = item.question.options.values_list("position", flat=True)
    return tokens.positions(request.POST.getlist("option"), shown)


def _destination(go, position, total):
    if go == "submit":
        return "submit"
    if go == "previous":
        return max(1, position - 1)
    number = whole_number(go)
    if number is not None and 1 <= number <= total:
        return number
    return min(total, position + 1)


@login_required
def submit(request, sitting_id):
    sitting = _owned(request, sitting_id)
    if sitting.is_finished:
        return redirect("exam:report", sitting.pk)
    if request.method == "POST":
        sittings.finish(sitting)
        return redirect("exam:report", sitting.pk)
    items = list(sitting.items.only("position", "selected", "flagged"))
    return render(
        request,
        "exam/submit.html",
        {
            "sitting": sitting,
            "unanswered": [i.position for i in items if not i.selected],
            "flagged": [i.position for i in items if i.flagged],
            "minutes_left": _minutes_left(sitting),
        },
    )


@login_required
def report(request, sitting_id):
    sitting = _owned(request, sitting_id)
    if not sitting.is_finished:
        return redirect("exam:question", sitting.pk, sitting.current_position)
    show = request.GET.get("show", "all")
    every_row = sittings.report_rows(sitting)
    rows = every_row
    if show == "wrong":
        rows = [row for row in rows if not row["is_right"]]
    elif show == "flagged":
        rows = [row for row in rows if row["item"].flagged]
    page = Paginator(rows, REPORT_PAGE_QUESTIONS).get_page(request.GET.get("page"))
    for row in page:
        row["rendered"] = render_question(row["item"].question, row["options"])
        row["study_link"] = study_link(row["item"].question)
    domains = [
        (int(number), exam_guide.DOMAINS[int(number)], result)
        for number, result in sitting.domain_results.items()
    ]
    return render(
        request,
        "exam/report.html",
        {
            "sitting": sitting,
            "rows": page,
            "show": show,
            "domains": domains,
            "topics": _topic_breakdown(every_row),
            "scaling_note": rules.SCALING_NOTE,
            "time_used": durations.length(sitting.time_used),
            "pass_mark": exam_guide.PASSING_SCALED_SCORE,
        },
    )


def _topic_breakdown(rows):
    """Right / total per topic, weakest first, each with its topic page when there is one."""
    titles = {topic["slug"]: topic["title"] for topic in topic_listing()}
    outcomes = rules.tally((row["item"].question.topic_slug, row["is_right"]) for row in rows)
    breakdown = [
        {
            "title": titles.get(slug) or slug or "No topic",
            "url": reverse("topics:detail", args=[slug]) if slug in titles else "",
            **result,
        }
        for slug, result in outcomes.items()
    ]
    return sorted(breakdown, key=lambda topic: (topic["percent"], topic["title"]))


@login_required
@require_POST
def send_to_review(request, sitting_id):
    sitting = _owned(request, sitting_id)
    sent = sittings.send_wrong_answers_to_review(sitting)
    messages.success(
        request, f"{sent} question{'s' if sent != 1 else ''} added to your review queue."
    )
    return redirect("exam:report", sitting.pk)


@login_required
def history(request):
    finished = Sitting.objects.filter(user=request.user, submitted_at__isnull=False)
    latest = list(finished.order_by("-started_at", "-pk")[:HISTORY_ROWS])
    recent = latest[:TREND_SITTINGS][::-1]
    trend = bars.bar_chart(
        [s.scaled_score or 0 for s in recent],
        [s.started_at.strftime("%d %b") for s in recent],
        title=f"Scaled score of your last {len(recent)} sittings, out of 1000; "
        f"the dashed line is the pass mark, {exam_guide.PASSING_SCALED_SCORE}",
        ceiling=exam_guide.SCALED_SCORE_RANGE[1],
        mark=exam_guide.PASSING_SCALED_SCORE,
    )
    return render(
        request,
        "exam/history.html",
        {
            "sittings": latest,
            "total": finished.count() if len(latest) == HISTORY_ROWS else len(latest),
            "trend": trend if latest else None,
        },
    )
