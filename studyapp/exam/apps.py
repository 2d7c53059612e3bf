from django.apps import AppConfig


class ExamConfig(AppConfig):
    name = "studyapp.exam"
