from django.http import HttpResponse
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


def health(request):
    """
    Liveness for a load balancer: the process answers, nothing else is touched. It is also the
    'bare Django view' the load benchmark compares the app's pages with.
    """
    return HttpResponse("ok", content_type="text/plain")
