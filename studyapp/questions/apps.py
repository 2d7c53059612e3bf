from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "studyapp.questions"
