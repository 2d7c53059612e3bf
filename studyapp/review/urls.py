from django.urls import path

from studyapp.review import anki_views, views

app_name = "review"

urlpatterns = [
    path("review/", views.session, name="session"),
    path("review/answer/", views.answer, name="answer"),
    path("review/rate/", views.rate, name="rate"),
    path("review/undo/", views.undo, name="undo"),
    path("review/leeches/", views.leeches, name="leeches"),
    path("review/leeches/<int:card_id>/unsuspend/", views.unsuspend, name="unsuspend"),
    path("review/settings/", views.study_settings, name="settings"),
    path("review/anki/", anki_views.review_cards_anki, name="anki"),
    path("review/anki/<int:part>.apkg", anki_views.review_cards_download, name="anki_cards"),
    path(
        "practice/sets/<int:set_id>/send-missed/",
        views.send_missed_practice,
        name="send_missed_practice",
    ),
]
