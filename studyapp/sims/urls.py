from django.urls import path

from studyapp.sims import api, views

app_name = "sims"

urlpatterns = [
    path("sims/", views.index, name="index"),
    path("api/sims/<slug:name>", api.simulate, name="api"),
]
