from django.urls import path

from studyapp.exam import views

app_name = "exam"

urlpatterns = [
    path("exam/", views.start, name="start"),
    path("exam/history/", views.history, name="history"),
    path("exam/<int:sitting_id>/", views.resume, name="resume"),
    path("exam/<int:sitting_id>/<int:position>/", views.question, name="question"),
    path("exam/<int:sitting_id>/<int:position>/save/", views.save_selection, name="save"),
    path("exam/<int:sitting_id>/submit/", views.submit, name="submit"),
    path("exam/<int:sitting_id>/report/", views.report, name="report"),
    path("exam/<int:sitting_id>/to-review/", views.send_to_review, name="to_review"),
]
