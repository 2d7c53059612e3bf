"""
The pages that bring several capabilities together, so they sit above all of them: the home
page, and the topics index with how many questions each topic has.
"""

from django.shortcuts import render
from django.utils import timezone

from studyapp import exam_guide
from studyapp.home import dashboard
from studyapp.questions.practice import topic_question_counts
from studyapp.topics.models import Topic


def home(request):
    """A signed-in learner's own home (dashboard.py); a visitor's introduction to the site."""
    if request.user.is_authenticated:
        return render(request, "home/learner.html", dashboard.collect(request.user, timezone.now()))
    topics = Topic.objects.only("slug", "title", "summary", "order")[:6]
    return render(
        request,
        "topics/home.html",
        {
            "topics": topics,
            "domains": [
                (n, name, exam_guide.DOMAIN_WEIGHTS[n]) for n, name in exam_guide.DOMAINS.items()
            ],
            "exam": exam_guide,
        },
    )


def topic_index(request):
    """Every topic with how many practice questions the visitor can answer on it."""
    topics = Topic.objects.only("slug", "title", "order", "summary", "domains", "related_sim")
    counts = topic_question_counts(request.user)
    return render(
        request,
        "topics/index.html",
        {"topics": [(topic, counts.get(topic.slug, 0)) for topic in topics]},
    )
