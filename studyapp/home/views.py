"""
The pages that bring several capabilities together, so they sit above all of them: the home
page, and the topics index with how many questions each topic has.
"""

from django.shortcuts import render

from studyapp import exam_guide
from studyapp.questions.practice import topic_question_counts
from studyapp.topics.models import Topic


def home(request):
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
