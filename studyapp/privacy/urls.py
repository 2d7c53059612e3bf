from django.urls import path

from studyapp.privacy import views

app_name = "privacy"

urlpatterns = [
    path("accounts/data/", views.my_data, name="my_data"),
    path("accounts/data/export.json", views.export_json, name="export_json"),
    path("accounts/data/export.zip", views.export_csv, name="export_csv"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
