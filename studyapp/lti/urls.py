from django.urls import path

from studyapp.lti import views

app_name = "lti"

urlpatterns = [
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("canvas.json", views.canvas_configuration, name="canvas_configuration"),
    path("deep-link/", views.deep_link, name="deep_link"),
    path("enter/", views.enter, name="enter"),
    path("links/<int:linked_id>/", views.start, name="start"),
]
