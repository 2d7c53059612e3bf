from django.urls import path

from studyapp.questions import anki_views, instructor_views, views

app_name = "questions"

urlpatterns = [
    path("practice/", views.practice_index, name="practice"),
    path("practice/sets/", views.start_set, name="start_set"),
    path("practice/sets/<int:set_id>/<int:position>/", views.set_step, name="set_step"),
    path("practice/sets/<int:set_id>/summary/", views.set_summary, name="set_summary"),
    path("practice/sets/<int:set_id>/retry/", views.retry_missed, name="retry_missed"),
    path("questions/<slug:pack>/<slug:qid>/", views.question_detail, name="detail"),
    path(
        "questions/<slug:pack>/<slug:qid>/bookmark/",
        views.toggle_bookmark,
        name="toggle_bookmark",
    ),
    path("packs/", instructor_views.my_packs, name="my_packs"),
    path("packs/upload/", instructor_views.upload, name="upload"),
    path(
        "packs/upload/<int:upload_id>/confirm/",
        instructor_views.confirm_upload,
        name="confirm_upload",
    ),
    path("packs/format/", instructor_views.pack_format, name="pack_format"),
    path("packs/<slug:slug>/public/", instructor_views.set_public, name="set_public"),
    # A pack's own page sits under questions/, so no slug can shadow packs/upload/ or format/.
    path("packs/<slug:slug>/questions/", instructor_views.pack_detail, name="pack_detail"),
    path("packs/<slug:slug>/rename/", instructor_views.rename_pack, name="rename_pack"),
    path("packs/<slug:slug>/delete/", instructor_views.delete_pack, name="delete_pack"),
    path("packs/<slug:slug>/export.md", instructor_views.export_pack_file, name="export_pack"),
    path("packs/<slug:slug>/anki/", anki_views.pack_anki, name="anki"),
    path("packs/<slug:slug>/anki/<int:part>.apkg", anki_views.pack_download, name="anki_pack"),
]
