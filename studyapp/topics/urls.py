from django.urls import path

from studyapp.topics import views

app_name = "topics"

# The index ("topics:index") counts each topic's questions, so the home app above questions
# draws it; studyapp/urls.py adds it to this namespace.
urlpatterns = [
    path("<slug:slug>/", views.topic_detail, name="detail"),
]
