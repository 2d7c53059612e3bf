from django.utils.cache import patch_cache_control


class PrivatePagesNotStored:
    """
    Marks every response a signed-in visitor gets `Cache-Control: no-store, private`: on a shared
    classroom computer the browser must keep no one's review, exam report, statistics, class
    roster, settings or CSV export for the next person to find through Back or its cache.
    Anonymous visitors' pages (the cached topic pages among them) keep their caching. A response
    made without reading the session cannot depend on who is signed in, so the user is not
    loaded just to ask.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.session.accessed and request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
