from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _repair_search_index(using, **kwargs):
    from studyapp.topics import index

    index.repair(connections[using])


class TopicsConfig(AppConfig):
    name = "studyapp.topics"

    def ready(self):
        # After every migrate: a later migration of a source table may have dropped the
        # index's triggers (see index.repair).
        post_migrate.connect(_repair_search_index, sender=self)
