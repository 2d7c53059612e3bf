from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from studyapp.core.numbers import whole_number
from studyapp.dva import DOMAINS
from studyapp.questions import practice
from studyapp.questions.rendering import render_question
from studyapp.topics.loading import section_titles, topic_listing
from studyapp.topics.models import Topic


def practice_index(request):
    form = practice.PracticeFilter(request.GET or None)
    questions = practice.visible_questions(request.user)
    counts = practice.filter_counts(questions)
    topics = Topic.objects.only("slug", "title", "order")
    status = 400 if request.GET and not form.is_valid() else 200
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
        },
        status=status,
    )


def practice_next(request):
    form = practice.PracticeFilter(request.GET)
    if not form.is_valid():
        return practice_index(request)
    url = practice.next_question(
        practice.visible_pack_ids(request.user),
        form.cleaned_data,
        practice.Learner.from_request(request),
        after_id=whole_number(request.GET.get("after", "")),
    )
    if url is None:
        return render(request, "questions/none_left.html", {"form": form}, status=404)
    query = form.query_string()
    return redirect(url + (f"?{query}" if query else ""))


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def question_detail(request, pack, qid):
    """
    The question's permalink. GET shows it; POST grades the answer and shows the reveal: the
    reveal fragment alone for htmx, the whole page otherwise (no JavaScript needed).
    """
    question = practice.active_question_at(practice.visible_pack_ids(request.user), pack, qid)
    if question is None:
        raise Http404("No question you can see has that address.")
    learner = practice.Learner.from_request(request, create_session=request.method == "POST")
    tokens, options = practice.show(question, request.POST.get("showing"))
    rendered = render_question(question, options, tokens)
    filter_form = practice.PracticeFilter(request.GET)
    query = filter_form.query_string() if filter_form.is_valid() else ""
    context = {
        "question": question,
        "rendered": rendered,
        "query": query,
        "choose": question.correct_count,
        "tokens": tokens,
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
    context |= {
        "revealed": True,
        "selected": selected,
        "is_correct": is_correct,
        "study_link": study_link(question),
    }
    template = "questions/question.html#card" if request.htmx else "questions/question.html"
    return render(request, template, context)


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
