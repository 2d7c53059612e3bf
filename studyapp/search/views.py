from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from studyapp.search.search import TooManyWords, clean_query, site_search


@vary_on_headers("HX-Request")
def search(request):
    """The results page, or for htmx only the results; a 400 naming the limit past it."""
    query = clean_query(request.GET.get("q", ""))
    try:
        hits, error = site_search(query, request.user), ""
    except TooManyWords as too_many:
        hits, error = [], str(too_many)
    template = "search/search.html#results" if request.htmx else "search/search.html"
    context = {"query": query, "hits": hits, "error": error}
    return render(request, template, context, status=400 if error else 200)
