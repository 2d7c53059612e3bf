from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def health(request):
    """
    Liveness for a load balancer: the process answers, nothing else is touched. It is also the
    'bare Django view' the load benchmark compares the app's pages with.
    """
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """
    Pages link their icon; browsers still ask the root for one on pages without that link (the
    admin's), so the old address points at the static file rather than logging a 404.
    """
    return HttpResponsePermanentRedirect(static("favicon.svg"))
