from django.contrib import admin
from django.urls import include, path

from studyapp.core import views as core_views
from studyapp.home import views as home_views
from studyapp.progress import views as progress_views
from studyapp.review import urls as review_urls
from studyapp.search import views as search_views
from studyapp.topics import urls as topic_urls

# The topics namespace: the index is the home app's (it counts questions), the pages are topics'.
topic_patterns = [path("", home_views.topic_index, name="index"), *topic_urls.urlpatterns]
# The review namespace: the statistics page is progress's (it adds readiness), the rest review's.
review_patterns = [
    *review_urls.urlpatterns,
    path("stats/", progress_views.statistics, name="stats"),
]

urlpatterns = [
    path("", home_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    # Pages link their icon; this answers browsers and pages (the admin's) that ask the root.
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("topics/", include((topic_patterns, topic_urls.app_name))),
    path("search/", search_views.search, name="search"),
    path("", include("studyapp.questions.urls")),
    path("", include((review_patterns, review_urls.app_name))),
    path("", include("studyapp.exam.urls")),
    path("", include("studyapp.classroom.urls")),
    path("", include("studyapp.sims.urls")),
    path("", include("studyapp.accounts.urls")),
    path("", include("studyapp.privacy.urls")),
    path("lti/", include("studyapp.lti.urls")),
    path("admin/", admin.site.urls),
]
