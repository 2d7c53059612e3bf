import time
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from studyapp.charts import bars
from studyapp.core.numbers import whole_number
from studyapp.questions import generated, practice, practice_sets, queries
from studyapp.questions.rendering import render_question
from studyapp.questions.views import learners_set, study_link
from studyapp.review import actions, durations, planning, scheduling, stats
from studyapp.review.forms import StudySettingsForm
from studyapp.review.models import Card
from studyapp.review.queue import NextItem, Queue, settings_for

SUGGESTED_RATING = {True: 3, False: 1}
# The 'done' page looks again when the next learning card comes within the learn-ahead limit:
# never more often than this, so a card due in a second costs one request, not a stream, and
# at least this often, so a computer woken from sleep catches up.
SHORTEST_REFRESH_SECONDS = 10
LONGEST_REFRESH_SECONDS = 15 * 60


def _template(request):
    return "review/session.html#area" if request.htmx else "review/session.html"


def _question_context(question, showing_id=None):
    """A generated skill shows a fresh instance, or the one its answer form names."""
    extra = {}
    if question.generator:
        tokens, options, rendered, drawn = generated.show(question, showing_id)
        extra |= {"generated_try_it": drawn.try_it_url, "generated_simulator": drawn.simulator}
    else:
        tokens, options = practice.show(question, showing_id)
        rendered = render_question(question, options, tokens)
    return (
        tokens,
        options,
        {
            "question": question,
            "rendered": rendered,
            "choose": question.correct_count,
            "tokens": tokens,
            **extra,
        },
    )


def _session_context(request, queue, pinned_card=None):
    """The next card (or the pinned one), which the queue guarantees is studiable now."""
    item = _pinned_item(pinned_card) if pinned_card is not None else queue.next_item()
    context = {"counts": queue.counts(), "shown_at": int(time.time() * 1000)}
    if item is None:
        return context | _done_context(queue)
    question = queries.studiable_question(queue.visible_pack_ids(), item.question_id)
    if question is None:  # its pack was removed since the queue was read
        raise Http404("That question is no longer available.")
    *_, question_context = _question_context(question)
    return context | question_context | {"item": item}


def _done_context(queue):
    """When the next card is due, in words, and when the page should look for it again."""
    context = {"next_due": queue.next_due()}
    if context["next_due"] is not None:
        zone = ZoneInfo(queue.settings.time_zone)
        context["next_due_words"] = durations.until(context["next_due"], queue.now, zone)
    look_again = queue.next_learning_today()
    if look_again is not None:
        wait = durations.seconds_until(look_again, queue.now)
        context["refresh_seconds"] = min(
            max(wait, SHORTEST_REFRESH_SECONDS), LONGEST_REFRESH_SECONDS
        )
    return context


@login_required
def session(request):
    """The review session: the next card, or 'done for today' with when the next is due."""
    queue = Queue(request.user)
    card_id = whole_number(request.GET.get("card", ""))
    pinned = queue.studiable(card_id) if card_id is not None else None
    return render(request, _template(request), _session_context(request, queue, pinned))


def _pinned_item(card):
    kind = "new" if card.state == scheduling.NEW else scheduling.STATE_NAMES[card.state]
    return NextItem(card.question_id, card.pk, kind)


@login_required
@require_POST
def answer(request):
    """Grade the answer, then show the reveal with the four rating buttons and their intervals."""
    question_id = whole_number(request.POST.get("question", ""))
    if question_id is None:
        return HttpResponseBadRequest("The answer form is missing its question.")
    queue = Queue(request.user)
    question = queries.studiable_question(queue.visible_pack_ids(), question_id)
    if question is None:
        raise Http404("No question you can study has that id.")
    tokens, options, context = _question_context(question, request.POST.get("showing"))
    selected, error = practice.read_selection(request.POST, question, tokens, options)
    if error:
        context |= {"error": error, "counts": queue.counts(), "shown_at": _shown_at(request)}
        context["item"] = _pinned_item(actions.card_for(request.user, question))
        return render(request, _template(request), context, status=200 if request.htmx else 400)

    card = actions.card_for(request.user, question)
    is_correct = practice.grade(options, selected)
    learner = practice.Learner.from_request(request)
    practice.record_attempt(question, learner, selected, is_correct)
    scheduler = scheduling.build_scheduler(queue.settings.scheduler_settings())
    intervals = scheduling.preview(card.scheduling_state, queue.now, scheduler)
    suggested = SUGGESTED_RATING[is_correct]
    context |= {
        "counts": queue.counts(),
        "item": _pinned_item(card),
        "card": card,
        "revealed": True,
        "selected": selected,
        "is_correct": is_correct,
        "study_link": study_link(question),
        "duration_ms": max(0, int(time.time() * 1000) - _shown_at(request)),
        "ratings": [
            {
                "value": value,
                "label": label,
                "interval": scheduling.format_interval(intervals[value]),
                "suggested": value == suggested,
            }
            for value, label in scheduling.RATINGS.items()
        ],
    }
    return render(request, _template(request), context)


def _shown_at(request):
    shown_at = whole_number(request.POST.get("shown_at", ""))
    return shown_at if shown_at is not None else int(time.time() * 1000)


@login_required
@require_POST
def rate(request):
    values = {
        name: whole_number(request.POST.get(name, "")) for name in ("card", "version", "rating")
    }
    if None in values.values():
        return HttpResponseBadRequest("The rating form is incomplete.")
    rating = values["rating"]
    if rating not in scheduling.RATINGS:
        return HttpResponseBadRequest("A rating is 1 (Again) to 4 (Easy).")
    # The time taken is a hint, clamped when stored; an unreadable one counts as unknown (0).
    duration = whole_number(request.POST.get("duration_ms", ""), largest=None) or 0
    queue = Queue(request.user)
    scheduler = scheduling.build_scheduler(queue.settings.scheduler_settings())
    try:
        actions.rate_card(
            request.user,
            values["card"],
            values["version"],
            rating,
            duration,
            scheduler,
            now=queue.now,
        )
    except Card.DoesNotExist:
        raise Http404("No such card.") from None
    if not request.htmx:
        return redirect("review:session")
    return render(request, _template(request), _session_context(request, queue.for_next_card()))


@login_required
@require_POST
def undo(request):
    card = actions.undo_last_rating(request.user)
    target = reverse("review:session") + (f"?card={card.pk}" if card else "")
    if not request.htmx or card is None:
        return redirect(target)
    queue = Queue(request.user)
    pinned = queue.studiable(card.pk)
    return render(request, _template(request), _session_context(request, queue, pinned))


@login_required
def leeches(request):
    cards = (
        Card.objects.filter(user=request.user, is_leech=True)
        .select_related("question__pack")
        .order_by("-lapses")
    )
    rows = [{"card": card, "study_link": study_link(card.question)} for card in cards]
    return render(request, "review/leeches.html", {"rows": rows})


@login_required
@require_POST
def unsuspend(request, card_id):
    if not actions.unsuspend(request.user, card_id):
        raise Http404("No suspended card of yours has that id.")
    return redirect("review:leeches")


@login_required
def study_settings(request):
    settings = settings_for(request.user)
    form = StudySettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("review:session")
    status = 400 if request.method == "POST" else 200
    # The saved settings, not the form's unsaved ones: what today's queue uses.
    queue = Queue(request.user, settings=settings_for(request.user))
    plan = planning.study_plan(queue)
    context = {
        "form": form,
        "saved": queue.settings,
        "new_limit": queue.new_limit(),
        "limit_from_plan": plan is not None and plan.days_left > 0 and queue.settings.follows_plan,
        "plan": plan,
    }
    return render(request, "review/settings.html", context, status=status)


@login_required
def statistics(request):
    """
    The statistics page without readiness: progress.views.statistics serves /stats/ and adds it,
    which is why this answers a TemplateResponse, rendered once the context is complete.
    """
    settings = settings_for(request.user)
    data = stats.collect(request.user, settings, timezone.now())
    forecast_chart = bars.bar_chart(
        [count for _, count in data["forecast"]],
        [day.strftime("%d %b") for day, _ in data["forecast"]],
        title="Cards due each day for the next 30 days",
    )
    calendar_chart = bars.calendar_heatmap(
        data["calendar"], title="Reviews per day over the last year"
    )
    return TemplateResponse(
        request,
        "review/stats.html",
        data
        | {
            "forecast_chart": forecast_chart,
            "calendar_chart": calendar_chart,
            "calendar_total": sum(count for _, count in data["calendar"]),
            "calendar_active_days": sum(1 for _, count in data["calendar"] if count),
            "plan": planning.study_plan(Queue(request.user, settings)),
        },
    )


@login_required
@require_POST
def send_missed_practice(request, set_id):
    """The set's missed questions join the learner's review queue; no review is recorded."""
    practice_set = learners_set(request, set_id)
    summary, questions = practice_sets.summary(practice_set)
    missed = [questions[question_id] for question_id in summary.missed if question_id in questions]
    sent = actions.send_to_review(request.user, missed)
    messages.success(
        request, f"{sent} question{'s' if sent != 1 else ''} added to your review queue."
    )
    return redirect("questions:set_summary", practice_set.pk)
