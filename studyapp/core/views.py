from django.shortcuts import render

from studyapp import dva
from studyapp.topics.models import Topic


def home(request):
    topics = Topic.objects.only("slug", "title", "summary", "order")[:6]
    return render(
        request,
        "core/home.html",
        {
            "topics": topics,
            "domains": [(n, name, dva.DOMAIN_WEIGHTS[n]) for n, name in dva.DOMAINS.items()],
            "exam": dva,
        },
    )
