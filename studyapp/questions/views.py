from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from studyapp.core.numbers import LARGEST_STORED, whole_number
from studyapp.core.ratelimit import per_user_or_address, rate_limit
from studyapp.exam_guide import DOMAINS
from studyapp.questions import bookmarks, practice, practice_sets, queries
from studyapp.questions.rendering import render_question
from studyapp.topics.loading import section_titles, topic_listing
from studyapp.topics.models import Topic


def practice_index(request, form=None):
    form = form or practice.PracticeFilter(request.GET or None)
    questions = practice.visible_questions(request.user)
    counts = practice.filter_counts(questions)
    topics = Topic.objects.only("slug", "title", "order")
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "questions/practice.html",
        {
            "form": form,
            "counts": counts,
            "packs": [
                (pack, counts["pack"].get(pack.slug, 0))
                for pack in practice.visible_packs(request.user)
            ],
            "topics": [(t, counts["topic"].get(t.slug, 0)) for t in topics],
            "domains": [(n, name, counts["domain"].get(n, 0)) for n, name in DOMAINS.items()],
            "tags": counts["tag"].items(),
            "max_set_size": practice_sets.MAX_SET_SIZE,
        },
        status=status,
    )


@require_POST
@rate_limit(120, 60 * 60, per_user_or_address, describe="practice sets started")
def start_set(request):
    """
    Start a set of the questions the filter chooses, fixed now, and go to its first. `after`, a
    question just answered on its own page, goes last.
    """
    form = practice.PracticeFilter(request.POST)
    if not form.is_valid():
        return practice_index(request, form)
    learner = practice.Learner.from_request(request, create_session=True)
    pack_ids = queries.visible_pack_ids(request.user)
    title = practice_sets.describe(
        form.cleaned_data,
        dict(practice.visible_packs(request.user).values_list("slug", "title")),
        {row["slug"]: row["title"] for row in topic_listing()},
    )
    practice_set, overflowed = practice_sets.start(
        learner,
        pack_ids,
        form.cleaned_data,
        title,
        after_id=whole_number(request.POST.get("after", "")),
    )
    if practice_set is None:
        return render(request, "questions/none_left.html", {"form": form}, status=404)
    if overflowed:
        messages.info(
            request,
            f"Your choice matches more than {practice_sets.MAX_SET_SIZE} questions; a set holds "
            "at most "
            f"{practice_sets.MAX_SET_SIZE}, so this one has the first "
            f"{practice_sets.MAX_SET_SIZE}. Finish it and start another for the rest.",
        )
    return redirect(practice_sets.step_url(practice_set, 0, pack_ids))


def set_step(request, set_id, position):
    """The set's question at `position` (or the next one still in use), or its summary."""
    practice_set = learners_set(request, set_id)
    return redirect(
        practice_sets.step_url(practice_set, position, queries.visible_pack_ids(request.user))
    )


def set_summary(request, set_id):
    practice_set = learners_set(request, set_id)
    summary, questions = practice_sets.summary(practice_set)
    topics = {row["slug"]: row["title"] for row in topic_listing()}
    return render(
        request,
        "questions/set_summary.html",
        {
            "practice_set": practice_set,
            "summary": summary,
            "topics": [(topics.get(row.topic, row.topic), row) for row in summary.topics],
            "missed": [
                (questions[question_id], question_id in summary.skipped)
                for question_id in summary.missed
                if question_id in questions
            ],
        },
    )


@require_POST
@rate_limit(120, 60 * 60, per_user_or_address, describe="practice sets started")
def retry_missed(request, set_id):
    practice_set = learners_set(request, set_id)
    retry = practice_sets.retry_missed(practice.Learner.from_request(request), practice_set)
    if retry is None:
        return redirect("questions:set_summary", practice_set.pk)
    return redirect(practice_sets.step_url(retry, 0, queries.visible_pack_ids(request.user)))


def learners_set(request, set_id):
    """The visitor's practice set with this number, or a 404 that reveals no one else's."""
    if set_id > LARGEST_STORED:
        raise Http404("You have no practice set with that number.")
    practice_set = practice_sets.of_learner(practice.Learner.from_request(request), set_id)
    if practice_set is None:
        raise Http404("You have no practice set with that number.")
    return practice_set


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def question_detail(request, pack, qid):
    """
    The question's permalink. GET shows it; POST grades the answer and shows the reveal: the
    reveal fragment alone for htmx, the whole page otherwise (no JavaScript needed).
    """
    question = queries.active_question_at(queries.visible_pack_ids(request.user), pack, qid)
    if question is None:
        raise Http404("No question you can see has that address.")
    learner = practice.Learner.from_request(request, create_session=request.method == "POST")
    tokens, options = practice.show(question, request.POST.get("showing"))
    rendered = render_question(question, options, tokens)
    practice_set = practice_sets.of_learner(learner, whole_number(request.GET.get("set", "")))
    position = practice_sets.position_of(practice_set, question.pk) if practice_set else None
    if position is None:
        practice_set = None
    context = {
        "question": question,
        "rendered": rendered,
        "choose": question.correct_count,
        "tokens": tokens,
        "practice_set": practice_set,
        "position": position,
        "bookmarked": bookmarks.is_bookmarked(request.user, question),
        "shows_item_statistics": question.pack.shows_item_statistics_to(request.user),
    }
    if request.method == "GET":
        return render(request, "questions/question.html", context)

    selected, error = practice.read_selection(request.POST, question, tokens, options)
    if error:
        context["error"] = error
        template = "questions/question.html#card" if request.htmx else "questions/question.html"
        return render(request, template, context, status=200 if request.htmx else 400)

    is_correct = practice.grade(options, selected)
    practice.record_attempt(question, learner, selected, is_correct)
    if practice_set is not None:
        context["practice_set"] = practice_sets.record_first_answer(
            practice_set, question.pk, is_correct
        )
    context |= {
        "revealed": True,
        "selected": selected,
        "is_correct": is_correct,
        "study_link": study_link(question),
        "more_like_this": None if practice_set else more_like_this(question),
    }
    template = "questions/question.html#card" if request.htmx else "questions/question.html"
    return render(request, template, context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def toggle_bookmark(request, pack, qid):
    """Star or unstar the question: the star alone for htmx, back to the question otherwise."""
    question = queries.active_question_at(queries.visible_pack_ids(request.user), pack, qid)
    if question is None:
        raise Http404("No question you can see has that address.")
    bookmarked = bookmarks.toggle(request.user, question)
    if request.htmx:
        return render(
            request,
            "questions/_bookmark.html",
            {"question": question, "bookmarked": bookmarked, "back": request.POST.get("back")},
        )
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = question.get_absolute_url()
    return redirect(back)


def more_like_this(question):
    """
    A question answered on its own page (from search, a bookmark, a report) leads on to a set of
    its topic's questions, or its pack's when its topic has no page: a practice that ends.
    """
    topics = {row["slug"]: row["title"] for row in topic_listing()}
    if question.topic_slug in topics:
        return {
            "field": "topic",
            "value": question.topic_slug,
            "label": topics[question.topic_slug],
        }
    return {"field": "pack", "value": question.pack.slug, "label": question.pack.title}


def study_link(question):
    """
    Where the topic library teaches this question: the section if known, else the page. Read
    from the cached topic listing and headings, so a reveal pays no query for it.
    """
    if not question.topic_slug:
        return None
    topic = next((row for row in topic_listing() if row["slug"] == question.topic_slug), None)
    if topic is None:
        return None
    section = section_titles(topic).get(question.topic_anchor, "") if question.topic_anchor else ""
    url = reverse("topics:detail", args=[topic["slug"]]) + (
        f"#{question.topic_anchor}" if section else ""
    )
    return {"url": url, "topic": topic["title"], "section": section}
