from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search: above topics and questions, whose index (topics/queries.py) it reads."""

    name = "studyapp.search"
