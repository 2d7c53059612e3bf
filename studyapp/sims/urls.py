from django.urls import path, re_path

from studyapp.sims import api, generated_views, views

app_name = "sims"

urlpatterns = [
    path("sims/", views.index, name="index"),
    path("sims/fargate/", views.fargate, name="fargate"),
    path("sims/capacity/", views.capacity, name="capacity"),
    path("sims/rolling/", views.rolling, name="rolling"),
    path("sims/bluegreen/", views.bluegreen, name="bluegreen"),
    path("sims/placement/", views.placement, name="placement"),
    path("sims/placement/scenario.json", views.placement_download, name="placement_download"),
    path("practice/generated/", generated_views.index, name="generated_index"),
    path("practice/generated/<slug:name>/", generated_views.question, name="generated_question"),
    path(
        "practice/generated/<slug:name>/review/",
        generated_views.add_to_review,
        name="generated_add_to_review",
    ),
    path("api/sims/schema/<slug:name>", api.schema, name="api_schema"),
    path("api/sims/<slug:name>", api.simulate, name="api"),
    re_path(r"^api/(?P<rest>.*)$", api.not_found, name="api_not_found"),
]
