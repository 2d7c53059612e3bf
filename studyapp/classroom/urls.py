from django.urls import path

from studyapp.classroom import views

app_name = "classroom"

urlpatterns = [
    path("join/", views.join, name="join"),
    path(
        "questions/<slug:pack>/<slug:qid>/statistics/",
        views.question_statistics,
        name="question_statistics",
    ),
    path("classes/", views.classes, name="classes"),
    path("classes/new/", views.create, name="create"),
    path("classes/<int:classroom_id>/", views.detail, name="detail"),
    path("classes/<int:classroom_id>/roster.csv", views.roster_csv, name="roster_csv"),
    path("classes/<int:classroom_id>/code/", views.regenerate_code, name="regenerate_code"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/remove/",
        views.remove_student,
        name="remove_student",
    ),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/reset-link/",
        views.issue_reset_link,
        name="issue_reset_link",
    ),
    path("classes/<int:classroom_id>/assignments/new/", views.new_assignment, name="assign"),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/",
        views.analysis,
        name="analysis",
    ),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/practise/",
        views.practise_assignment,
        name="practise_assignment",
    ),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/items.csv",
        views.analysis_csv,
        name="analysis_csv",
    ),
]
