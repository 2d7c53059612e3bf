from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "studyapp.accounts"
