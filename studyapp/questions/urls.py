from django.urls import path

from studyapp.questions import views

app_name = "questions"

urlpatterns = [
    path("practice/", views.practice_index, name="practice"),
    path("practice/next/", views.practice_next, name="next"),
    path("questions/<slug:pack>/<slug:qid>/", views.question_detail, name="detail"),
]
