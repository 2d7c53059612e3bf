from django.http import HttpResponse


def health(request):
    """
    Liveness for a load balancer: the process answers, nothing else is touched. It is also the
    'bare Django view' the load benchmark compares the app's pages with.
    """
    return HttpResponse("ok", content_type="text/plain")
