from django.contrib import admin
from django.urls import include, path

from studyapp.core import views as core_views
from studyapp.search import views as search_views
from studyapp.topics import views as topic_views

urlpatterns = [
    path("", topic_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("topics/", include("studyapp.topics.urls")),
    path("search/", search_views.search, name="search"),
    path("", include("studyapp.questions.urls")),
    path("", include("studyapp.review.urls")),
    path("", include("studyapp.exam.urls")),
    path("", include("studyapp.classroom.urls")),
    path("", include("studyapp.sims.urls")),
    path("", include("studyapp.accounts.urls")),
    path("admin/", admin.site.urls),
]
